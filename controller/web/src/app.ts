import { HttpError, logout, me } from './api.js';
import { showLogin } from './login.js';
import { clearOverview, showOverview } from './overview.js';

/** Boots the page for its URL: /login signs in; every other page needs a session first. */

function toLogin(): void {
  const here = location.pathname + location.search;
  location.assign(here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`);
}

function signedOut(): void {
  clearOverview();
  const who = document.querySelector<HTMLElement>('#who');
  if (who) {
    who.textContent = '';
    who.hidden = true;
  }
  toLogin();
}

async function boot(): Promise<void> {
  if (location.pathname === '/login') {
    showLogin();
    return;
  }
  let user: Awaited<ReturnType<typeof me>>;
  try {
    user = await me();
  } catch (err) {
    if (err instanceof HttpError && err.status === 401) return toLogin();
    throw err;
  }
  const who = document.querySelector<HTMLElement>('#who');
  const button = document.querySelector<HTMLButtonElement>('#logout');
  if (who) {
    who.textContent = `${user.username} (${user.role})`;
    who.hidden = false;
  }
  if (button) {
    button.hidden = false;
    button.addEventListener('click', () => {
      logout()
        .catch(() => undefined)
        .finally(signedOut);
    });
  }
  await showOverview(signedOut);
}

// A page restored from the back-forward cache must ask the server again, not show what it held.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) location.reload();
});

boot().catch((err: unknown) => {
  console.error(err);
});
