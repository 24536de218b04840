/** Small helpers for sending responses with node:http. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseMediaType, type MediaType } from '@studyline/core';

/** An error that becomes an HTTP response with this status and a plain-text message. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Sends a plain-text response. The message ends with a newline, as curl users expect. */
export function sendText(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  const body = message.endsWith('\n') ? message : `${message}\n`;
  response.writeHead(status, {
    ...headers,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, value: unknown, contentType: string, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  response.writeHead(status, {
    ...headers,
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

/** One media range of an Accept header with its quality value. */
export interface AcceptRange extends MediaType {
  quality: number;
}

/** Splits a header at commas that are outside quoted strings. */
function splitOutsideQuotes(header: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < header.length; index++) {
    const character = header[index];
    if (character === '"' && header[index - 1] !== '\\') quoted = !quoted;
    if (character === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else {
      current += character;
    }
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part !== '');
}

/**
 * Parses an Accept header into media ranges, highest quality first (stable
 * among equal qualities). Ranges with q=0 are dropped. A missing or empty
 * header counts as `*\/*`.
 */
export function parseAccept(header: string | undefined): AcceptRange[] {
  if (header === undefined || header.trim() === '') return [{ type: '*/*', parameters: new Map(), quality: 1 }];
  const ranges: AcceptRange[] = [];
  for (const part of splitOutsideQuotes(header)) {
    const mediaType = parseMediaType(part);
    const q = mediaType.parameters.get('q');
    const quality = q === undefined ? 1 : Number(q);
    if (!Number.isFinite(quality) || quality <= 0) continue;
    ranges.push({ ...mediaType, quality: Math.min(1, quality) });
  }
  return ranges.sort((a, b) => b.quality - a.quality);
}

/** Tells whether a media range accepts a media type, such as `image/*` accepting `image/png`. */
export function rangeAccepts(range: string, mediaType: string): boolean {
  if (range === '*/*' || range === mediaType) return true;
  return range.endsWith('/*') && mediaType.startsWith(range.slice(0, -1));
}

/** Returns the first of `offered` that the request's Accept header allows, or undefined. */
export function negotiate(request: IncomingMessage, offered: readonly string[]): string | undefined {
  for (const range of parseAccept(request.headers.accept)) {
    const match = offered.find((mediaType) => rangeAccepts(range.type, mediaType));
    if (match !== undefined) return match;
  }
  return undefined;
}

export function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
