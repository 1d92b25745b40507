// Sign-in: a registry token, exchanged for a session cookie the page never reads.

import { h, fill } from '../dom.js';
import { signIn } from '../session.js';

export function signInPage(view, onSignedIn) {
  const token = h('input', { id: 'sign-in-token', name: 'token', type: 'password', required: true,
    autocomplete: 'current-password', spellcheck: 'false', 'aria-describedby': 'sign-in-help' });
  const error = h('p', { id: 'sign-in-error', class: 'message', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', id: 'sign-in-submit' }, 'Sign in');
  const form = h('form', { class: 'sign-in', onsubmit: async (event) => {
    event.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    const result = await signIn(token.value);
    submit.disabled = false;
    if (result.ok) {
      token.value = '';
      onSignedIn();
    } else {
      fill(error, result.message);
      error.hidden = false;
      token.select();
    }
  } },
  h('h1', {}, 'Sign in'),
  h('label', { for: 'sign-in-token' }, 'Registry token'),
  token,
  h('p', { id: 'sign-in-help', class: 'muted' },
    'A token of beacon.registry.security.tokens. A read token shows the platform; a write token can also act on instances. The token is exchanged for a session and not kept by this page.'),
  error,
  submit);
  fill(view, form);
  token.focus();
  return () => {};
}
