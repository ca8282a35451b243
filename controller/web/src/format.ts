/** Display formats. Times show in the patient's own time zone when one is given. */

const dash = '—';

export function time(ms: number | null | undefined, timeZone?: string): string {
  if (ms == null) return dash;
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', timeZone });
}

export function dateTime(ms: number | null | undefined, timeZone?: string): string {
  if (ms == null) return dash;
  return new Date(ms).toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });
}

/** "12 s ago", "5 min ago", "3 h ago", then the date. */
export function ago(ms: number | null | undefined, now: number): string {
  if (ms == null) return 'never';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(ms).toLocaleDateString();
}

export function duration(s: number | null | undefined): string {
  if (s == null) return dash;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

export const bpm = (v: number | null | undefined) => (v == null ? dash : `${Math.round(v)} bpm`);
export const db = (v: number | null | undefined) => (v == null ? 'silent' : `${Math.round(v)} dB(A)`);
export const percent = (v: number | null | undefined) => (v == null ? dash : `${Math.round(v * 100)} %`);
