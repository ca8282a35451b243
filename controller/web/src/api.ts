import type { Me, PatientView } from '../../../shared/api-people.js';

/** The dashboard's one API client; its types come from the shared zod schemas. */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`HTTP ${status} ${code}`);
  }
}

let csrf = '';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (!res.ok) {
    const error = (await res.json().catch(() => ({}))) as { code?: string };
    throw new HttpError(res.status, error.code ?? '');
  }
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export async function me(): Promise<Me> {
  const who = await call<Me>('GET', '/api/me');
  csrf = who.csrf_token;
  return who;
}

export async function login(username: string, password: string): Promise<Me> {
  const who = await call<Me>('POST', '/api/login', { username, password });
  csrf = who.csrf_token;
  return who;
}

export async function logout(): Promise<void> {
  await call<void>('POST', '/api/logout');
  csrf = '';
}

export const patients = () => call<PatientView[]>('GET', '/api/patients');
