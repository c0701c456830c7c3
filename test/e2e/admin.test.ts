import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../catalog/roles.ts';
import { as, TEST_TOKENS } from '../support/accounts.ts';
import { browserTestsCanRun, SCREENSHOTS, servedClient, waitForMap } from '../support/browser.ts';
import { writer } from '../support/write-client.ts';

/** An instant as a clock in China reads it, worked out apart from the client's own formatting. */
const chinaClock = (iso: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
};

describe.runIf(browserTestsCanRun())('the administrator’s tool in a browser: staff accounts and the audit', () => {
  const served = servedClient();
  const send = (method: string, path: string, body?: unknown, role: Role = 'admin', headers = {}) =>
    writer(served.origin)(method, path, body, { ...as(role), 'content-type': 'application/json', ...headers });
  const userNamed = async (username: string) =>
    (await send('GET', '/users')).body.users.find((u: { username: string }) => u.username === username);

  /** A page signed in as `role` showing only the township outlines; the questions it asked are kept. */
  const openAs = async (role: Role, query = '?tool=admin&l=admin_areas') => {
    const page = await served.browser.newPage({ viewport: { width: 1280, height: 800 } });
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await page.addInitScript((token) => sessionStorage.setItem('onemap.token', token), TEST_TOKENS[role]);
    await page.goto(`${served.origin}/${query}`);
    await waitForMap(page);
    return { page, asked };
  };
  const panel = (page: Page) => page.locator('section[data-tool=admin]');
  const row = (page: Page, username: string) => panel(page).locator(`tr.user[data-user="${username}"]`);
  const actions = (page: Page, username: string) => panel(page).locator(`tr.user-actions[data-user="${username}"]`);

  it.each(['zh', 'en'])(
    'opens on its tab, in view whole, with no tab cut at the edges of the strip (%s)',
    async (lang) => {
      const { page } = await openAs('admin', `?tool=admin&l=admin_areas&lang=${lang}`);
      await row(page, 'admin').waitFor();
      const strip = await page.locator('.tool-tabs').boundingBox();
      const tabs = await page.locator('.tool-tabs button').evaluateAll((buttons) =>
        buttons.map((b) => {
          const { left, right } = b.getBoundingClientRect();
          return { tool: (b as HTMLElement).dataset.tool, left, right, selected: b.getAttribute('aria-selected') };
        }),
      );
      const [from, to] = [strip?.x ?? 0, (strip?.x ?? 0) + (strip?.width ?? 0)];
      const whole = (tab: { left: number; right: number }) => tab.left >= from - 1 && tab.right <= to + 1;
      const gone = (tab: { left: number; right: number }) => tab.right <= from + 1 || tab.left >= to - 1;
      expect(tabs.find((tab) => tab.selected === 'true')?.tool).toBe('admin');
      expect(whole(tabs.find((tab) => tab.tool === 'admin') as { left: number; right: number })).toBe(true);
      expect(tabs.filter((tab) => !whole(tab) && !gone(tab)).map((tab) => tab.tool)).toEqual([]);
      // The strip is scrolled (the administrator has more tabs than fit), not all of it in view.
      expect(tabs.filter(gone).length).toBeGreaterThan(0);
      await page.screenshot({
        path: `${SCREENSHOTS}/admin-tabs-${lang}.png`,
        clip: { x: 0, y: 0, width: 640, height: 200 },
      });
      await page.close();
    },
  );

  it('refuses a short password at its field and creates nobody, then adds the user, lists them and refuses the name twice', async () => {
    const { page } = await openAs('admin');
    await row(page, 'admin').waitFor();
    expect(await row(page, 'admin').locator('td').allTextContents()).toEqual([
      'admin',
      '测试admin',
      '系统管理员',
      '启用',
    ]);
    expect(await page.locator('#user-role option').allTextContents()).toEqual([
      '值班应急人员',
      '规划编辑',
      '审核发布',
      '系统管理员',
    ]);

    const fill = async (password: string) => {
      await page.locator('#user-username').fill('li.ming');
      await page.locator('#user-display-name').fill('李明');
      await page.locator('#user-role').selectOption('planner');
      await page.locator('#user-password').fill(password);
      await page.locator('.add-user-form button[type=submit]').click();
    };
    await fill('short');
    const passwordNote = panel(page).locator('.add-user-form .field-error[data-field=password]');
    await passwordNote.waitFor();
    expect(await passwordNote.textContent()).toBe('密码至少需要10个字符');
    expect(await userNamed('li.ming')).toBeUndefined();

    await fill('li-ming-password-2026');
    await row(page, 'li.ming').waitFor();
    expect(await row(page, 'li.ming').locator('td').allTextContents()).toEqual(['li.ming', '李明', '规划编辑', '启用']);
    expect(await panel(page).locator('.add-user-form .form-message').textContent()).toBe('已新增用户 li.ming');
    expect(await passwordNote.textContent()).toBe('');
    expect(await userNamed('li.ming')).toMatchObject({ display_name: '李明', role: 'planner', active: true });

    // The server's refusal, at the field it names and in the reader's language.
    await fill('another-password-2026');
    const usernameNote = panel(page).locator('.add-user-form .field-error[data-field=username]');
    await usernameNote.waitFor();
    expect(await usernameNote.textContent()).toBe('该用户名已被使用');
    expect(await panel(page).locator('tr.user').count()).toBe(5);
    await page.close();
  });

  it('makes the user a publisher, disables them once asked, and shows why the last administrator stays one', async () => {
    const { page, asked } = await openAs('admin');
    await row(page, 'li.ming').locator('button').click();
    await page.locator('[id="user-role-li.ming"]').selectOption('publisher');
    await actions(page, 'li.ming').locator('.user-role button[type=submit]').click();
    await row(page, 'li.ming').locator('td', { hasText: '审核发布' }).waitFor();
    expect(await actions(page, 'li.ming').locator('.form-message').textContent()).toBe('li.ming 的角色已改为审核发布');
    expect((await userNamed('li.ming')).role).toBe('publisher');

    await actions(page, 'li.ming').locator('.user-toggle', { hasText: '停用' }).click();
    await panel(page).locator('tr.user.inactive[data-user="li.ming"]').waitFor();
    expect(asked).toEqual(['确定停用 li.ming?停用后该用户立即退出,且不能再登录。']);
    expect(await row(page, 'li.ming').locator('.user-status').textContent()).toBe('已停用');
    expect(await actions(page, 'li.ming').locator('.user-toggle').textContent()).toBe('启用');
    expect((await userNamed('li.ming')).active).toBe(false);

    // A new password is checked before it is sent.
    await page.locator('[id="user-password-li.ming"]').fill('too-short');
    await actions(page, 'li.ming').locator('.user-password button[type=submit]').click();
    expect(await actions(page, 'li.ming').locator('.field-error[data-field=password]').textContent()).toBe(
      '密码至少需要10个字符',
    );

    // The test store's only administrator may be neither demoted nor disabled.
    await row(page, 'admin').locator('button').click();
    await page.locator('#user-role-admin').selectOption('planner');
    await actions(page, 'admin').locator('.user-role button[type=submit]').click();
    const lastAdmin = '这是唯一启用的系统管理员,不能降级或停用;请先将另一位用户设为系统管理员。';
    const roleNote = actions(page, 'admin').locator('.field-error[data-field=role]');
    await roleNote.filter({ hasText: lastAdmin }).waitFor();
    await actions(page, 'admin').locator('.user-toggle').click();
    await actions(page, 'admin').locator('.field-error[data-field=active]', { hasText: lastAdmin }).waitFor();
    expect(await roleNote.textContent()).toBe('');
    expect(await userNamed('admin')).toMatchObject({ role: 'admin', active: true });
    await page.screenshot({ path: `${SCREENSHOTS}/admin-users.png` });
    await page.close();
  });

  it('finds a planner’s edit of a shelter by user and layer, with the capacity before → after, and zooms to it', async () => {
    const [shelter] = (await send('GET', '/collections/shelters/items?limit=1')).body.features;
    const capacity = shelter.properties.capacity as number;
    const patched = await send(
      'PATCH',
      `/collections/shelters/items/${shelter.id}`,
      { properties: { capacity: capacity + 150 } },
      'planner',
      { 'content-type': 'application/merge-patch+json', 'if-match': `"${shelter.properties.revision}"` },
    );
    expect(patched.status).toBe(200);
    const [stored] = (await send('GET', '/audit?user=planner&layer=shelters')).body.entries;

    const { page } = await openAs('admin');
    await panel(page).locator('.admin-views button[data-view=audit]').click();
    await panel(page).locator('.audit-entry').first().waitFor();
    expect(await page.locator('#audit-layer option').allTextContents()).toContain('应急避难场所');
    await page.locator('#audit-layer').selectOption('shelters');
    await page.locator('#audit-user').fill('planner');
    await page.locator('.audit-filters button[type=submit]').click();
    await panel(page).locator('.audit-count', { hasText: '共 1 条' }).waitFor();

    const entry = panel(page).locator('.audit-entry');
    expect(await entry.count()).toBe(1);
    expect(await entry.locator('.audit-meta').textContent()).toBe(`${chinaClock(stored.changed_at)} · planner · 修改`);
    expect(await entry.locator('.audit-layer').textContent()).toBe('应急避难场所');
    expect(await entry.locator('.audit-name').textContent()).toBe(shelter.properties.name);
    expect(await entry.locator('.review-changes li').allTextContents()).toEqual([
      `设计容纳人数: ${capacity} 人 → ${capacity + 150} 人`,
    ]);

    // A click brings the shelter into view, close up.
    await entry.locator('button.result').click();
    await page.waitForFunction(() => !(window as any).onemap.map.getView().getAnimating());
    const view = await page.evaluate(([lon, lat]) => {
      const { map } = (window as any).onemap;
      const r = 6378137;
      const [x, y] = [(lon * Math.PI * r) / 180, r * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))];
      const [minX, minY, maxX, maxY] = map.getView().calculateExtent(map.getSize());
      return { zoom: map.getView().getZoom(), inside: x > minX && x < maxX && y > minY && y < maxY };
    }, shelter.geometry.coordinates);
    expect(view).toEqual({ zoom: 15, inside: true });
    await page.screenshot({ path: `${SCREENSHOTS}/admin-audit.png` });

    // The days are China's: from tomorrow there is nothing yet.
    const tomorrow = chinaClock(new Date(Date.now() + 86_400_000).toISOString()).slice(0, 10);
    await page.locator('#audit-since').fill(tomorrow);
    await page.locator('.audit-filters button[type=submit]').click();
    await panel(page).locator('.audit-count', { hasText: '没有符合条件的记录' }).waitFor();
    expect(await entry.count()).toBe(0);
    await page.close();
  });

  it('pages through every change, newest first, with “more”', async () => {
    const all = (await send('GET', '/audit?limit=100')).body;
    expect(all.numberMatched).toBeGreaterThan(100);
    const { page } = await openAs('admin');
    await panel(page).locator('.admin-views button[data-view=audit]').click();
    const entries = panel(page).locator('.audit-entry');
    await entries.first().waitFor();
    expect(await panel(page).locator('.audit-count').textContent()).toBe(`共 ${all.numberMatched} 条,时间为北京时间`);
    expect(await entries.count()).toBe(50);
    await panel(page).locator('.audit-more').click();
    await entries.nth(99).waitFor();
    const ids = await entries.evaluateAll((items) => items.map((item) => Number((item as HTMLElement).dataset.id)));
    expect(ids).toEqual(all.entries.map((e: { id: number }) => e.id));
    await page.close();
  });

  it.each(['planner', 'publisher'] as const)('offers the tool to no %s, only to an administrator', async (role) => {
    const { page } = await openAs(role);
    expect(await page.locator('.tool-tabs button[data-tool=publish]').count()).toBe(1);
    expect(await page.locator('.tool-tabs button[data-tool=admin]').count()).toBe(0);
    expect(await page.locator('section[data-tool=admin]').count()).toBe(0);
    await page.close();
  });
});
