import { t } from '../i18n/index.ts';
import { type AuditOptions, auditSection } from './admin-audit.ts';
import { usersSection } from './admin-users.ts';
import { type DistrictSetupOptions, districtSetupSection } from './district-setup.ts';
import { button } from './form.ts';

type View = 'users' | 'audit' | 'district';

export interface AdminOptions extends AuditOptions {
  /** Hears of a district set up from the district view. */
  setUp: DistrictSetupOptions['setUp'];
  /** The view shown first: the district's set-up while the store has no district of its own. */
  firstView?: View;
}

/**
 * The administrator's desk, three views behind a switch: the staff accounts, the audit of every
 * change to every layer, and the district's set-up (the first-run screen, and later the way to
 * replace the boundary). Each view is read from the server when it is shown.
 */
export function adminTool(options: AdminOptions) {
  const audit = auditSection(options);
  const users = usersSection((list) => audit.knowUsers(list.map((user) => user.username)));
  const district = districtSetupSection(options);
  const views: Record<View, { element: HTMLElement; refresh: () => Promise<void> }> = { users, audit, district };
  const switches = document.createElement('div');
  switches.className = 'admin-views';
  let showing: View = options.firstView ?? 'users';

  const show = (view: View) => {
    showing = view;
    for (const [id, { element }] of Object.entries(views)) element.hidden = id !== view;
    for (const item of switches.querySelectorAll('button')) {
      item.setAttribute('aria-pressed', String(item.dataset.view === view));
    }
    void views[view].refresh();
  };

  for (const view of Object.keys(views) as View[]) {
    const item = button(t(`admin.${view}`), 'secondary');
    item.dataset.view = view;
    item.addEventListener('click', () => show(view));
    switches.append(item);
  }

  return {
    id: 'admin',
    render(container: HTMLElement) {
      container.append(switches, users.element, audit.element, district.element);
      // Reading the users also gives the audit's user filter its suggestions.
      if (showing !== 'users') void users.refresh();
      show(showing);
    },
    open() {
      show(showing);
    },
    close() {
      options.overlay.clear();
    },
  };
}
