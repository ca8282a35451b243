import { signal } from '@preact/signals';
import type { Me } from '../../../shared/api-people.js';
import { logout } from './api.js';
import { stopLive } from './live.js';

/** Who is signed in (null before /api/me answered or after sign-out). */
export const user = signal<Me | null>(null);

/** To the login page, coming back here afterwards. */
export function toLogin(): void {
  const here = location.pathname + location.search;
  location.assign(here === '/' || here === '/login' ? '/login' : `/login?next=${encodeURIComponent(here)}`);
}

/** Forgets everything shown: nothing private stays in the page after sign-out. */
export function signedOut(): void {
  stopLive();
  user.value = null;
  toLogin();
}

export function signOut(): void {
  logout()
    .catch(() => undefined)
    .finally(signedOut);
}
