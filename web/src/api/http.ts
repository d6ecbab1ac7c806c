import { SseParser, type SseMessage } from '../lib/sse-parser.ts';

/**
 * The API client: keeps the short-lived access token in memory (never in localStorage, so a
 * script injected into the page cannot read a stored one), refreshes it through the httpOnly
 * refresh cookie with the CSRF header, and retries a request once after a 401.
 */

export interface PublicUser {
  readonly id: string;
  readonly email: string;
  readonly role: string;
  readonly displayName: string | null;
  readonly disabled: boolean;
  readonly createdAt: number;
  readonly lastLoginAt: number | null;
}

interface TokenResponse {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly user: PublicUser;
  readonly csrfToken: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly field: string | undefined;

  constructor(status: number, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.field = field;
  }
}

/** The text of anything thrown, for an alert. */
export function errorText(caught: unknown): string {
  return caught instanceof Error ? caught.message : String(caught);
}

/** Like errorText, but an API error leads with the field it is about ("cash: must be …"). */
export function fieldErrorText(caught: unknown): string {
  if (caught instanceof ApiError && caught.field) return `${caught.field}: ${caught.message}`;
  return errorText(caught);
}

type SessionListener = (user: PublicUser | null) => void;

/**
 * A hint (not a secret) that this browser logged in: the refresh cookie is httpOnly, so
 * without it every first visit would try a refresh that can only fail.
 */
const SESSION_HINT = 'microcap-session';

let accessToken: string | null = null;
let csrfToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
let refreshTimer: ReturnType<typeof setTimeout> | null = null;
const listeners = new Set<SessionListener>();

export function onSessionChange(listener: SessionListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function adopt(tokens: TokenResponse): void {
  accessToken = tokens.accessToken;
  csrfToken = tokens.csrfToken;
  localStorage.setItem(SESSION_HINT, '1');
  if (refreshTimer !== null) clearTimeout(refreshTimer);
  // Refresh a little before expiry so long pages (a running backtest) never see a 401.
  const delayMs = Math.max(5, tokens.expiresIn - 30) * 1000;
  refreshTimer = setTimeout(() => void refreshSession(), delayMs);
  for (const listener of listeners) listener(tokens.user);
}

function forget(): void {
  accessToken = null;
  csrfToken = null;
  localStorage.removeItem(SESSION_HINT);
  if (refreshTimer !== null) clearTimeout(refreshTimer);
  refreshTimer = null;
  for (const listener of listeners) listener(null);
}

async function errorFrom(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`;
  let field: string | undefined;
  try {
    const body = (await response.json()) as { message?: string; field?: string };
    if (body.message) message = body.message;
    field = body.field;
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiError(response.status, message, field);
}

export async function login(email: string, password: string): Promise<PublicUser> {
  const response = await fetch('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
    credentials: 'same-origin',
  });
  if (!response.ok) throw await errorFrom(response);
  const tokens = (await response.json()) as TokenResponse;
  adopt(tokens);
  return tokens.user;
}

/** Exchanges the refresh cookie for new tokens; false when there is no valid session. */
export function refreshSession(): Promise<boolean> {
  if (localStorage.getItem(SESSION_HINT) === null) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      if (csrfToken === null) {
        const csrf = await fetch('/api/auth/csrf', { credentials: 'same-origin' });
        if (!csrf.ok) return false;
        csrfToken = ((await csrf.json()) as { csrfToken: string }).csrfToken;
      }
      const response = await fetch('/api/auth/refresh', {
        method: 'POST',
        headers: { 'x-csrf-token': csrfToken },
        credentials: 'same-origin',
      });
      if (!response.ok) {
        forget();
        return false;
      }
      adopt((await response.json()) as TokenResponse);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

export async function logout(): Promise<void> {
  try {
    if (csrfToken !== null) {
      await fetch('/api/auth/logout', {
        method: 'POST',
        headers: { 'x-csrf-token': csrfToken },
        credentials: 'same-origin',
      });
    }
  } finally {
    forget();
  }
}

export function hasAccessToken(): boolean {
  return accessToken !== null;
}

async function send(path: string, init: RequestInit): Promise<Response> {
  const headers = new Headers(init.headers);
  if (accessToken !== null) headers.set('authorization', `Bearer ${accessToken}`);
  return fetch(path, { ...init, headers, credentials: 'same-origin' });
}

/** A fetch with the access token; one transparent refresh-and-retry on 401. */
export async function authorizedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  let response = await send(path, init);
  if (response.status === 401 && (await refreshSession())) response = await send(path, init);
  if (response.status === 401) forget();
  return response;
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const response = await authorizedFetch(path, init);
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** Downloads a response as a file (the HTML report, exports). */
export async function fetchBlob(path: string): Promise<Blob> {
  const response = await authorizedFetch(path);
  if (!response.ok) throw await errorFrom(response);
  return response.blob();
}

/**
 * Server-sent events through fetch, so the stream carries the Authorization header. Returns a
 * function that closes the stream. Reconnects are left to the caller (it polls on error).
 */
export function streamEvents(
  path: string,
  onMessage: (message: SseMessage) => void,
  onError: (error: unknown) => void,
): () => void {
  const controller = new AbortController();
  void (async () => {
    try {
      const response = await authorizedFetch(path, {
        headers: { accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (!response.ok || response.body === null) throw await errorFrom(response);
      const parser = new SseParser(onMessage);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
      }
    } catch (error) {
      if (!controller.signal.aborted) onError(error);
    }
  })();
  return () => controller.abort();
}
