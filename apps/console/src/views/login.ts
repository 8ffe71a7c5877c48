import type { ApiClient } from '../api';
import { h } from '../dom';
import { failureText } from './failure';

export function renderLogin(api: ApiClient, notice: string | undefined, loggedIn: () => void): HTMLElement {
  const error = h('p', { role: 'alert', class: 'message error', id: 'login-error' });
  const tenant = h('input', { id: 'login-tenant', name: 'tenant', autocomplete: 'organization', required: true });
  const username = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true });
  const password = h('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const submit = h('button', { type: 'submit' }, 'Log in');
  const form = h(
    'form',
    { class: 'login', 'aria-describedby': 'login-error' },
    field('Tenant', tenant),
    field('Username', username),
    field('Password', password),
    submit,
    error,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.textContent = '';
    api
      .login(tenant.value.trim(), username.value.trim(), password.value)
      .then(loggedIn)
      .catch((failure: unknown) => (error.textContent = failureText(failure)))
      .finally(() => (submit.disabled = false));
  });
  return h(
    'main',
    { id: 'main', class: 'login-page' },
    h('h1', {}, 'Switchyard migration console'),
    h('p', {}, 'Log in with a platform administrator account (owner or admin of the platform tenant).'),
    notice ? h('p', { role: 'status', class: 'message' }, notice) : null,
    form,
  );
}

export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const hintId = hint ? `${control.id}-hint` : undefined;
  if (hintId) control.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: control.id }, label), control, hint ? h('small', { id: hintId }, hint) : null);
}
