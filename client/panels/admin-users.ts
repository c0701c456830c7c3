import { ROLE_LABELS, ROLES, type Role } from '../../catalog/roles.ts';
import type { User } from '../../catalog/users.ts';
import { ApiError, getJson, patchJson, postJson } from '../api.ts';
import { language, type MessageKey, t } from '../i18n/index.ts';
import { button, field, fieldNote, showProblems } from './form.ts';

type Changes = Partial<Pick<User, 'role' | 'active'>> & { password?: string };

// The server's rule (README: at least 10 characters), checked here too so it is said in the reader's language.
const MIN_PASSWORD = 10;

/** Says so at the field and answers true when the password is too short to send. */
function tooShort(password: string, note: HTMLElement): boolean {
  if (password.length >= MIN_PASSWORD) return false;
  note.textContent = t('users.passwordShort').replace('{n}', String(MIN_PASSWORD));
  return true;
}

const roleLabel = (role: Role) => ROLE_LABELS[role][language()];

function roleField(id: string, value: Role) {
  const role = field('select', id, t('users.role'), {}, [...ROLES]);
  const select = role.input as HTMLSelectElement;
  for (const option of select.options) option.textContent = roleLabel(option.value as Role);
  select.value = value;
  return role;
}

const say = (element: HTMLElement, text: string, ok = false) => {
  element.textContent = text;
  element.classList.toggle('ok', ok);
};

/** The add-user form: every refusal at its field; `added` hears of the new user. */
function addUserForm(added: (user: User) => void): HTMLFormElement {
  const form = document.createElement('form');
  form.className = 'add-user-form';
  const heading = Object.assign(document.createElement('h3'), { textContent: t('users.add') });
  const username = field('text', 'user-username', t('users.username'), { autocomplete: 'off' });
  const displayName = field('text', 'user-display-name', t('users.name'), { autocomplete: 'off' });
  const role = roleField('user-role', 'responder');
  const password = field('password', 'user-password', t('users.password'), { autocomplete: 'new-password' });
  const notes = {
    username: fieldNote('username'),
    display_name: fieldNote('display_name'),
    role: fieldNote('role'),
    password: fieldNote('password'),
  };
  const message = Object.assign(document.createElement('p'), { className: 'form-message' });
  form.append(
    heading,
    username.label,
    notes.username,
    displayName.label,
    notes.display_name,
    role.label,
    notes.role,
    password.label,
    notes.password,
    button(t('users.submit'), 'primary', 'submit'),
    message,
  );
  const value = (input: HTMLElement) => (input as HTMLInputElement).value;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    for (const note of Object.values(notes)) note.textContent = '';
    say(message, '');
    if (tooShort(value(password.input), notes.password)) return;
    try {
      const user = await postJson<User>('/users', {
        username: value(username.input).trim(),
        display_name: value(displayName.input).trim(),
        role: value(role.input),
        password: value(password.input),
      });
      form.reset();
      say(message, t('users.added').replace('{user}', user.username), true);
      added(user);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      showProblems(error, notes, message);
    }
  });
  return form;
}

/**
 * The staff list for administrators: a table of every account, and under the one opened its role,
 * a new password and disabling or enabling it, each refusal explained; then the add-user form.
 * `listed` hears of the users each time they are read.
 */
export function usersSection(listed: (users: User[]) => void) {
  const element = document.createElement('div');
  element.className = 'tool-results admin-users';
  const status = Object.assign(document.createElement('p'), { className: 'tool-status' });
  const table = document.createElement('table');
  table.className = 'users-table';
  let users: User[] = [];
  let opened: string | undefined;
  // What the last change to the opened user did, kept over the table being drawn again.
  let notice: { username: string; text: string } | undefined;

  async function refresh() {
    try {
      ({ users } = await getJson<{ users: User[] }>('/users'));
      status.textContent = '';
      draw();
      listed(users);
    } catch (error) {
      status.textContent = error instanceof ApiError ? error.message : String(error);
    }
  }

  function draw() {
    const head = document.createElement('thead');
    const headings = head.insertRow();
    for (const key of ['users.username', 'users.name', 'users.role', 'users.status'] as const) {
      headings.append(Object.assign(document.createElement('th'), { textContent: t(key) }));
    }
    const body = document.createElement('tbody');
    for (const user of users) {
      body.append(userRow(user));
      if (user.username === opened) body.append(actionsRow(user));
    }
    table.replaceChildren(head, body);
  }

  function userRow(user: User) {
    const row = document.createElement('tr');
    row.className = user.active ? 'user' : 'user inactive';
    row.dataset.user = user.username;
    const open = Object.assign(document.createElement('button'), {
      type: 'button',
      className: 'result',
      textContent: user.username,
    });
    open.setAttribute('aria-expanded', String(user.username === opened));
    open.addEventListener('click', () => {
      opened = opened === user.username ? undefined : user.username;
      notice = undefined;
      draw();
    });
    row.insertCell().append(open);
    row.insertCell().textContent = user.display_name;
    row.insertCell().textContent = roleLabel(user.role);
    const state = row.insertCell();
    state.className = 'user-status';
    state.textContent = user.active ? t('users.active') : t('users.inactive');
    return row;
  }

  function actionsRow(user: User) {
    const row = document.createElement('tr');
    row.className = 'user-actions';
    row.dataset.user = user.username;
    const cell = row.insertCell();
    cell.colSpan = 4;
    const notes = { role: fieldNote('role'), password: fieldNote('password'), active: fieldNote('active') };
    const message = Object.assign(document.createElement('p'), { className: 'form-message' });
    if (notice?.username === user.username) say(message, notice.text, true);

    const change = async (changes: Changes, done: string) => {
      for (const note of Object.values(notes)) note.textContent = '';
      say(message, '');
      notice = undefined;
      try {
        await patchJson<User>(`/users/${encodeURIComponent(user.username)}`, changes);
        notice = { username: user.username, text: done };
        await refresh();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        showProblems(error, notes, message);
      }
    };
    const named = (key: MessageKey) => t(key).replace('{user}', user.username);

    const roleForm = document.createElement('form');
    roleForm.className = 'user-role';
    const role = roleField(`user-role-${user.username}`, user.role);
    roleForm.append(role.label, button(t('users.changeRole'), 'secondary', 'submit'), notes.role);
    roleForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const next = (role.input as HTMLSelectElement).value as Role;
      void change({ role: next }, named('users.roleChanged').replace('{role}', roleLabel(next)));
    });

    const passwordForm = document.createElement('form');
    passwordForm.className = 'user-password';
    const password = field('password', `user-password-${user.username}`, t('users.newPassword'), {
      autocomplete: 'new-password',
    });
    passwordForm.append(password.label, button(t('users.resetPassword'), 'secondary', 'submit'), notes.password);
    passwordForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const value = (password.input as HTMLInputElement).value;
      notes.password.textContent = '';
      if (tooShort(value, notes.password)) return;
      void change({ password: value }, named('users.passwordReset'));
    });

    const toggle = user.active ? button(t('users.disable'), 'danger') : button(t('users.enable'), 'secondary');
    toggle.classList.add('user-toggle');
    toggle.addEventListener('click', () => {
      const question = named(user.active ? 'users.confirmDisable' : 'users.confirmEnable');
      if (!window.confirm(question)) return;
      void change({ active: !user.active }, named(user.active ? 'users.disabled' : 'users.enabled'));
    });

    cell.append(roleForm, passwordForm, toggle, notes.active, message);
    return row;
  }

  element.append(
    status,
    table,
    addUserForm(() => void refresh()),
  );
  return { element, refresh };
}
