/**
 * STOW-RS (PS3.18 section 10.5): stores the Part 10 files of a
 * multipart/related request in a source and builds the store response.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { StudylineError, parseMediaType, parseMultipart, type DicomJsonDataset } from '@studyline/core';
import { HttpError } from './http-util.js';
import {
  FAILURE_CANNOT_UNDERSTAND,
  FAILURE_PROCESSING,
  InvalidInstanceError,
  indexPart10,
  type InstanceRecord,
  type InstanceStore,
} from './store.js';

export interface StowContext {
  store: InstanceStore;
  /** Folder where the source's received files are written. */
  storeDir: string;
  /** Base URL of the source's DICOMweb root, for RetrieveURL. */
  baseUrl: string;
  /** Study Instance UID from the request path, when the request was `POST studies/{study}`. */
  studyInstanceUid?: string;
  /** Maximum size of one part in bytes. */
  maxInstanceBytes: number;
  /** Called after an instance was stored, so that cached renderings of an older copy are dropped. */
  onStored?: (record: InstanceRecord) => void;
  /** Called for errors that the response reports as failures, so that they are logged. */
  onError?: (message: string, error: unknown) => void;
}

export interface StowFailure {
  part: number;
  sopInstanceUid?: string;
  sopClassUid?: string;
  failureReason: number;
  message: string;
}

export interface StowResult {
  status: number;
  body: DicomJsonDataset;
  stored: InstanceRecord[];
  failures: StowFailure[];
}

/**
 * Checks the request's Content-Type and returns its boundary. Throws a 415
 * HttpError for anything but `multipart/related` with type `application/dicom`
 * (or no type), and 400 without a boundary.
 */
export function stowBoundary(request: IncomingMessage): string {
  const header = request.headers['content-type'];
  const mediaType = header === undefined ? undefined : parseMediaType(header);
  const partType = mediaType?.parameters.get('type')?.toLowerCase();
  if (mediaType?.type !== 'multipart/related' || (partType !== undefined && partType !== 'application/dicom')) {
    throw new HttpError(
      415,
      `STOW-RS here accepts only multipart/related; type="application/dicom", not ${header === undefined ? 'a request without Content-Type' : `"${header}"`}.`,
    );
  }
  const boundary = mediaType.parameters.get('boundary');
  if (boundary === undefined || boundary === '') throw new HttpError(400, 'The Content-Type header has no boundary parameter.');
  return boundary;
}

async function writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

function failureItem(failure: StowFailure): DicomJsonDataset {
  const item: DicomJsonDataset = {};
  if (failure.sopClassUid !== undefined) item['00081150'] = { vr: 'UI', Value: [failure.sopClassUid] };
  if (failure.sopInstanceUid !== undefined) item['00081155'] = { vr: 'UI', Value: [failure.sopInstanceUid] };
  item['00081197'] = { vr: 'US', Value: [failure.failureReason] };
  return item;
}

/**
 * Reads the parts of a STOW-RS request one at a time, writes each valid
 * Part 10 file to the store folder and indexes it. A part with another media
 * type, without a Part 10 header, without a SOP Instance UID or for another
 * study than the one in the path is reported in FailedSOPSequence. An
 * instance stored again replaces the earlier copy.
 *
 * Status: 200 when all parts were stored, 202 when some failed, 409 when all
 * failed. Throws a 400 HttpError when the body is not valid multipart or has
 * no parts; the parts read before the error stay stored.
 */
export async function storeInstances(request: IncomingMessage, boundary: string, context: StowContext): Promise<StowResult> {
  await mkdir(context.storeDir, { recursive: true });
  const stored: InstanceRecord[] = [];
  const failures: StowFailure[] = [];
  let partNumber = 0;

  try {
    for await (const part of parseMultipart(request, boundary, { maxPartBytes: context.maxInstanceBytes })) {
      partNumber++;
      const contentType = part.headers.get('content-type');
      const partType = contentType === undefined ? undefined : parseMediaType(contentType).type;
      if (partType !== undefined && partType !== 'application/dicom') {
        failures.push({
          part: partNumber,
          failureReason: FAILURE_CANNOT_UNDERSTAND,
          message: `Part ${partNumber} has media type ${partType}, but only application/dicom parts are stored.`,
        });
        continue;
      }

      let record: InstanceRecord;
      try {
        record = indexPart10(part.body, '');
      } catch (error) {
        if (!(error instanceof InvalidInstanceError)) throw error;
        failures.push({
          part: partNumber,
          sopInstanceUid: error.sopInstanceUid,
          sopClassUid: error.sopClassUid,
          failureReason: error.failureReason,
          message: `Part ${partNumber}: ${error.message}`,
        });
        continue;
      }

      if (context.studyInstanceUid !== undefined && record.studyInstanceUid !== context.studyInstanceUid) {
        failures.push({
          part: partNumber,
          sopInstanceUid: record.sopInstanceUid,
          sopClassUid: record.sopClassUid,
          failureReason: FAILURE_PROCESSING,
          message: `Part ${partNumber} belongs to study ${record.studyInstanceUid}, not to study ${context.studyInstanceUid} of the request path.`,
        });
        continue;
      }

      record.path = join(context.storeDir, `${record.sopInstanceUid}.dcm`);
      try {
        await writeAtomically(record.path, part.body);
      } catch (error) {
        context.onError?.(`Could not write instance ${record.sopInstanceUid} to ${context.storeDir}.`, error);
        failures.push({
          part: partNumber,
          sopInstanceUid: record.sopInstanceUid,
          sopClassUid: record.sopClassUid,
          failureReason: FAILURE_PROCESSING,
          message: `Part ${partNumber} could not be written to disk.`,
        });
        continue;
      }
      context.store.add(record);
      context.onStored?.(record);
      stored.push(record);
    }
  } catch (error) {
    if (error instanceof StudylineError) {
      throw new HttpError(
        400,
        `The multipart body is invalid: ${error.message} ${stored.length} instance(s) read before the error were stored.`,
      );
    }
    throw error;
  }

  if (partNumber === 0) throw new HttpError(400, 'The multipart body contains no parts.');

  const body: DicomJsonDataset = {};
  const studies = new Set(stored.map((record) => record.studyInstanceUid));
  const studyUid = context.studyInstanceUid ?? (studies.size === 1 ? [...studies][0] : undefined);
  if (studyUid !== undefined && stored.length > 0) body['00081190'] = { vr: 'UR', Value: [`${context.baseUrl}/studies/${studyUid}`] };
  if (failures.length > 0) body['00081198'] = { vr: 'SQ', Value: failures.map(failureItem) };
  if (stored.length > 0) {
    body['00081199'] = {
      vr: 'SQ',
      Value: stored.map((record) => ({
        '00081150': { vr: 'UI', Value: [record.sopClassUid] },
        '00081155': { vr: 'UI', Value: [record.sopInstanceUid] },
        '00081190': {
          vr: 'UR',
          Value: [`${context.baseUrl}/studies/${record.studyInstanceUid}/series/${record.seriesInstanceUid}/instances/${record.sopInstanceUid}`],
        },
      })),
    };
  }
  let status = 202;
  if (failures.length === 0) status = 200;
  else if (stored.length === 0) status = 409;
  return { status, body, stored, failures };
}
