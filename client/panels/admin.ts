import { t } from '../i18n/index.ts';
import { type AuditOptions, auditSection } from './admin-audit.ts';
import { usersSection } from './admin-users.ts';
import { button } from './form.ts';

type View = 'users' | 'audit';

/**
 * The administrator's desk, two views behind a switch: the staff accounts, and the audit of every
 * change to every layer. Each view is read from the server when it is shown.
 */
export function adminTool(options: AuditOptions) {
  const audit = auditSection(options);
  const users = usersSection((list) => audit.knowUsers(list.map((user) => user.username)));
  const views: Record<View, { element: HTMLElement; refresh: () => Promise<void> }> = { users, audit };
  const switches = document.createElement('div');
  switches.className = 'admin-views';
  let showing: View = 'users';

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
      container.append(switches, users.element, audit.element);
      // Users first: reading them also gives the audit's user filter its suggestions.
      show('users');
    },
    open() {
      show(showing);
    },
    close() {
      options.overlay.clear();
    },
  };
}
