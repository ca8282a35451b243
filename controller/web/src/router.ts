import { signal } from '@preact/signals';

/**
 * The stable page URLs of DESIGN.md, matched on the client. The server answers every one of them
 * with the same shell (controller/http/routes/pages.ts), so a bookmark or a reload lands here.
 */
export type Route =
  | { page: 'login' }
  | { page: 'overview' }
  | { page: 'patient'; code: string }
  | { page: 'night'; code: string; sessionId: string }
  | { page: 'summary'; code: string }
  | { page: 'protocols' }
  | { page: 'missing' };

const segment = '([^/]+)';
const table: [RegExp, (m: string[]) => Route][] = [
  [/^\/login$/, () => ({ page: 'login' })],
  [/^\/$/, () => ({ page: 'overview' })],
  [/^\/protocols$/, () => ({ page: 'protocols' })],
  [new RegExp(`^/patients/${segment}$`), (m) => ({ page: 'patient', code: m[0] ?? '' })],
  [new RegExp(`^/patients/${segment}/summary$`), (m) => ({ page: 'summary', code: m[0] ?? '' })],
  [
    new RegExp(`^/patients/${segment}/sessions/${segment}$`),
    (m) => ({ page: 'night', code: m[0] ?? '', sessionId: m[1] ?? '' }),
  ],
];

export function match(pathname: string): Route {
  for (const [pattern, build] of table) {
    const m = pattern.exec(pathname);
    if (m) return build(m.slice(1).map(decodeURIComponent));
  }
  return { page: 'missing' };
}

export const route = signal<Route>(match(location.pathname));

export function navigate(url: string, replace = false): void {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  route.value = match(location.pathname);
  window.scrollTo(0, 0);
}

export const patientUrl = (code: string) => `/patients/${encodeURIComponent(code)}`;
export const nightUrl = (code: string, sessionId: string) =>
  `${patientUrl(code)}/sessions/${encodeURIComponent(sessionId)}`;
export const summaryUrl = (code: string) => `${patientUrl(code)}/summary`;

/** Same-origin links are followed without a reload; modified clicks (new tab) are left alone. */
export function installLinkHandler(): void {
  window.addEventListener('popstate', () => {
    route.value = match(location.pathname);
  });
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const a = (event.target as Element | null)?.closest?.('a');
    if (!a || a.target || a.hasAttribute('download')) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}
