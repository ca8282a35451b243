import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { HttpError, login } from '../api.js';

/** Back to the page that sent the person here, if it is one of ours. */
function nextPage(): string {
  const next = new URLSearchParams(location.search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function message(err: unknown): string {
  if (err instanceof HttpError && err.status === 429)
    return 'Too many failed attempts. Try again in 15 minutes.';
  if (err instanceof HttpError && err.status === 401) return 'Wrong username or password.';
  return 'Could not sign in. Try again.';
}

/** The sign-in form: labelled fields with autocomplete hints, so password managers fill them. */
export function Login() {
  const error = useSignal('');
  const busy = useSignal(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    error.value = '';
    busy.value = true;
    login(String(data.get('username') ?? ''), String(data.get('password') ?? ''))
      .then(() => location.assign(nextPage()))
      .catch((err: unknown) => {
        error.value = message(err);
        busy.value = false;
      });
  };
  return (
    <main id="main" class="login-page">
      <form id="login" class="login" method="post" action="/api/login" onSubmit={submit}>
        <h1>Nocturne</h1>
        <h2>Sign in</h2>
        <label for="username">Username</label>
        <input
          ref={first}
          id="username"
          name="username"
          type="text"
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
          required
        />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        {error.value && (
          <p id="login-error" class="error" role="alert">
            {error.value}
          </p>
        )}
        <button type="submit" disabled={busy.value}>
          Sign in
        </button>
      </form>
    </main>
  );
}
