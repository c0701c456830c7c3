import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { as } from '../support/accounts.ts';
import { backends } from '../support/backends.ts';
import { servedStore } from '../support/http.ts';

/**
 * The 周边分析报告 of an incident, read back by poppler: the PDF is rendered by pdftoppm and its text
 * extracted by pdftotext, which know nothing of how it was drawn; the names, phones and villages it
 * must hold are read from the store's own answers, not from the report's code.
 */

const OUT = 'test-output/incident-report';
mkdirSync(OUT, { recursive: true });

if (!existsSync('/usr/bin/pdftotext'))
  throw new Error('poppler-utils (pdftoppm, pdftotext) is needed: apt install poppler-utils');
const run = async (command: string, args: string[]) =>
  (await promisify(execFile)(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })).stdout;

/** The seat of the demo district (涵江城区): hazards, teams, schools and villages lie within 3 km. */
const SEAT = [119.12, 25.46];
const JSON_TYPE = { 'content-type': 'application/json' };
const responder = { ...as('responder'), ...JSON_TYPE };
const TITLE = '涵东街道仓库火灾';
const TIMELINE = ['接110转警仓库起火', '研判为一般火灾', '调派救援队伍前往', '已电话报告区总值班室'];

describe.each(backends())('the incident report (周边分析报告) on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());
  const post = async (path: string, body: unknown) => {
    const response = await fetch(served.api.url + path, {
      method: 'POST',
      headers: responder,
      body: JSON.stringify(body),
    });
    expect(response.status, path).toBeLessThan(300);
    return response.json() as Promise<any>;
  };
  const download = async (path: string, headers: Record<string, string> = as('responder')) => {
    const response = await fetch(served.api.url + path, { headers });
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  };
  const pdfText = async (bytes: Buffer, name: string) => {
    const path = join(OUT, `${backend.name}-${name}.pdf`);
    writeFileSync(path, bytes);
    await run('pdftoppm', [
      '-png',
      '-r',
      '70',
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      path,
      join(OUT, `${backend.name}-${name}`),
    ]);
    return {
      text: await run('pdftotext', [path, '-']),
      pages: Number(/Pages:\s+(\d+)/.exec(await run('pdfinfo', [path]))?.[1]),
    };
  };

  let id = '';
  let around: any;
  let team: any;
  let teamRecord: any;
  let depots: any;
  let reportPdf: { text: string; pages: number };

  beforeAll(async () => {
    const created = await post('/incidents', {
      title: TITLE,
      kind: 'fire',
      level: 4,
      at: SEAT,
      reporter: '110 转警',
      text: TIMELINE[0],
    });
    id = created.id;
    const aroundRequest = { at: SEAT, radius_km: 3 };
    around = await post('/analysis/around', aroundRequest);
    const nearestRequest = { from: SEAT, layer: 'teams', k: 3 };
    const nearest = await post('/analysis/nearest', nearestRequest);
    team = nearest.results[0];
    await post(`/incidents/${id}/entries`, {
      stage: 'assessment',
      text: TIMELINE[1],
      attachment: { kind: 'around', request: aroundRequest, result: around },
    });
    await post(`/incidents/${id}/entries`, {
      stage: 'assessment',
      text: '最近的救援队伍',
      attachment: { kind: 'nearest', request: nearestRequest, result: nearest },
    });
    const depotsRequest = { from: SEAT, layer: 'depots', k: 3, items: [{ item: '帐篷', quantity: 500 }] };
    depots = await post('/analysis/nearest', depotsRequest);
    await post(`/incidents/${id}/entries`, {
      stage: 'assessment',
      text: '最近的储备库',
      attachment: { kind: 'nearest', request: depotsRequest, result: depots },
    });
    await post(`/incidents/${id}/entries`, {
      stage: 'dispatch',
      text: TIMELINE[2],
      dispatch: { layer: 'teams', id: team.id },
    });
    await post(`/incidents/${id}/entries`, { stage: 'follow_up', text: TIMELINE[3], report: 'phone' });
    teamRecord = (await served.api.get(`/collections/teams/items/${team.id}`, as('responder'))).body;
    const file = await download(`/incidents/${id}/report.pdf`);
    expect(file.status).toBe(200);
    expect(file.type).toBe('application/pdf');
    reportPdf = await pdfText(file.bytes, 'report');
  }, 120_000);

  it.each([
    ['the PDF', 'pdf'],
    ['the printable page', 'html'],
  ])('refuses %s to an anonymous reader with 401', async (_what, format) => {
    expect((await download(`/incidents/${id}/report.${format}`, {})).status).toBe(401);
  });

  it('answers 404 for an incident that is not there, 400 naming the id that is not one', async () => {
    expect((await download(`/incidents/${crypto.randomUUID()}/report.pdf`)).status).toBe(404);
    const bad = await served.api.get('/incidents/not-a-uuid/report.pdf', as('responder'));
    expect(bad.status).toBe(400);
    expect(bad.body['invalid-params'][0].name).toBe('incidentId');
  });

  it('prints the incident, the demo mark and the time printed in China time', async () => {
    expect(reportPdf.text).toContain(`${TITLE} 周边分析报告`);
    expect(reportPdf.text).toContain('演示数据');
    const printed = /打印时间:(\d{4}-\d{2}-\d{2} \d{2}:\d{2})/.exec(reportPdf.text)?.[1] as string;
    const asUtc = Date.parse(`${printed.replace(' ', 'T')}:00+08:00`);
    expect(Math.abs(asUtc - Date.now())).toBeLessThan(15 * 60_000);
  });

  it('lists the nearest team attached with its leader and phone, as the store holds them', () => {
    expect(teamRecord.properties.phone).toMatch(/\d{5,}/);
    expect(reportPdf.text).toContain(teamRecord.properties.name);
    expect(reportPdf.text).toContain(teamRecord.properties.phone);
    expect(reportPdf.text).toContain(teamRecord.properties.leader);
  });

  it('lists the depots attached for 500 tents, those short of it with their shortfall', () => {
    expect(reportPdf.text).toContain('需求:帐篷 ≥ 500');
    expect(depots.partial?.length ?? 0).toBeGreaterThan(0);
    for (const r of [...depots.results, ...depots.partial]) expect(reportPdf.text).toContain(r.name);
    for (const r of depots.partial) expect(reportPdf.text).toContain(`帐篷缺 ${r.lacking[0].short}`);
  });

  it('names the villages within the radius and the residents to move', () => {
    const villages = around.groups.protected.population.items.map((i: any) => i.feature.properties.name);
    expect(villages.length).toBeGreaterThan(0);
    for (const name of villages.slice(0, 5)) expect(reportPdf.text).toContain(name);
    expect(reportPdf.text).toContain(`合计常住人口 ${around.residents} 人`);
  });

  it('lists the protected targets and risks seen around with their contacts', () => {
    const target = around.groups.protected.protected_targets.items[0].feature.properties;
    expect(reportPdf.text).toContain(target.name);
    expect(reportPdf.text).toContain(target.phone);
    const hazard = around.groups.risks.hazards.items[0].feature.properties;
    expect(reportPdf.text).toContain(hazard.name);
    expect(reportPdf.text).toContain(hazard.phone);
  });

  it('prints the timeline entries in order, the dispatch by name', () => {
    const at = TIMELINE.map((words) => reportPdf.text.indexOf(words));
    for (const [i, where] of at.entries()) expect(where, TIMELINE[i]).toBeGreaterThan(-1);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(reportPdf.text).toContain(`调派 应急救援队伍 ${team.name}`);
    expect(reportPdf.pages).toBeGreaterThan(1);
  });

  it('serves the same as a printable page, phones as tel: links, the map inside it', async () => {
    const page = await download(`/incidents/${id}/report.html`);
    expect(page.status).toBe(200);
    expect(page.type).toContain('text/html');
    const html = page.bytes.toString('utf8');
    writeFileSync(join(OUT, `${backend.name}-report.html`), html);
    expect(html).toContain(`${TITLE} 周边分析报告`);
    expect(html).toContain(`href="tel:${teamRecord.properties.phone.replace(/[\s-]/g, '')}"`);
    expect(html).toMatch(/<img [^>]*src="data:image\/png;base64,[A-Za-z0-9+/=]{1000,}"/);
    expect(html).toContain('@media print');
    for (const words of TIMELINE) expect(html).toContain(words);
  });

  it('writes a title with markup in it as text on the printable page and in the file name', async () => {
    const title = '<img src=x onerror=alert(1)>"仓库"火灾';
    const odd = await post('/incidents', { title, kind: 'fire', at: SEAT, reporter: '群众', text: '起火' });
    const response = await fetch(`${served.api.url}/incidents/${odd.id}/report.html`, { headers: as('responder') });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;仓库&quot;火灾 周边分析报告');
    const disposition = response.headers.get('content-disposition') as string;
    expect(disposition).toMatch(/^inline; filename="incident-report-\d{4}-\d{2}-\d{2}\.html"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("''")[1])).toContain(title);
  });

  it('prints a ranking by road as the officer saw it: minutes and road distance, the closures, the teams cut off', async () => {
    const road = (await served.api.get('/collections/roads/items?limit=1')).body.features[0];
    const request = { from: SEAT, layer: 'teams', k: 3, by: 'road', closed: [road.id] };
    const byRoad = await post('/analysis/nearest', request);
    expect(byRoad.method).toBe('road');
    // A team no road reaches, as the answer lists it: after the ranked ones, with its straight line.
    const cutOff = { id: crypto.randomUUID(), name: '孤岛救援队', township: '江口镇', straight_m: 2345, snap_m: 900 };
    const result = { ...byRoad, unreachable: [cutOff] };
    const incident = await post('/incidents', {
      title: '道路排序',
      kind: 'fire',
      at: SEAT,
      reporter: '群众',
      text: '起火',
    });
    await post(`/incidents/${incident.id}/entries`, {
      stage: 'assessment',
      text: '最近的 应急救援队伍 · 道路行程',
      attachment: { kind: 'nearest', request, result },
    });
    const page = await download(`/incidents/${incident.id}/report.html`);
    const html = page.bytes.toString('utf8');
    const section = html.slice(html.indexOf('<h2>最近的应急救援队伍'));
    const cells = (row: string) => [...row.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
    const rows = [...section.slice(0, section.indexOf('</table>')).matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => m[1]);
    expect(rows[0]).toContain('<th class="right">行程时间</th><th class="right">道路距离</th>');
    expect(rows[0]).not.toContain('直线距离');
    byRoad.results.forEach((r: any, i: number) => {
      const km = r.distance_m < 1000 ? `${Math.round(r.distance_m)} 米` : `${(r.distance_m / 1000).toFixed(2)} 公里`;
      expect(cells(rows[i + 1]).slice(0, 5)).toEqual([
        String(i + 1),
        r.name,
        r.township,
        `${Math.max(1, Math.round(r.duration_s / 60))} 分钟`,
        km,
      ]);
    });
    expect(cells(rows[byRoad.results.length + 1]).slice(0, 5)).toEqual([
      String(byRoad.results.length + 1),
      '孤岛救援队',
      '江口镇',
      '道路不通',
      '直线 2.35 公里',
    ]);
    expect(section).toContain('假设封闭 1 条路段(未写入),按道路行程排序。');
  });

  it('takes what is around now when no around answer is attached, and says so', async () => {
    const bare = await post('/incidents', {
      title: '白塘镇内涝',
      kind: 'waterlogging',
      at: SEAT,
      reporter: '群众',
      text: '积水',
    });
    const file = await download(`/incidents/${bare.id}/report.pdf`);
    expect(file.status).toBe(200);
    const { text } = await pdfText(file.bytes, 'bare');
    expect(text).toContain('打印时的当前数据');
    expect(text).toContain(around.groups.protected.population.items[0].feature.properties.name);
  });
});
