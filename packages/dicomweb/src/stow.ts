/**
 * STOW-RS store in batches, with the store response read from its body and
 * not from the status code alone.
 */
import {
  StudylineError,
  Tag,
  createBoundary,
  formatMediaType,
  isAbortError,
  normalizeUid,
  readFileMetaInformation,
  readInteger,
  readSequence,
  readString,
  safePath,
  warningText,
  type DicomInstance,
  type DicomJsonDataset,
  type FailedInstance,
  type HttpClient,
  type StoreOptions,
  type StoreResult,
  type StoredInstance,
} from '@studyline/core';

const DEFAULT_BATCH_SIZE = 50;
const DEFAULT_MAX_BATCH_BYTES = 32 * 1024 * 1024;

/** Plain-words meaning of common FailureReason (0008,1197) values (PS3.18 table I.2-1 and PS3.4 annex B). */
const FAILURE_REASONS: Record<number, string> = {
  0x0110: 'processing failure',
  0x0112: 'no such object instance',
  0x0119: 'class-instance conflict',
  0x0122: 'SOP class not supported',
  0x0124: 'not authorized',
  0xa700: 'out of resources',
  0xa900: 'data set does not match SOP class',
  0xc000: 'cannot understand',
  0xc122: 'referenced transfer syntax not supported',
};

/** Describes a FailureReason code in plain words, with its hexadecimal value. */
export function describeFailureReason(code: number | undefined): string {
  if (code === undefined) return 'the server gave no reason';
  const hex = `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const meaning = FAILURE_REASONS[code];
  return meaning === undefined ? `failure reason ${hex}` : `${meaning} (${hex})`;
}

function referencedItems(dataset: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  return readSequence(dataset, tag);
}

/**
 * Reads a STOW-RS response body: successes from ReferencedSOPSequence
 * (0008,1199), or from (0008,114A) where a server puts them there instead,
 * and failures from FailedSOPSequence (0008,1198).
 */
export function readStoreResponse(
  dataset: DicomJsonDataset | undefined,
  status: number,
  warning: string | undefined,
  sent: readonly { sopInstanceUid?: string; sopClassUid?: string }[],
): StoreResult {
  const result: StoreResult = { stored: [], failed: [], warnings: [], storedCountUnknown: false };
  if (warning !== undefined) result.warnings.push(warning);

  if (dataset !== undefined) {
    let successes = referencedItems(dataset, Tag.ReferencedSOPSequence);
    if (successes.length === 0) {
      successes = referencedItems(dataset, Tag.ReferencedInstanceSequence);
      if (successes.length > 0) {
        result.warnings.push('The server listed stored instances under (0008,114A) instead of Referenced SOP Sequence (0008,1199).');
      }
    }
    for (const item of successes) {
      const uid = readString(item, Tag.ReferencedSOPInstanceUID);
      if (uid === undefined) continue;
      const stored: StoredInstance = { sopInstanceUid: normalizeUid(uid) };
      const sopClassUid = readString(item, Tag.ReferencedSOPClassUID);
      const retrieveUrl = readString(item, Tag.RetrieveURL);
      if (sopClassUid !== undefined) stored.sopClassUid = sopClassUid;
      if (retrieveUrl !== undefined) stored.retrieveUrl = retrieveUrl;
      result.stored.push(stored);
    }
    for (const item of referencedItems(dataset, Tag.FailedSOPSequence)) {
      const uid = readString(item, Tag.ReferencedSOPInstanceUID);
      const reason = readInteger(item, Tag.FailureReason);
      const failed: FailedInstance = {
        sopInstanceUid: uid === undefined ? '' : normalizeUid(uid),
        message: `Not stored: ${describeFailureReason(reason)}.`,
      };
      const sopClassUid = readString(item, Tag.ReferencedSOPClassUID);
      if (reason !== undefined) failed.failureReason = reason;
      if (sopClassUid !== undefined) failed.sopClassUid = sopClassUid;
      result.failed.push(failed);
    }
  }

  const listed = new Set([...result.stored, ...result.failed].map((item) => item.sopInstanceUid));
  if (status >= 400 && result.stored.length === 0 && result.failed.length === 0) {
    // An error status whose body names no instance (409 Conflict, or a 400 without a body): nothing was stored.
    for (const instance of sent) {
      result.failed.push({
        sopInstanceUid: instance.sopInstanceUid ?? '',
        message: `Not stored: the server rejected the whole request (HTTP ${status})${warning ? `: ${warning}` : ''}.`,
      });
    }
    return result;
  }
  if (result.stored.length === 0 && result.failed.length === 0) {
    // A success status without a list of stored instances cannot be verified here.
    result.storedCountUnknown = true;
    return result;
  }
  for (const instance of sent) {
    if (instance.sopInstanceUid !== undefined && !listed.has(instance.sopInstanceUid)) {
      result.failed.push({
        sopInstanceUid: instance.sopInstanceUid,
        message:
          status >= 400
            ? `Not stored: the server returned HTTP ${status} and its store response does not list this instance.`
            : 'Not confirmed: the store response does not list this instance.',
      });
    }
  }
  return result;
}

function mergeInto(total: StoreResult, part: StoreResult): void {
  total.stored.push(...part.stored);
  total.failed.push(...part.failed);
  for (const warning of part.warnings) if (!total.warnings.includes(warning)) total.warnings.push(warning);
  total.storedCountUnknown ||= part.storedCountUnknown;
}

interface Batch {
  instances: DicomInstance[];
  bytes: number;
}

async function* batchesOf(
  instances: AsyncIterable<DicomInstance> | Iterable<DicomInstance>,
  batchSize: number,
  maxBatchBytes: number,
): AsyncGenerator<Batch> {
  let batch: Batch = { instances: [], bytes: 0 };
  for await (const instance of instances) {
    if (batch.instances.length > 0 && (batch.instances.length >= batchSize || batch.bytes + instance.data.length > maxBatchBytes)) {
      yield batch;
      batch = { instances: [], bytes: 0 };
    }
    batch.instances.push(instance);
    batch.bytes += instance.data.length;
  }
  if (batch.instances.length > 0) yield batch;
}

/** Lists the pieces of a STOW-RS request body: part headers, the instances themselves and the closing boundary. */
function multipartPieces(instances: readonly DicomInstance[], boundary: string): Uint8Array<ArrayBuffer>[] {
  const encoder = new TextEncoder();
  const partHeader = encoder.encode(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`);
  const lineEnd = encoder.encode('\r\n');
  const pieces: Uint8Array<ArrayBuffer>[] = [];
  for (const instance of instances) pieces.push(partHeader, instance.data as Uint8Array<ArrayBuffer>, lineEnd);
  pieces.push(encoder.encode(`--${boundary}--\r\n`));
  return pieces;
}

/** Makes a stream over the pieces, without copying them; each call makes a new stream, for a request sent again. */
function streamOf(pieces: readonly Uint8Array<ArrayBuffer>[]): () => ReadableStream<Uint8Array> {
  return () => {
    let index = 0;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (index < pieces.length) controller.enqueue(pieces[index++]);
        else controller.close();
      },
    });
  };
}

/**
 * Stores instances with STOW-RS in batches; a failed batch marks its
 * instances failed and the next batch goes on.
 *
 * With `streamingUploads`, each request body is a stream over the instances'
 * own bytes. Otherwise it is a Blob, which copies them, so the batch lets go
 * of the instances while the request runs.
 */
export async function storeInstances(
  http: HttpClient,
  studiesUrl: string,
  instances: AsyncIterable<DicomInstance> | Iterable<DicomInstance>,
  options: StoreOptions = {},
  streamingUploads = false,
): Promise<StoreResult> {
  const total: StoreResult = { stored: [], failed: [], warnings: [], storedCountUnknown: false };
  let sentInstances = 0;
  let sentBytes = 0;

  for await (const batch of batchesOf(instances, options.batchSize ?? DEFAULT_BATCH_SIZE, options.maxBatchBytes ?? DEFAULT_MAX_BATCH_BYTES)) {
    options.signal?.throwIfAborted();
    const sent = batch.instances.map((instance) => {
      const meta = instance.sopInstanceUid === undefined ? readFileMetaInformation(instance.data) : undefined;
      return {
        sopInstanceUid: instance.sopInstanceUid ?? meta?.sopInstanceUid,
        sopClassUid: instance.sopClassUid ?? meta?.sopClassUid,
      };
    });
    const boundary = createBoundary();
    const pieces = multipartPieces(batch.instances, boundary);
    const body = streamingUploads ? streamOf(pieces) : new Blob(pieces);
    const bodyLength = pieces.reduce((sum, piece) => sum + piece.length, 0);
    const batchBytes = batch.bytes;
    const batchCount = batch.instances.length;
    if (!streamingUploads) {
      pieces.length = 0;
      batch.instances.length = 0;
    }
    try {
      const response = await http.request(studiesUrl, {
        method: 'POST',
        kind: 'store',
        signal: options.signal,
        onRetryAfter: options.onRetryAfter,
        headers: {
          'Content-Type': formatMediaType('multipart/related', [
            ['type', 'application/dicom'],
            ['boundary', boundary],
          ]),
          // Orthanc 1.10 with DICOMweb plugin 1.7 compares the whole Accept header and logs any list as an error.
          Accept: 'application/dicom+json',
          // With its length known, a stream body goes out with Content-Length instead of chunked transfer coding.
          ...(streamingUploads ? { 'Content-Length': String(bodyLength) } : {}),
        },
        body,
        // Orthanc 1.10 with DICOMweb 1.7 returns 400 when it rejects one part, with a body that still lists the stored parts.
        acceptStatus: [400, 409],
      });
      const warningHeader = response.headers.get('Warning');
      const text = await response.text();
      let dataset: DicomJsonDataset | undefined;
      if (text.trim() !== '') {
        try {
          const json: unknown = JSON.parse(text);
          dataset = (Array.isArray(json) ? json[0] : json) as DicomJsonDataset | undefined;
        } catch {
          total.warnings.push(`The store response from ${safePath(studiesUrl)} is not DICOM JSON; the stored instances cannot be confirmed from it.`);
        }
      }
      mergeInto(total, readStoreResponse(dataset, response.status, warningHeader === null ? undefined : warningText(warningHeader), sent));
    } catch (error) {
      if (isAbortError(error) || options.signal?.aborted) throw options.signal?.reason ?? error;
      const message = error instanceof StudylineError ? error.message : 'The store request failed.';
      for (const instance of sent) total.failed.push({ sopInstanceUid: instance.sopInstanceUid ?? '', message: `Not stored: ${message}` });
    }
    sentInstances += batchCount;
    sentBytes += batchBytes;
    options.onProgress?.({ instances: sentInstances, bytes: sentBytes });
  }
  return total;
}
