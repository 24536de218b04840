/**
 * WADO-RS retrieve (PS3.18 section 10.4): Accept negotiation and streaming of
 * stored Part 10 files as `multipart/related; type="application/dicom"`.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBoundary } from '@studyline/core';
import { HttpError, parseAccept } from './http-util.js';
import type { InstanceRecord } from './store.js';

/**
 * Checks the Accept header of a retrieve against the stored files. Accepted:
 * no header, `*\/*`, `multipart/*` and `multipart/related` with type
 * `application/dicom` (or no type), with `transfer-syntax=*`, without a
 * transfer syntax, or with the one every file is stored in. Throws a 406
 * HttpError otherwise, because this gateway does not transcode.
 */
export function checkRetrieveAccept(request: IncomingMessage, instances: readonly InstanceRecord[]): void {
  let unavailableSyntax: string | undefined;
  for (const range of parseAccept(request.headers.accept)) {
    const partType = range.parameters.get('type')?.toLowerCase();
    const typeAccepted =
      range.type === '*/*' ||
      range.type === 'multipart/*' ||
      (range.type === 'multipart/related' && (partType === undefined || partType === 'application/dicom'));
    if (!typeAccepted) continue;
    const syntax = range.parameters.get('transfer-syntax');
    if (syntax === undefined || syntax === '*') return;
    if (instances.every((instance) => instance.transferSyntaxUid === syntax)) return;
    unavailableSyntax ??= syntax;
  }
  if (unavailableSyntax !== undefined) {
    const stored = [...new Set(instances.map((instance) => instance.transferSyntaxUid))].join(', ');
    throw new HttpError(
      406,
      `Transfer syntax ${unavailableSyntax} is not available: the instances are stored as ${stored}, and this gateway does not transcode. ` +
        'Ask for transfer-syntax=* to receive them as stored.',
    );
  }
  throw new HttpError(406, 'This resource is available only as multipart/related; type="application/dicom". Adjust the Accept header.');
}

/** Thrown when the client closed the connection while the response was being written. */
class ConnectionClosedError extends Error {
  override readonly name = 'ConnectionClosedError';
}

/** Writes a chunk and waits for the socket to drain when its buffer is full, so a slow client holds back the file reads. */
function writeChunk(response: ServerResponse, chunk: string | Uint8Array): Promise<void> {
  if (response.destroyed) return Promise.reject(new ConnectionClosedError('The client closed the connection.'));
  if (response.write(chunk)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      response.off('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      response.off('drain', onDrain);
      reject(new ConnectionClosedError('The client closed the connection.'));
    };
    response.once('drain', onDrain);
    response.once('close', onClose);
  });
}

async function writeFileContent(response: ServerResponse, path: string, end?: number): Promise<void> {
  const stream = createReadStream(path, end === undefined ? {} : { end: end - 1 });
  try {
    for await (const chunk of stream) await writeChunk(response, chunk as Buffer);
  } finally {
    stream.destroy();
  }
}

export interface MultipartOptions {
  status?: number;
  headers?: Record<string, string>;
  /**
   * End the body after this many complete parts, in the middle of the next
   * part and without the closing boundary, as a server that crashed would.
   */
  cutAfterParts?: number;
}

/**
 * Streams instances as a multipart/related body, one file at a time and in
 * chunks, with Content-Type (including the stored transfer syntax) and
 * Content-Length on every part. Returns the number of complete parts sent.
 * When a file cannot be read after the headers were sent, the response is
 * destroyed, so the client sees a broken body rather than a shorter one, and
 * the promise rejects with the read error.
 */
export async function streamMultipart(
  response: ServerResponse,
  instances: readonly InstanceRecord[],
  options: MultipartOptions = {},
): Promise<number> {
  const boundary = createBoundary();
  response.writeHead(options.status ?? 200, {
    ...options.headers,
    'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
    'Cache-Control': 'no-store',
  });

  let parts = 0;
  try {
    for (const instance of instances) {
      const { size } = await stat(instance.path);
      const partHeader =
        `--${boundary}\r\n` +
        `Content-Type: application/dicom; transfer-syntax=${instance.transferSyntaxUid}\r\n` +
        `Content-Length: ${size}\r\n\r\n`;
      await writeChunk(response, partHeader);
      if (options.cutAfterParts !== undefined && parts >= options.cutAfterParts) {
        await writeFileContent(response, instance.path, Math.floor(size / 2));
        response.end();
        return parts;
      }
      await writeFileContent(response, instance.path);
      await writeChunk(response, '\r\n');
      parts++;
    }
    if (options.cutAfterParts !== undefined && parts >= options.cutAfterParts) {
      response.end();
      return parts;
    }
    response.end(`--${boundary}--\r\n`);
    return parts;
  } catch (error) {
    response.destroy();
    if (error instanceof ConnectionClosedError) return parts;
    throw error;
  }
}
