/** Serving of a folder of static files (the demo page) at `/`. */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { HttpError } from './http-util.js';

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/vnd.microsoft.icon',
  '.webp': 'image/webp',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.dcm': 'application/dicom',
};

/** Returns the media type for a file name, or `application/octet-stream` for unknown extensions. */
export function mediaTypeFor(path: string): string {
  return MEDIA_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function notFound(pathname: string): HttpError {
  return new HttpError(404, `No file at ${pathname}.`);
}

/**
 * Resolves a URL path to a file inside the root folder. Rejects, with 404,
 * paths that leave the root (also through `..` in percent-encoded form or
 * through symbolic links) and paths with a segment starting with a dot.
 * A folder resolves to its `index.html`.
 */
export async function resolveStaticFile(rootDir: string, pathname: string): Promise<string> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    throw new HttpError(400, `The path ${pathname} is not valid percent-encoded text.`);
  }
  if (decoded.includes('\0') || decoded.includes('\\')) throw notFound(pathname);
  const segments = decoded.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment.startsWith('.'))) throw notFound(pathname);

  const root = await realpath(resolve(rootDir));
  let candidate = join(root, ...segments);
  let info = await stat(candidate).catch(() => undefined);
  if (info?.isDirectory()) {
    candidate = join(candidate, 'index.html');
    info = await stat(candidate).catch(() => undefined);
  }
  if (info === undefined || !info.isFile()) throw notFound(pathname);
  const real = await realpath(candidate);
  if (real !== root && !real.startsWith(root + sep)) throw notFound(pathname);
  return real;
}

/** Serves a GET or HEAD request with a file from the root folder. */
export async function serveStatic(rootDir: string, pathname: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new HttpError(405, `Static files accept only GET and HEAD, not ${request.method}.`, { Allow: 'GET, HEAD' });
  }
  const path = await resolveStaticFile(rootDir, pathname);
  const { size } = await stat(path);
  response.writeHead(200, {
    'Content-Type': mediaTypeFor(path),
    'Content-Length': size,
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => response.destroy());
  stream.pipe(response);
}
