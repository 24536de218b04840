/**
 * WADO-RS retrieve of Part 10 instances, parsed as the multipart body
 * arrives, so that only one instance is in memory at a time.
 */
import {
  StudylineError,
  buildAcceptHeader,
  isAbortError,
  parseMediaType,
  parseMultipart,
  readFileMetaInformation,
  safePath,
  type DicomInstance,
  type HttpClient,
  type InstanceStream,
  type RetrieveProgress,
  type RetrieveResult,
  type RetryAfterInfo,
} from '@studyline/core';

export interface RetrieveRequest {
  http: HttpClient;
  /** One or more WADO-RS URLs, retrieved in order. */
  urls: readonly string[];
  signal?: AbortSignal;
  expectedInstances?: number;
  onProgress?: (progress: RetrieveProgress) => void;
  onRetryAfter?: (info: RetryAfterInfo) => void;
}

/** Accept header asking for Part 10 files in whatever transfer syntax the server stores. */
export const PART10_ACCEPT = buildAcceptHeader([{ mediaType: 'application/dicom', transferSyntax: '*' }]);

function toInstance(body: Uint8Array, headers: Map<string, string>): DicomInstance | undefined {
  const meta = readFileMetaInformation(body);
  if (meta === undefined) return undefined;
  const contentType = headers.get('content-type') ?? 'application/dicom';
  const instance: DicomInstance = { data: body, mediaType: parseMediaType(contentType).type || 'application/dicom' };
  // The file meta information wins over a missing or '*' transfer-syntax parameter in the part header.
  const headerSyntax = parseMediaType(contentType).parameters.get('transfer-syntax');
  const transferSyntax = meta.transferSyntaxUid ?? (headerSyntax !== undefined && headerSyntax !== '*' ? headerSyntax : undefined);
  if (transferSyntax !== undefined) instance.transferSyntaxUid = transferSyntax;
  if (meta.sopInstanceUid !== undefined) instance.sopInstanceUid = meta.sopInstanceUid;
  if (meta.sopClassUid !== undefined) instance.sopClassUid = meta.sopClassUid;
  return instance;
}

/**
 * Streams instances from WADO-RS URLs. The stream ends as incomplete, never
 * as complete, when the server responds with 206, the body ends before its closing
 * boundary, the connection breaks, a part is not a DICOM file, or fewer
 * instances arrive than expected.
 */
export function retrieveInstances(request: RetrieveRequest): InstanceStream {
  let settle: (result: RetrieveResult) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const result = new Promise<RetrieveResult>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  // A caller may never await `result` when iteration throws, so a rejection must not go unhandled.
  result.catch(() => undefined);

  async function* generate(): AsyncGenerator<DicomInstance> {
    let instances = 0;
    let bytes = 0;
    const problems: string[] = [];
    let finished = false;
    const progress = (totalBytes?: number): void => {
      const update: RetrieveProgress = { instances, bytes };
      if (request.expectedInstances !== undefined) update.totalInstances = request.expectedInstances;
      if (totalBytes !== undefined) update.totalBytes = totalBytes;
      request.onProgress?.(update);
    };

    try {
      for (const url of request.urls) {
        const path = safePath(url);
        let response: Response;
        try {
          response = await request.http.request(url, {
            kind: 'retrieve',
            signal: request.signal,
            headers: { Accept: PART10_ACCEPT },
            acceptStatus: [206],
            onRetryAfter: request.onRetryAfter,
          });
        } catch (error) {
          // One instance that the server no longer has must not stop the retrieve of the others.
          const instanceNotFound = error instanceof StudylineError && error.code === 'http' && (error.status === 404 || error.status === 410);
          if (!instanceNotFound || request.urls.length === 1) throw error;
          problems.push(error.message);
          continue;
        }
        if (response.status === 206) problems.push(`The server sent only part of ${path} (HTTP 206 Partial Content).`);
        const declaredLength = Number(response.headers.get('Content-Length') ?? '');
        const totalBytes = request.urls.length === 1 && declaredLength > 0 ? declaredLength : undefined;
        const mediaType = parseMediaType(response.headers.get('Content-Type') ?? '');

        if (mediaType.type === 'application/dicom') {
          const body = new Uint8Array(await response.arrayBuffer());
          const instance = toInstance(body, new Map([['content-type', response.headers.get('Content-Type') ?? '']]));
          if (instance === undefined) problems.push(`The answer for ${path} is not a DICOM Part 10 file.`);
          else {
            instances++;
            bytes += body.length;
            progress(totalBytes);
            yield instance;
          }
          continue;
        }

        const boundary = mediaType.parameters.get('boundary');
        if (mediaType.type !== 'multipart/related' || boundary === undefined || response.body === null) {
          await response.body?.cancel().catch(() => undefined);
          throw new StudylineError(
            'media-type',
            `The server answered ${mediaType.type || 'no media type'} instead of multipart/related DICOM for ${path}.`,
            { path, status: response.status },
          );
        }

        let partNumber = 0;
        try {
          for await (const part of parseMultipart(response.body, boundary)) {
            partNumber++;
            const instance = toInstance(part.body, part.headers);
            if (instance === undefined) {
              problems.push(`Part ${partNumber} of ${path} is not a DICOM Part 10 file and was skipped.`);
              continue;
            }
            instances++;
            bytes += part.body.length;
            progress(totalBytes);
            yield instance;
          }
        } catch (error) {
          if (isAbortError(error) || request.signal?.aborted) throw request.signal?.reason ?? error;
          if (error instanceof StudylineError && error.code === 'truncated') {
            problems.push(`The retrieve of ${path} ended early: ${error.message}`);
          } else if (error instanceof StudylineError) {
            problems.push(error.message);
          } else {
            problems.push(`The connection broke while retrieving ${path}, after ${instances} instances.`);
          }
        }
      }
      finished = true;
    } catch (error) {
      if (isAbortError(error) || request.signal?.aborted) {
        fail(request.signal?.reason ?? error);
        throw request.signal?.reason ?? error;
      }
      // A failed request (HTTP error, network) still settles the result as incomplete, then rethrows.
      problems.push(error instanceof Error ? error.message : String(error));
      settle(summarise(instances, bytes, problems, request.expectedInstances));
      throw error;
    } finally {
      if (!finished) problems.push('The retrieve was stopped before it finished.');
      settle(summarise(instances, bytes, problems, request.expectedInstances));
    }
  }

  return {
    result,
    [Symbol.asyncIterator]: () => generate(),
  };
}

function summarise(instances: number, bytes: number, problems: string[], expected?: number): RetrieveResult {
  const result: RetrieveResult = { complete: problems.length === 0, instances, bytes };
  if (expected !== undefined) {
    result.expectedInstances = expected;
    if (instances < expected) {
      result.complete = false;
      problems.push(`Only ${instances} of ${expected} instances arrived.`);
    }
  }
  if (problems.length > 0) result.reason = problems.join(' ');
  return result;
}
