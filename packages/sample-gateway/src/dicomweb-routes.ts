/**
 * The DICOMweb resources of one sample source: QIDO-RS searches, WADO-RS
 * retrieve, metadata and rendered images, and STOW-RS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { isValidUid, normalizeUid } from '@studyline/core';
import type { SourceFaults } from './faults.js';
import { HttpError, negotiate, sendJson } from './http-util.js';
import { QueryError, parseQidoQuery, search, type QueryLevel, type SearchScope } from './qido.js';
import { MAX_VIEWPORT_SIDE, type Renderer } from './render.js';
import type { InstanceRecord, InstanceStore } from './store.js';
import { storeInstances, stowBoundary } from './stow.js';
import { checkRetrieveAccept, streamMultipart } from './wado.js';

const DICOM_JSON = 'application/dicom+json';

/** Everything a request to a sample source needs besides the request itself. */
export interface SampleSourceContext {
  key: string;
  store: InstanceStore;
  /** Folder for files received through STOW-RS. */
  storeDir: string;
  /** Absolute URL of the source's DICOMweb root as the client reached it, without a trailing slash. */
  baseUrl: string;
  warnAgent: string;
  maxResults?: number;
  faults: SourceFaults;
  renderer: Renderer;
  maxInstanceBytes: number;
  onError: (message: string, error?: unknown) => void;
}

function parseUid(segment: string, name: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `The ${name} in the path is not valid percent-encoded text.`);
  }
  const uid = normalizeUid(decoded);
  if (!isValidUid(uid)) throw new HttpError(400, `The ${name} "${decoded}" in the path is not a valid DICOM UID.`);
  return uid;
}

/** The resource a request path names, below the source's DICOMweb root. */
interface Resource {
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
  sopInstanceUid?: string;
  frame?: string;
  /** The last path segment when it names an operation (`metadata`, `rendered`, ...) or a QIDO level. */
  action?: string;
}

/**
 * Splits a path such as `/studies/1.2/series/3.4/instances` into UIDs and an
 * action. Returns undefined for paths that name no DICOMweb resource.
 */
function parseResource(segments: readonly string[]): Resource | undefined {
  const resource: Resource = {};
  let index = 0;
  const next = (): string | undefined => segments[index++];

  const first = next();
  if (first === 'series' || first === 'instances') return segments.length === 1 ? { action: first } : undefined;
  if (first !== 'studies') return undefined;
  const study = next();
  if (study === undefined) return { action: 'studies' };
  resource.studyInstanceUid = parseUid(study, 'Study Instance UID');

  let word = next();
  if (word === undefined) return resource;
  if (word !== 'series') return index === segments.length ? { ...resource, action: word } : undefined;
  const series = next();
  if (series === undefined) return { ...resource, action: 'series' };
  resource.seriesInstanceUid = parseUid(series, 'Series Instance UID');

  word = next();
  if (word === undefined) return resource;
  if (word !== 'instances') return index === segments.length ? { ...resource, action: word } : undefined;
  const instance = next();
  if (instance === undefined) return { ...resource, action: 'instances' };
  resource.sopInstanceUid = parseUid(instance, 'SOP Instance UID');

  word = next();
  if (word === undefined) return resource;
  if (word !== 'frames') return index === segments.length ? { ...resource, action: word } : undefined;
  const frame = next();
  if (frame === undefined) return undefined;
  resource.frame = frame;
  word = next();
  if (word === undefined) return { ...resource, action: 'frames' };
  return index === segments.length ? { ...resource, action: word } : undefined;
}

function requireMethod(request: IncomingMessage, ...allowed: string[]): void {
  if (!allowed.includes(request.method ?? '')) {
    throw new HttpError(405, `This resource accepts ${allowed.join(' and ')}, not ${request.method}.`, { Allow: allowed.join(', ') });
  }
}

/** Returns the instances a retrieve or metadata request names, and throws a 404 HttpError when there are none. */
function instancesOf(context: SampleSourceContext, resource: Resource): InstanceRecord[] {
  const { studyInstanceUid, seriesInstanceUid, sopInstanceUid } = resource;
  if (studyInstanceUid === undefined) return [];
  let instances: InstanceRecord[];
  if (sopInstanceUid !== undefined && seriesInstanceUid !== undefined) {
    const record = context.store.instance(studyInstanceUid, seriesInstanceUid, sopInstanceUid);
    instances = record ? [record] : [];
  } else {
    instances = context.store.studyInstances(studyInstanceUid, seriesInstanceUid);
  }
  if (instances.length === 0) {
    let missing = `Study ${studyInstanceUid}`;
    if (sopInstanceUid !== undefined) missing = `Instance ${sopInstanceUid}`;
    else if (seriesInstanceUid !== undefined) missing = `Series ${seriesInstanceUid}`;
    throw new HttpError(404, `${missing} is not in source "${context.key}".`);
  }
  return instances;
}

function handleSearch(request: IncomingMessage, response: ServerResponse, context: SampleSourceContext, level: QueryLevel, scope: SearchScope, parameters: URLSearchParams): void {
  if (context.faults.qidoNoContent) {
    response.writeHead(204);
    response.end();
    return;
  }
  const mediaType = negotiate(request, [DICOM_JSON, 'application/json']);
  if (mediaType === undefined) throw new HttpError(406, 'Search results are available only as application/dicom+json.');
  let outcome;
  try {
    outcome = search(level, scope, parseQidoQuery(parameters), {
      store: context.store,
      baseUrl: context.baseUrl,
      maxResults: context.maxResults,
      warnAgent: context.warnAgent,
    });
  } catch (error) {
    if (error instanceof QueryError) throw new HttpError(400, error.message);
    throw error;
  }
  sendJson(response, 200, outcome.results, mediaType, outcome.warning ? { Warning: outcome.warning } : {});
}

async function handleRetrieve(request: IncomingMessage, response: ServerResponse, context: SampleSourceContext, resource: Resource): Promise<void> {
  const instances = instancesOf(context, resource);
  checkRetrieveAccept(request, instances);
  const { partialRetrieveParts, cutRetrieveAfterParts } = context.faults;
  if (partialRetrieveParts !== undefined) {
    const count = Math.min(partialRetrieveParts, instances.length - 1);
    await streamMultipart(response, instances.slice(0, count), {
      status: 206,
      headers: { Warning: `299 ${context.warnAgent} "Only ${count} of ${instances.length} instances could be retrieved"` },
    });
    return;
  }
  await streamMultipart(response, instances, { cutAfterParts: cutRetrieveAfterParts });
}

function handleMetadata(request: IncomingMessage, response: ServerResponse, context: SampleSourceContext, resource: Resource): void {
  const instances = instancesOf(context, resource);
  const mediaType = negotiate(request, [DICOM_JSON, 'application/json']);
  if (mediaType === undefined) throw new HttpError(406, 'Metadata is available only as application/dicom+json.');
  sendJson(response, 200, instances.map((instance) => instance.dataset), mediaType);
}

function parseViewport(value: string | null): { width: number; height: number } | undefined {
  if (value === null) return undefined;
  const match = /^(\d{1,5}),(\d{1,5})$/.exec(value);
  const width = match ? Number(match[1]) : 0;
  const height = match ? Number(match[2]) : 0;
  if (!match || width < 1 || height < 1 || width > MAX_VIEWPORT_SIDE || height > MAX_VIEWPORT_SIDE) {
    throw new HttpError(400, `The viewport "${value}" is invalid: give width,height in pixels, each from 1 to ${MAX_VIEWPORT_SIDE}.`);
  }
  return { width, height };
}

function parseWindow(value: string | null): { center: number; width: number } | undefined {
  if (value === null) return undefined;
  const [centerText, widthText, shape, ...rest] = value.split(',');
  const center = Number(centerText);
  const width = Number(widthText);
  if (rest.length > 0 || !Number.isFinite(center) || !Number.isFinite(width) || width <= 0 || (shape !== undefined && shape.toLowerCase() !== 'linear')) {
    throw new HttpError(400, `The window "${value}" is invalid: give center,width with width above 0, and optionally "linear".`);
  }
  return { center, width };
}

async function handleRendered(request: IncomingMessage, response: ServerResponse, context: SampleSourceContext, resource: Resource, parameters: URLSearchParams): Promise<void> {
  let frame = 1;
  if (resource.frame !== undefined) {
    if (!/^\d{1,6}$/.test(resource.frame) || Number(resource.frame) < 1) {
      throw new HttpError(400, `The frame number "${resource.frame}" is invalid: rendered frames take one frame number from 1.`);
    }
    frame = Number(resource.frame);
  }
  const instances = instancesOf(context, resource);
  // A study or series renders as its first image, and an instance as itself.
  const record = resource.sopInstanceUid !== undefined ? instances[0] : instances.find((instance) => instance.isImage) ?? instances[0];

  const acceptQuery = parameters.get('accept');
  const mediaType = acceptQuery !== null
    ? acceptQuery.split(',').map((item) => item.trim().split(';')[0].toLowerCase()).find((type) => type === 'image/png' || type === 'image/*' || type === '*/*')
    : negotiate(request, ['image/png']);
  if (mediaType === undefined) throw new HttpError(406, 'Rendered images are available only as image/png.');

  const png = await context.renderer.renderPng({
    sourceKey: context.key,
    record,
    frame,
    viewport: parseViewport(parameters.get('viewport')),
    window: parseWindow(parameters.get('window')),
  });
  response.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.byteLength, 'Cache-Control': 'no-store' });
  response.end(png);
}

async function handleStore(request: IncomingMessage, response: ServerResponse, context: SampleSourceContext, studyInstanceUid: string | undefined): Promise<void> {
  const boundary = stowBoundary(request);
  const result = await storeInstances(request, boundary, {
    store: context.store,
    storeDir: context.storeDir,
    baseUrl: context.baseUrl,
    studyInstanceUid,
    maxInstanceBytes: context.maxInstanceBytes,
    onStored: (record) => context.renderer.invalidate(context.key, record.sopInstanceUid),
    onError: context.onError,
  });
  // Header values must be Latin-1, and parser messages may contain any text, so only printable ASCII is kept.
  const warnings = result.failures
    .slice(0, 10)
    .map((failure) => `299 ${context.warnAgent} "${failure.message.replace(/["\\]/g, "'").replace(/[^\x20-\x7E]/g, '?')}"`);
  sendJson(response, result.status, result.body, DICOM_JSON, warnings.length > 0 ? { Warning: warnings.join(', ') } : {});
}

const NOT_IMPLEMENTED_ACTIONS: Readonly<Record<string, string>> = {
  thumbnail: 'Thumbnail resources are not implemented by this gateway (Orthanc answers 404 too); use .../rendered?viewport=width,height.',
  bulkdata: 'Bulk data resources are not implemented by this gateway; retrieve the instance instead.',
  pixeldata: 'Pixel data resources are not implemented by this gateway; retrieve the instance instead.',
  frames: 'Frame retrieval is not implemented by this gateway; use .../frames/{n}/rendered or retrieve the instance.',
};

/**
 * Serves one request below `/dicomweb/<key>/` of a sample source. `subPath`
 * is the path after the source's root, such as `/studies/1.2/series`.
 */
export async function handleSampleSource(
  request: IncomingMessage,
  response: ServerResponse,
  context: SampleSourceContext,
  subPath: string,
  parameters: URLSearchParams,
): Promise<void> {
  const segments = subPath.split('/').filter((segment) => segment !== '');
  const resource = parseResource(segments);
  if (resource === undefined) throw new HttpError(404, `No DICOMweb resource at ${subPath || '/'} of source "${context.key}".`);
  const { action } = resource;

  if (action !== undefined && NOT_IMPLEMENTED_ACTIONS[action] !== undefined) throw new HttpError(404, NOT_IMPLEMENTED_ACTIONS[action]);

  const scope: SearchScope = { studyInstanceUid: resource.studyInstanceUid, seriesInstanceUid: resource.seriesInstanceUid };
  switch (action) {
    case 'studies':
      requireMethod(request, 'GET', 'POST');
      if (request.method === 'POST') return handleStore(request, response, context, undefined);
      return handleSearch(request, response, context, 'study', scope, parameters);
    case 'series':
      requireMethod(request, 'GET');
      return handleSearch(request, response, context, 'series', scope, parameters);
    case 'instances':
      requireMethod(request, 'GET');
      return handleSearch(request, response, context, 'instance', scope, parameters);
    case 'metadata':
      requireMethod(request, 'GET');
      return handleMetadata(request, response, context, resource);
    case 'rendered':
      requireMethod(request, 'GET');
      return handleRendered(request, response, context, resource, parameters);
    case undefined:
      if (resource.studyInstanceUid !== undefined && resource.seriesInstanceUid === undefined && request.method === 'POST') {
        return handleStore(request, response, context, resource.studyInstanceUid);
      }
      requireMethod(request, 'GET');
      return handleRetrieve(request, response, context, resource);
    default:
      throw new HttpError(404, `No DICOMweb resource "${action}" at ${subPath} of source "${context.key}".`);
  }
}

/** Folder for the STOW-RS files of one source below the gateway's store folder. */
export function sourceStoreDir(storeRoot: string, key: string): string {
  return join(storeRoot, key);
}
