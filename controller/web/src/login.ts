import { HttpError, login } from './api.js';

/** The sign-in form: labelled fields with autocomplete hints, so password managers fill them. */
export function showLogin(): void {
  const form = document.querySelector<HTMLFormElement>('#login');
  const error = document.querySelector<HTMLElement>('#login-error');
  if (!form || !error) return;
  form.hidden = false;
  document.querySelector<HTMLInputElement>('#username')?.focus();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    error.hidden = true;
    login(String(data.get('username') ?? ''), String(data.get('password') ?? ''))
      .then(() => location.assign(nextPage()))
      .catch((err: unknown) => {
        error.textContent =
          err instanceof HttpError && err.status === 429
            ? 'Too many failed attempts. Try again in 15 minutes.'
            : err instanceof HttpError && err.status === 401
              ? 'Wrong username or password.'
              : 'Could not sign in. Try again.';
        error.hidden = false;
      });
  });
}

/** Back to the page that sent the person here, if it is one of ours. */
function nextPage(): string {
  const next = new URLSearchParams(location.search).get('next') ?? '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
