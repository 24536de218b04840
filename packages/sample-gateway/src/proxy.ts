/**
 * Forwarding of a source's DICOMweb requests to another DICOMweb server that
 * the operator names, such as a local Orthanc. Bodies stream both ways.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import { HttpError } from './http-util.js';

export interface UpstreamOptions {
  /** Path segment of the source, `/dicomweb/<key>/`. */
  key: string;
  label: string;
  /** DICOMweb root of the other server, such as `http://127.0.0.1:8042/dicom-web`. Only http and https. */
  url: string;
  /** Role of the source in the demo. Default `external`. */
  kind?: 'internal' | 'external';
  institution?: string;
  /** Time to wait for the upstream server's response headers and for each pause in its body, in milliseconds. Default 30 000. */
  timeoutMs?: number;
}

export interface Upstream {
  key: string;
  label: string;
  kind: 'internal' | 'external';
  institution?: string;
  baseUrl: URL;
  timeoutMs: number;
}

export const SOURCE_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** Checks an upstream definition. Throws TypeError with the reason for keys, kinds and URLs that cannot be used. */
export function validateUpstream(options: UpstreamOptions): Upstream {
  if (!SOURCE_KEY_PATTERN.test(options.key)) {
    throw new TypeError(`Upstream key "${options.key}" is invalid: use 1 to 32 lower-case letters, digits and hyphens.`);
  }
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new TypeError(`Upstream URL "${options.url}" of source "${options.key}" is not a valid absolute URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`Upstream URL of source "${options.key}" must use http or https, not ${url.protocol}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new TypeError(`Upstream URL of source "${options.key}" contains user information, but credentials must not be put in URLs.`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new TypeError(`Upstream URL of source "${options.key}" must not have a query or fragment.`);
  }
  const kind = options.kind ?? 'external';
  if (kind !== 'internal' && kind !== 'external') {
    throw new TypeError(`Upstream kind of source "${options.key}" must be internal or external, not "${String(kind)}".`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return {
    key: options.key,
    label: options.label,
    kind,
    institution: options.institution,
    baseUrl: url,
    timeoutMs: options.timeoutMs ?? 30_000,
  };
}

/** Request headers passed on. Authorization and Cookie are never among them: the token is for this gateway only. */
const FORWARDED_REQUEST_HEADERS = ['accept', 'content-type', 'content-length'];
const FORWARDED_RESPONSE_HEADERS = [
  'content-type',
  'content-length',
  'warning',
  'retry-after',
  'cache-control',
  'etag',
  'last-modified',
  'content-location',
];

/**
 * Builds the upstream URL for a path below the source's root. Rejects `.`
 * and `..` segments, also percent-encoded, so a request cannot climb out of
 * the upstream's DICOMweb root.
 */
export function upstreamUrl(upstream: Upstream, subPath: string, search: string): URL {
  for (const segment of subPath.split('/')) {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw new HttpError(400, 'The request path is not valid percent-encoded text.');
    }
    if (decoded === '.' || decoded === '..' || decoded.includes('/') || decoded.includes('\\')) {
      throw new HttpError(400, 'The request path must not contain "." or ".." segments.');
    }
  }
  const url = new URL(upstream.baseUrl);
  url.pathname = `${upstream.baseUrl.pathname}${subPath}`;
  url.search = search;
  return url;
}

/**
 * Forwards one request to the upstream server and streams its response back.
 * Connection failures become 502, timeouts 504, and an upstream 401 or 407
 * becomes 502 too, since the client's token is valid here and retrying it
 * would not help.
 */
export function forwardRequest(
  upstream: Upstream,
  target: URL,
  request: IncomingMessage,
  response: ServerResponse,
  onError: (message: string, error?: unknown) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { 'user-agent': 'studyline-sample-gateway' };
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = request.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    if (request.headers['transfer-encoding'] !== undefined && headers['content-length'] === undefined) {
      headers['transfer-encoding'] = 'chunked';
    }

    const client = target.protocol === 'https:' ? https : http;
    const outgoing = client.request(target, { method: request.method, headers });
    let settled = false;
    const finish = (): void => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    const fail = (status: number, message: string, error?: unknown): void => {
      onError(`${message} (source "${upstream.key}", ${request.method} ${target.pathname})`, error);
      if (!response.headersSent) {
        const body = `${message}\n`;
        response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
        response.end(body);
      } else {
        response.destroy();
      }
      finish();
    };

    let timedOut = false;
    outgoing.setTimeout(upstream.timeoutMs, () => {
      timedOut = true;
      outgoing.destroy(new Error(`No response within ${upstream.timeoutMs} ms.`));
    });
    outgoing.on('error', (error) => {
      if (settled) return;
      fail(
        timedOut ? 504 : 502,
        timedOut
          ? `The upstream server of source "${upstream.label}" did not answer in time.`
          : `The upstream server of source "${upstream.label}" could not be reached: ${(error as NodeJS.ErrnoException).code ?? error.message}.`,
        error,
      );
    });
    outgoing.on('response', (incoming) => {
      const status = incoming.statusCode ?? 502;
      if (status === 401 || status === 407) {
        incoming.resume();
        fail(502, `The upstream server of source "${upstream.label}" rejected the gateway's request with HTTP ${status}.`);
        return;
      }
      const responseHeaders: Record<string, string | string[]> = {};
      for (const name of FORWARDED_RESPONSE_HEADERS) {
        const value = incoming.headers[name];
        if (value !== undefined) responseHeaders[name] = value;
      }
      response.writeHead(status, responseHeaders);
      incoming.pipe(response);
      incoming.on('end', finish);
      incoming.on('error', (error) => fail(502, `The upstream response of source "${upstream.label}" broke off.`, error));
    });

    // A client that goes away stops the upstream transfer too.
    response.on('close', () => {
      if (!response.writableFinished) outgoing.destroy();
      finish();
    });
    request.pipe(outgoing);
  });
}
