/** Helpers for this package's tests: a gateway per test file, tokens and response parsing. */
import { parseMediaType, parseMultipart, type DicomJsonDataset, type MultipartPart } from '@studyline/core';
import { createSampleGateway, type GatewayLogger, type SampleGateway, type SampleGatewayOptions } from './server.js';

/** Creates a logger that keeps the lines, so tests stay quiet and can check what was logged. */
export function createMemoryLogger(): GatewayLogger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info: ${message}`),
    warn: (message) => lines.push(`warn: ${message}`),
    error: (message, error) => lines.push(`error: ${message}${error instanceof Error ? ` ${error.message}` : ''}`),
  };
}

export interface TestGateway {
  gateway: SampleGateway;
  logger: ReturnType<typeof createMemoryLogger>;
  token: string;
  /** Fetches a path of the gateway with the bearer token. */
  get(path: string, init?: RequestInit): Promise<Response>;
  /** Fetches a path of the gateway without any token. */
  fetchPlain(path: string, init?: RequestInit): Promise<Response>;
}

/** Starts a gateway on an ephemeral port. The caller closes it, normally in a top-level `after` hook. */
export async function startTestGateway(options: SampleGatewayOptions = {}): Promise<TestGateway> {
  const logger = createMemoryLogger();
  const gateway = await createSampleGateway({ port: 0, logger, ...options });
  const token = gateway.issueToken().access_token;
  const fetchPlain = (path: string, init?: RequestInit): Promise<Response> => fetch(`${gateway.url}${path}`, init);
  const get = (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${token}`);
    return fetchPlain(path, { ...init, headers });
  };
  return { gateway, logger, token, get, fetchPlain };
}

/** Reads a QIDO-RS or metadata response as an array of DICOM JSON datasets. */
export async function readDatasets(response: Response): Promise<DicomJsonDataset[]> {
  return (await response.json()) as DicomJsonDataset[];
}

/** Returns the first value of an attribute, or undefined. */
export function value(dataset: DicomJsonDataset, tag: string): unknown {
  const values = dataset[tag]?.Value;
  return Array.isArray(values) ? values[0] : undefined;
}

/** Returns all values of an attribute, or an empty array. */
export function values(dataset: DicomJsonDataset, tag: string): unknown[] {
  const list = dataset[tag]?.Value;
  return Array.isArray(list) ? list : [];
}

/** Parses a multipart/related response body into its parts. Rejects as `parseMultipart` does for a cut body. */
export async function readParts(response: Response): Promise<MultipartPart[]> {
  const contentType = response.headers.get('content-type') ?? '';
  const boundary = parseMediaType(contentType).parameters.get('boundary');
  if (boundary === undefined || response.body === null) throw new Error(`Not a multipart response: ${contentType}`);
  const parts: MultipartPart[] = [];
  for await (const part of parseMultipart(response.body, boundary)) parts.push(part);
  return parts;
}

/** Builds a multipart/related STOW-RS body from parts. */
export function buildMultipart(parts: readonly { contentType?: string; body: Uint8Array }[], boundary: string): Uint8Array<ArrayBuffer> {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const header = `--${boundary}\r\n${part.contentType === undefined ? '' : `Content-Type: ${part.contentType}\r\n`}\r\n`;
    chunks.push(Buffer.from(header, 'latin1'), Buffer.from(part.body), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return new Uint8Array(Buffer.concat(chunks));
}
