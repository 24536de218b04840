/**
 * The one HTTP path of every adapter: credentials from the auth hook go in
 * headers, never in URLs, and a 401 gets one token refresh.
 */
import { StudylineError, isAbortError, safePath } from './errors.js';

/** Purpose of a request, so that an auth hook can pick a token or scope per kind. */
export type RequestKind =
  | 'search'
  | 'metadata'
  | 'rendered'
  | 'thumbnail'
  | 'retrieve'
  | 'store'
  | 'document'
  | 'fhir'
  | 'other';

/**
 * Fetch priority of a request, passed to `fetch` as `priority`. Browsers
 * without Fetch Priority and Node ignore it.
 */
export type FetchPriority = 'high' | 'low' | 'auto';

/** The request details passed to the auth hook before the request is sent. */
export interface AuthRequest {
  url: string;
  method: string;
  kind: RequestKind;
  /** The id of the source the request goes to. */
  sourceId?: string;
  /**
   * True on the second call for the same request, after the server responded
   * 401: refresh the token now.
   */
  refresh: boolean;
  signal?: AbortSignal;
}

/**
 * Returns the headers to add to one request, such as
 * `{ Authorization: 'Bearer …' }`. Called before every request of every kind,
 * and once more after a 401.
 */
export type AuthHook = (request: AuthRequest) => Promise<HeadersInit | undefined> | HeadersInit | undefined;

/** Query parameter names that carry credentials; a request URL with any of them is rejected. */
const CREDENTIAL_PARAMETERS = new Set([
  'access_token',
  'id_token',
  'refresh_token',
  'token',
  'apikey',
  'api_key',
  'jwt',
  'password',
  'authorization',
  'bearer',
  'saml',
  'assertion',
]);

/**
 * Throws when a URL carries a credential: user information, or a query or
 * fragment parameter with a credential name such as `access_token`.
 */
export function assertNoCredentialsInUrl(url: string | URL): void {
  const parsed = new URL(String(url), 'http://relative.invalid');
  const reject = (where: string): never => {
    throw new StudylineError(
      'credentials-in-url',
      `Refusing to send a request with a credential in its ${where}; credentials go in request headers.`,
      { path: parsed.pathname },
    );
  };
  if (parsed.username !== '' || parsed.password !== '') reject('user information');
  for (const name of parsed.searchParams.keys()) {
    if (CREDENTIAL_PARAMETERS.has(name.toLowerCase())) reject('query');
  }
  if (parsed.hash.length > 1) {
    const fragment = new URLSearchParams(parsed.hash.slice(1));
    for (const name of fragment.keys()) {
      if (CREDENTIAL_PARAMETERS.has(name.toLowerCase())) reject('fragment');
    }
  }
}

/** A 503 `Retry-After` that the client waits out before it sends the request again. */
export interface RetryAfterInfo {
  /** URL path of the request, without query or fragment. */
  path: string;
  /** Seconds the client waits before the next attempt. */
  waitSeconds: number;
  /** 1 for the first wait of this request, 2 for the second, and so on. */
  attempt: number;
}

export interface HttpClientOptions {
  auth?: AuthHook;
  /** The fetch implementation; defaults to the global one. */
  fetch?: typeof fetch;
  sourceId?: string;
  /**
   * How long to wait out a 503 with `Retry-After`, in seconds in all, before
   * failing. Gateways respond so while they pull a study in. Default 120.
   */
  maxRetryAfterSeconds?: number;
  /** Called while a 503 `Retry-After` is waited out, so that the UI can show it. */
  onRetryAfter?: (info: RetryAfterInfo) => void;
  /** Passed to fetch; `same-origin` by default. */
  credentials?: RequestCredentials;
}

export interface HttpRequest {
  method?: string;
  kind: RequestKind;
  headers?: HeadersInit;
  /**
   * The request body. A 401 refresh or a 503 `Retry-After` sends the request
   * again, so a body must be readable twice (string, Blob, ArrayBuffer), or be
   * a function that makes a new body for each attempt, such as a ReadableStream.
   */
  body?: BodyInit | (() => BodyInit);
  signal?: AbortSignal;
  /** Status codes to return instead of throwing, besides 2xx. */
  acceptStatus?: readonly number[];
  /** Called while a 503 `Retry-After` is waited out for this request, after the client's own `onRetryAfter`. */
  onRetryAfter?: (info: RetryAfterInfo) => void;
  priority?: FetchPriority;
}

export interface HttpClient {
  /**
   * Sends a request and returns the response for a 2xx status or one listed
   * in `acceptStatus`. Throws StudylineError for other statuses and network
   * errors, and the abort reason when the signal aborts.
   */
  request(url: string, init: HttpRequest): Promise<Response>;
}

function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function delay(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, milliseconds);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function readErrorDetail(response: Response): Promise<string> {
  const warning = response.headers.get('Warning');
  if (warning) return ` (${warningText(warning)})`;
  return '';
}

/** Extracts the quoted text of a `Warning: 299 host "text"` header, or the header itself. */
export function warningText(header: string): string {
  const match = /"((?:[^"\\]|\\.)*)"/.exec(header);
  return match ? match[1].replace(/\\(.)/g, '$1') : header.trim();
}

/** Creates the HTTP client that adapters use for every request. */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const fetchImplementation = options.fetch ?? globalThis.fetch.bind(globalThis);
  const maxRetryAfterSeconds = options.maxRetryAfterSeconds ?? 120;

  async function send(url: string, init: HttpRequest, refresh: boolean): Promise<Response> {
    const method = init.method ?? 'GET';
    const headers = new Headers(init.headers);
    if (options.auth) {
      const added = await options.auth({ url, method, kind: init.kind, sourceId: options.sourceId, refresh, signal: init.signal });
      if (added !== undefined) new Headers(added).forEach((value, name) => headers.set(name, value));
    }
    init.signal?.throwIfAborted();
    const body = typeof init.body === 'function' ? init.body() : init.body;
    const fetchInit: RequestInit & { duplex?: 'half' } = {
      method,
      headers,
      body,
      signal: init.signal,
      credentials: options.credentials ?? 'same-origin',
    };
    // Fetch sends a stream body only with duplex 'half': the response may then start before the body ends.
    if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) fetchInit.duplex = 'half';
    if (init.priority !== undefined) fetchInit.priority = init.priority;
    try {
      return await fetchImplementation(url, fetchInit);
    } catch (error) {
      if (isAbortError(error) || init.signal?.aborted) throw init.signal?.reason ?? error;
      throw new StudylineError('network', `Could not reach the server for ${safePath(url)}. Check the connection and the server address.`, {
        path: safePath(url),
        cause: error,
      });
    }
  }

  return {
    async request(url, init) {
      assertNoCredentialsInUrl(url);
      const path = safePath(url);
      let response = await send(url, init, false);
      if (response.status === 401 && options.auth) {
        await response.body?.cancel().catch(() => undefined);
        response = await send(url, init, true);
      }

      let waitedSeconds = 0;
      let attempt = 0;
      while (response.status === 503) {
        const wait = parseRetryAfter(response.headers.get('Retry-After'));
        if (wait === undefined || waitedSeconds + wait > maxRetryAfterSeconds) break;
        attempt++;
        const info: RetryAfterInfo = { path, waitSeconds: wait, attempt };
        options.onRetryAfter?.(info);
        init.onRetryAfter?.(info);
        await response.body?.cancel().catch(() => undefined);
        await delay(wait * 1000, init.signal);
        waitedSeconds += wait;
        response = await send(url, init, false);
      }

      if (response.ok || init.acceptStatus?.includes(response.status)) return response;

      const detail = await readErrorDetail(response);
      await response.body?.cancel().catch(() => undefined);
      if (response.status === 401) {
        throw new StudylineError(
          'unauthorized',
          `The server rejected the credentials for ${path} (HTTP 401), also after a token refresh. Sign in again.`,
          { status: 401, path },
        );
      }
      if (response.status === 403) {
        throw new StudylineError('unauthorized', `Access to ${path} is forbidden (HTTP 403)${detail}.`, { status: 403, path });
      }
      throw new StudylineError('http', `The server responded with HTTP ${response.status} for ${path}${detail}.`, {
        status: response.status,
        path,
      });
    },
  };
}
