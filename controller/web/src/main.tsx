import { render } from 'preact';
import { HttpError, me, whenSignedOut } from './api.js';
import { App } from './app.js';
import { startLive } from './live.js';
import { installLinkHandler, route } from './router.js';
import { signedOut, toLogin, user } from './session.js';

/** Boots the page for its URL: /login signs in; every other page needs a session first. */
async function boot(): Promise<void> {
  installLinkHandler();
  whenSignedOut(signedOut);
  const root = document.getElementById('app');
  if (!root) return;
  if (route.value.page !== 'login') {
    try {
      user.value = await me();
    } catch (err) {
      if (err instanceof HttpError && err.status === 401) return toLogin();
      throw err;
    }
    startLive(signedOut);
  }
  render(<App />, root);
}

// A page restored from the back-forward cache must ask the server again, not show what it held.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) location.reload();
});

boot().catch((err: unknown) => {
  console.error(err);
});
