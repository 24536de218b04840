/**
 * A real HTTP proxy on 127.0.0.1 in front of a DICOMweb server, for fault
 * tests: it passes every request through, and on STOW-RS requests it can
 * reject chosen instances with a FailedSOPSequence (0008,1198) item, as
 * archives that reject single instances do, or return 503 with Retry-After.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseMediaType, parseMultipart, readFileMetaInformation } from '@studyline/core';

export interface DicomWebProxy {
  /** `http://127.0.0.1:PORT`; DICOMweb paths are the same as on the server behind it. */
  readonly url: string;
  /** SOP Instance UIDs that STOW-RS requests reject with FailureReason 0xA700 (out of resources). */
  readonly rejectSopInstanceUids: Set<string>;
  /** Makes the next STOW-RS request get `503` with `Retry-After: seconds`. */
  answerNextStoreWith503(seconds: number): void;
  /** Number of STOW-RS requests received, including rejected ones. */
  readonly storeRequests: number;
  close(): Promise<void>;
}

const OUT_OF_RESOURCES = 0xa700;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** Starts a proxy that forwards to `target`, such as an Orthanc's `http://127.0.0.1:PORT`. */
export async function startDicomWebProxy(target: string): Promise<DicomWebProxy> {
  const targetUrl = new URL(target);
  const rejectSopInstanceUids = new Set<string>();
  let pending503: number | undefined;
  let storeRequests = 0;

  function forward(request: IncomingMessage, response: ServerResponse, body?: Buffer): void {
    const headers = { ...request.headers, host: targetUrl.host };
    if (body !== undefined) headers['content-length'] = String(body.length);
    const upstream = httpRequest(
      { host: targetUrl.hostname, port: targetUrl.port, path: request.url, method: request.method, headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    if (body !== undefined) upstream.end(body);
    else request.pipe(upstream);
  }

  async function store(request: IncomingMessage, response: ServerResponse): Promise<void> {
    storeRequests++;
    const body = await readBody(request);
    if (pending503 !== undefined) {
      response.writeHead(503, { 'Retry-After': String(pending503) }).end();
      pending503 = undefined;
      return;
    }
    const boundary = parseMediaType(request.headers['content-type'] ?? '').parameters.get('boundary') ?? '';
    const kept: Buffer[] = [];
    const failed: Record<string, unknown>[] = [];
    for await (const part of parseMultipart(once(body), boundary)) {
      const meta = readFileMetaInformation(part.body);
      if (meta?.sopInstanceUid !== undefined && rejectSopInstanceUids.has(meta.sopInstanceUid)) {
        failed.push({
          '00081150': { vr: 'UI', Value: [meta.sopClassUid] },
          '00081155': { vr: 'UI', Value: [meta.sopInstanceUid] },
          '00081197': { vr: 'US', Value: [OUT_OF_RESOURCES] },
        });
        continue;
      }
      kept.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), Buffer.from(part.body), Buffer.from('\r\n'));
    }
    if (failed.length === 0) {
      forward(request, response, body);
      return;
    }

    let result: Record<string, unknown> = {};
    if (kept.length > 0) {
      kept.push(Buffer.from(`--${boundary}--\r\n`));
      const answer = await fetch(new URL(request.url ?? '/', targetUrl), {
        method: 'POST',
        headers: { 'Content-Type': request.headers['content-type'] ?? '', Accept: 'application/dicom+json' },
        body: Buffer.concat(kept),
      });
      result = (await answer.json()) as Record<string, unknown>;
    }
    result['00081198'] = { vr: 'SQ', Value: failed };
    response
      .writeHead(kept.length > 0 ? 202 : 409, {
        'Content-Type': 'application/dicom+json',
        Warning: `299 studyline-test-proxy "${failed.length} instance(s) rejected: out of resources"`,
      })
      .end(JSON.stringify(result));
  }

  const server = createServer((request, response) => {
    const isStore = request.method === 'POST' && /\/studies\/?$/.test(new URL(request.url ?? '/', 'http://proxy.invalid').pathname);
    if (!isStore) {
      forward(request, response);
      return;
    }
    store(request, response).catch((error: unknown) => {
      response.destroy(error instanceof Error ? error : new Error(String(error)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    rejectSopInstanceUids,
    answerNextStoreWith503(seconds) {
      pending503 = seconds;
    },
    get storeRequests() {
      return storeRequests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
