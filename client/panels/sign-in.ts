import { ROLE_LABELS } from '../../catalog/roles.ts';
import { ApiError, getJson, postJson, type SignedInUser, session } from '../api.ts';
import { language, t } from '../i18n/index.ts';
import { button, field } from './form.ts';

interface Session {
  token: string;
  user: SignedInUser;
}

/** Checks a stored session against the server: the role may have changed, the token may have expired. */
export async function refreshSession(): Promise<void> {
  if (!session.token()) return;
  try {
    const user = await getJson<SignedInUser>('/auth/me');
    session.signIn(session.token() as string, user);
  } catch {
    session.signOut();
  }
}

/** The bar's button: opens the sign-in form, or shows who is signed in and signs them out. */
export function renderSignIn(trigger: HTMLButtonElement): void {
  const user = session.user();
  if (user) {
    // On a phone the name gives way to the search box; the button's title still says who it is.
    const name = document.createElement('span');
    name.className = 'user-name';
    name.textContent = `${user.display_name} · `;
    trigger.replaceChildren(name, t('signin.out'));
  } else {
    trigger.textContent = t('signin.in');
  }
  trigger.title = user ? `${user.username} (${ROLE_LABELS[user.role][language()]})` : '';
  trigger.addEventListener('click', async () => {
    if (!user) return openForm();
    await postJson('/auth/sign-out', {}).catch(() => undefined);
    session.signOut();
    window.location.reload();
  });
}

function openForm(): void {
  const dialog = document.createElement('dialog');
  dialog.className = 'sign-in';
  const form = document.createElement('form');
  const heading = document.createElement('h2');
  heading.textContent = t('signin.title');
  const name = field('text', 'sign-in-user', t('signin.user'), { autocomplete: 'username', required: '' });
  const password = field('password', 'sign-in-password', t('signin.password'), {
    autocomplete: 'current-password',
    required: '',
  });
  const message = document.createElement('p');
  message.className = 'error';
  message.setAttribute('role', 'alert');
  const cancel = button(t('signin.cancel'), 'secondary');
  cancel.addEventListener('click', () => dialog.close());
  const actions = document.createElement('div');
  actions.className = 'actions';
  actions.append(button(t('signin.in'), 'primary', 'submit'), cancel);
  form.append(heading, name.label, password.label, message, actions);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.textContent = '';
    try {
      const signed = await postJson<Session>('/auth/sign-in', {
        username: (name.input as HTMLInputElement).value.trim().toLowerCase(),
        password: (password.input as HTMLInputElement).value,
      });
      session.signIn(signed.token, signed.user);
      window.location.reload();
    } catch (error) {
      const status = error instanceof ApiError ? error.status : 0;
      // The server answers every refusal alike (wrong name, wrong password, too many attempts).
      message.textContent = t(status === 401 ? 'signin.wrong' : 'signin.failed');
    }
  });
  dialog.append(form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  (name.input as HTMLInputElement).focus();
}
