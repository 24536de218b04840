/**
 * The DICOMweb adapter: QIDO-RS search, WADO-RS retrieve and rendered
 * images, STOW-RS store.
 *
 * Every request goes through `fetch` and not through dicomweb-client, because
 * dicomweb-client (0.11) sends XMLHttpRequests with headers fixed when the
 * client is made (the auth hook is async and per request), takes no
 * AbortSignal, drops the response headers of QIDO answers (so the
 * `Warning: 299` of a truncated search is lost), and buffers whole WADO-RS
 * responses instead of streaming them.
 */
import {
  StudylineError,
  Tag,
  createHttpClient,
  isAbortError,
  isoDateToDicom,
  readModalities,
  readString,
  seriesFromDicomJson,
  instanceFromDicomJson,
  studyFromDicomJson,
  withOtherPatientNote,
  sortStudiesNewestFirst,
  withoutOtherPatients,
  type AuthHook,
  type DicomInstance,
  type DicomJsonDataset,
  type HttpClient,
  type InstanceInfo,
  type InstanceStream,
  type PatientIdentifier,
  type RenderedImageRequest,
  type RequestOptions,
  type RetrieveOptions,
  type RetryAfterInfo,
  type SearchOptions,
  type Series,
  type SourceInfo,
  type SourceStatus,
  type StoreOptions,
  type StoreResult,
  type Study,
  type StudyLocator,
  type StudySearchQuery,
  type StudySearchResult,
  type StudySizeEstimate,
  type StudylineAdapter,
} from '@studyline/core';
import { fetchQidoPage, queryAllPages, type PagedResult } from './qido.js';
import { addInstanceEstimate, type SizeTotals } from './size-estimate.js';
import { storeInstances } from './stow.js';
import { retrieveInstances } from './wado.js';
import { ThumbnailSupport, requestThumbnail } from './thumbnail.js';

/** Attributes asked with `includefield` in a study search: everything the timeline and the study header show. */
export const STUDY_INCLUDE_FIELDS: readonly string[] = [
  Tag.PatientID,
  Tag.StudyDescription,
  Tag.InstitutionName,
  Tag.ModalitiesInStudy,
  Tag.SOPClassesInStudy,
  Tag.BodyPartExamined,
  Tag.NumberOfStudyRelatedSeries,
  Tag.NumberOfStudyRelatedInstances,
  Tag.IssuerOfAccessionNumberSequence,
  Tag.IssuerOfPatientID,
  Tag.PerformingPhysicianName,
  Tag.NameOfPhysiciansReadingStudy,
  Tag.TimezoneOffsetFromUTC,
  Tag.InstanceAvailability,
  Tag.PatientBirthDate,
  Tag.PatientSex,
];

/** Attributes asked with `includefield` in a series search. */
export const SERIES_INCLUDE_FIELDS: readonly string[] = [
  Tag.SeriesDescription,
  Tag.BodyPartExamined,
  Tag.NumberOfSeriesRelatedInstances,
  Tag.SeriesDate,
  Tag.SeriesTime,
];

export interface DicomWebAdapterOptions {
  /** Base URL of the DICOMweb service, for example `https://pacs.example.org/dicom-web` or `/dicomweb/own`. */
  baseUrl: string;
  source: SourceInfo;
  /** Called before every request; returns the headers to add, such as Authorization. */
  auth?: AuthHook;
  fetch?: typeof fetch;
  /**
   * IssuerOfPatientID (0010,0021) of this archive. When set, the search uses
   * the patient identifier with this issuer and sends it as a filter.
   */
  patientIdIssuer?: string;
  /** Studies per QIDO-RS request. Default 100. */
  pageSize?: number;
  /** Stop after this many studies and report the source as incomplete. Default 5,000. */
  maxResults?: number;
  /**
   * Gateway mode: a DICOMweb gateway in front of other hospitals' archives
   * (QIDO-RS translated into XDS queries or C-FIND) returns their studies
   * mixed with its own. This rule splits them into one source per hospital.
   */
  gateway?: GatewayRule;
  /** Extra `includefield` values for study searches. */
  extraIncludeFields?: readonly string[];
  /** Run a series query for studies that come without ModalitiesInStudy. Default true. */
  fillMissingModalities?: boolean;
  /** Seconds to wait out 503 `Retry-After` answers per request. Default 120. */
  maxRetryAfterSeconds?: number;
  onRetryAfter?: (info: RetryAfterInfo) => void;
  /**
   * Sends STOW-RS request bodies as streams over the instances' bytes instead
   * of Blobs, which copy them: less memory per batch. Default: true in Node
   * and false elsewhere, because browsers stream request bodies only over
   * HTTP/2 (Chromium) or not at all (Firefox, Safari 18).
   */
  streamingUploads?: boolean;
}

/** How a gateway's studies are assigned to sources, by the value of one attribute. */
export interface GatewayRule {
  /**
   * The attribute that names a study's origin, as a tag (`00080080`) or a
   * keyword from `Tag` (`InstitutionName`, `RetrieveAETitle`), or any tag
   * that the gateway sets for this purpose.
   */
  attribute: string;
  /** The first entry whose `match` equals the value (a string) or tests true (a RegExp) decides the source. */
  sources: readonly { match: string | RegExp; source: SourceInfo }[];
  /** Source of studies that match no entry. Default: the adapter's own `source`. */
  fallback?: SourceInfo;
}

function gatewayTag(attribute: string): string {
  if (/^[0-9A-Fa-f]{8}$/.test(attribute)) return attribute.toUpperCase();
  const tag = (Tag as Record<string, string>)[attribute];
  if (tag === undefined) {
    throw new StudylineError('invalid-argument', `Gateway rule attribute "${attribute}" is neither an 8-digit tag nor a known keyword.`);
  }
  return tag;
}

function uniqueSources(sources: readonly SourceInfo[]): SourceInfo[] {
  const unique: SourceInfo[] = [];
  for (const source of sources) {
    if (!unique.some((existing) => existing.id === source.id)) unique.push(source);
  }
  return unique;
}

const MODALITY_FILL_CONCURRENCY = 4;

function isNode(): boolean {
  return (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== undefined;
}
const MODALITY_FILL_MAX_STUDIES = 200;

function encodeSegment(uid: string): string {
  return encodeURIComponent(uid);
}

/**
 * Adds one `includefield` parameter per attribute. A comma-separated list is
 * also valid DICOMweb, but URLSearchParams encodes its commas as `%2C`, and
 * Orthanc 1.10 with DICOMweb plugin 1.7 then reads the list as one unknown
 * tag and ignores it.
 */
function appendIncludeFields(parameters: URLSearchParams, fields: readonly string[]): URLSearchParams {
  for (const field of fields) parameters.append('includefield', field);
  return parameters;
}

function pickIdentifier(patient: StudySearchQuery['patient'], issuer: string | undefined): PatientIdentifier | undefined {
  const identifiers: readonly PatientIdentifier[] = Array.isArray(patient) ? patient : [patient as PatientIdentifier];
  if (issuer === undefined) return identifiers[0];
  return identifiers.find((identifier) => identifier.issuer === issuer) ?? identifiers.find((identifier) => identifier.issuer === undefined);
}

function matchesDateRange(study: Study, range: StudySearchQuery['dateRange']): boolean {
  if (range === undefined || (range.from === undefined && range.to === undefined)) return true;
  // With a date filter a server drops undated studies too, so the client-side check does the same.
  if (study.timestamp === undefined) return false;
  const date = study.timestamp.date;
  if (range.from !== undefined && date < range.from.slice(0, date.length)) return false;
  if (range.to !== undefined && date > range.to.slice(0, date.length)) return false;
  return true;
}

function matchesModalities(study: Study, modalities: readonly string[] | undefined): boolean {
  if (modalities === undefined || modalities.length === 0) return true;
  // A study with unknown modalities stays in until the series query has named them.
  if (!study.modalitiesKnown) return true;
  const wanted = modalities.map((modality) => modality.toUpperCase());
  return study.modalities.some((modality) => wanted.includes(modality));
}

/** Reads one source's paged search into its status. */
function statusOf(paged: PagedResult<Study>, maxResults: number): SourceStatus {
  if (paged.truncatedWarning !== undefined) {
    const status: SourceStatus = { state: 'incomplete', reason: 'server-truncated', message: paged.truncatedWarning };
    if (paged.missingCount !== undefined) status.missingCount = paged.missingCount;
    return status;
  }
  if (paged.limitReached) {
    return { state: 'incomplete', reason: 'limit-reached', message: `Only the first ${maxResults} studies are shown.` };
  }
  if (paged.unreadable > 0) {
    return {
      state: 'incomplete',
      reason: 'unreadable-entries',
      message: `${paged.unreadable} result${paged.unreadable === 1 ? '' : 's'} from the server could not be read and ${paged.unreadable === 1 ? 'is' : 'are'} not shown.`,
    };
  }
  return { state: 'complete' };
}

/** A StudylineAdapter for one DICOMweb service. */
export class DicomWebAdapter implements StudylineAdapter {
  readonly source: SourceInfo;
  readonly sources: readonly SourceInfo[];
  readonly baseUrl: string;
  private readonly http: HttpClient;
  private readonly options: DicomWebAdapterOptions;
  private readonly gatewayTag: string | undefined;
  /** Whether the server has `/thumbnail` resources, learnt from the first thumbnail request. */
  private readonly thumbnails = new ThumbnailSupport();
  /** Media types for which the server returned 406 Not Acceptable to a rendered request. */
  private readonly unrenderableMediaTypes = new Set<string>();
  private readonly streamingUploads: boolean;

  constructor(options: DicomWebAdapterOptions) {
    if (!options.baseUrl) throw new StudylineError('invalid-argument', 'DicomWebAdapter needs a baseUrl.');
    this.options = options;
    this.source = options.source;
    if (options.gateway === undefined) {
      this.sources = [options.source];
    } else {
      this.gatewayTag = gatewayTag(options.gateway.attribute);
      this.sources = uniqueSources([options.gateway.fallback ?? options.source, ...options.gateway.sources.map((entry) => entry.source)]);
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.streamingUploads = options.streamingUploads ?? isNode();
    this.http = createHttpClient({
      auth: options.auth,
      fetch: options.fetch,
      sourceId: options.source.id,
      maxRetryAfterSeconds: options.maxRetryAfterSeconds,
      onRetryAfter: options.onRetryAfter,
    });
  }

  private studyUrl(study: StudyLocator): string {
    return `${this.baseUrl}/studies/${encodeSegment(study.studyInstanceUid)}`;
  }

  async searchStudies(query: StudySearchQuery, options: SearchOptions = {}): Promise<StudySearchResult> {
    const { signal } = options;
    const pageSize = query.pageSize ?? this.options.pageSize ?? 100;
    const maxResults = query.maxResults ?? this.options.maxResults ?? 5000;
    const identifier = pickIdentifier(query.patient, this.options.patientIdIssuer);
    if (identifier === undefined) {
      const error = new StudylineError(
        'invalid-argument',
        `No patient identifier for ${this.source.label}: it needs one issued by ${this.options.patientIdIssuer ?? 'any issuer'}.`,
      );
      return { studies: [], sources: this.sources.map((source) => ({ source, studyCount: 0, status: { state: 'failed' as const, error } })) };
    }

    const parameters = new URLSearchParams();
    parameters.set('PatientID', identifier.id);
    if (this.options.patientIdIssuer !== undefined) parameters.set('IssuerOfPatientID', this.options.patientIdIssuer);
    const from = query.dateRange?.from === undefined ? '' : (isoDateToDicom(query.dateRange.from) ?? '');
    const to = query.dateRange?.to === undefined ? '' : (isoDateToDicom(query.dateRange.to) ?? '');
    // Without a chosen range no StudyDate filter goes out, so the server keeps undated studies.
    if (from !== '' || to !== '') parameters.set('StudyDate', from === to ? from : `${from}-${to}`);
    if (query.modalities !== undefined && query.modalities.length > 0) parameters.set('ModalitiesInStudy', query.modalities.join(','));
    const includeFields = [...STUDY_INCLUDE_FIELDS, ...(this.options.extraIncludeFields ?? [])];
    if (this.gatewayTag !== undefined && !includeFields.includes(this.gatewayTag)) includeFields.push(this.gatewayTag);
    appendIncludeFields(parameters, includeFields);

    try {
      const paged = await queryAllPages<Study>({
        http: this.http,
        url: `${this.baseUrl}/studies?${parameters.toString()}`,
        kind: 'search',
        pageSize,
        maxResults,
        signal,
        onRetryAfter: options.onRetryAfter,
        map: (dataset) => this.studyFromResult(dataset),
        key: (study) => study.studyInstanceUid,
      });
      if (this.options.fillMissingModalities !== false) await this.fillModalities(paged.items, signal, options.onRetryAfter);
      // A server that ignores the PatientID key would otherwise put other patients' studies in this history.
      const { studies: ownStudies, otherPatientCount } = withoutOtherPatients(paged.items, [identifier]);
      const studies = sortStudiesNewestFirst(
        ownStudies.filter((study) => matchesDateRange(study, query.dateRange) && matchesModalities(study, query.modalities)),
      );
      const status = withOtherPatientNote(statusOf(paged, maxResults), otherPatientCount);
      // One QIDO-RS search serves every source of a gateway, so they share its status.
      const sources = this.sources.map((source) => ({
        source,
        status,
        studyCount: studies.filter((study) => study.sources[0].source.id === source.id).length,
      }));
      return { studies, sources };
    } catch (error) {
      if (isAbortError(error) || signal?.aborted) throw signal?.reason ?? error;
      const failure =
        error instanceof StudylineError
          ? error
          : new StudylineError('network', `The search at ${this.source.label} failed.`, { cause: error });
      return { studies: [], sources: this.sources.map((source) => ({ source, studyCount: 0, status: { state: 'failed' as const, error: failure } })) };
    }
  }

  /** Maps a QIDO-RS result to a study, and in gateway mode assigns it to the source the rule names. */
  private studyFromResult(dataset: DicomJsonDataset): Study | undefined {
    const study = studyFromDicomJson(dataset, this.source);
    const rule = this.options.gateway;
    if (study === undefined || rule === undefined || this.gatewayTag === undefined) return study;
    const value = readString(dataset, this.gatewayTag) ?? '';
    const entry = rule.sources.find(({ match }) => (typeof match === 'string' ? match === value : match.test(value)));
    study.sources[0] = { ...study.sources[0], source: entry?.source ?? rule.fallback ?? this.source };
    return study;
  }

  /** Fills in modalities and body parts from a series query, for studies that came without ModalitiesInStudy. */
  private async fillModalities(studies: Study[], signal?: AbortSignal, onRetryAfter?: (info: RetryAfterInfo) => void): Promise<void> {
    const unknown = studies.filter((study) => !study.modalitiesKnown).slice(0, MODALITY_FILL_MAX_STUDIES);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < unknown.length) {
        const study = unknown[next++];
        try {
          const parameters = appendIncludeFields(new URLSearchParams(), [Tag.Modality, Tag.BodyPartExamined]);
          const paged = await queryAllPages({
            http: this.http,
            url: `${this.studyUrl(study)}/series?${parameters.toString()}`,
            kind: 'search',
            pageSize: 500,
            maxResults: 5000,
            signal,
            onRetryAfter,
            map: (dataset) => dataset,
            key: (dataset) => readString(dataset, Tag.SeriesInstanceUID) ?? JSON.stringify(dataset),
          });
          for (const dataset of paged.items) {
            for (const modality of readModalities(dataset, Tag.Modality)) {
              if (!study.modalities.includes(modality)) study.modalities.push(modality);
            }
            const bodyPart = readString(dataset, Tag.BodyPartExamined)?.toUpperCase();
            if (bodyPart !== undefined && !study.bodyParts.includes(bodyPart)) study.bodyParts.push(bodyPart);
          }
          study.modalitiesKnown = study.modalities.length > 0;
        } catch (error) {
          if (isAbortError(error) || signal?.aborted) throw signal?.reason ?? error;
          const message = 'The series of this study could not be listed, so its modalities stay unknown.';
          if (!study.warnings.includes(message)) study.warnings.push(message);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(MODALITY_FILL_CONCURRENCY, unknown.length) }, worker));
  }

  async listSeries(study: StudyLocator, options: RequestOptions = {}): Promise<Series[]> {
    const parameters = appendIncludeFields(new URLSearchParams(), SERIES_INCLUDE_FIELDS);
    const paged = await queryAllPages<Series>({
      http: this.http,
      url: `${this.studyUrl(study)}/series?${parameters.toString()}`,
      kind: 'search',
      pageSize: 500,
      maxResults: 10_000,
      signal: options.signal,
      onRetryAfter: options.onRetryAfter,
      map: (dataset) => seriesFromDicomJson(dataset, study.studyInstanceUid, this.source.id),
      key: (series) => series.seriesInstanceUid,
    });
    return paged.items.sort((a, b) => (a.seriesNumber ?? Number.MAX_SAFE_INTEGER) - (b.seriesNumber ?? Number.MAX_SAFE_INTEGER));
  }

  async listInstances(study: StudyLocator, options: RequestOptions & { seriesInstanceUid?: string } = {}): Promise<InstanceInfo[]> {
    const base =
      options.seriesInstanceUid === undefined
        ? `${this.studyUrl(study)}/instances`
        : `${this.studyUrl(study)}/series/${encodeSegment(options.seriesInstanceUid)}/instances`;
    const parameters = appendIncludeFields(new URLSearchParams(), [Tag.SeriesInstanceUID, Tag.NumberOfFrames]);
    const paged = await queryAllPages<InstanceInfo>({
      http: this.http,
      url: `${base}?${parameters.toString()}`,
      kind: 'search',
      pageSize: 1000,
      maxResults: 1_000_000,
      signal: options.signal,
      onRetryAfter: options.onRetryAfter,
      map: (dataset) => instanceFromDicomJson(dataset, study.studyInstanceUid, options.seriesInstanceUid),
      key: (instance) => instance.sopInstanceUid,
    });
    if (paged.truncatedWarning !== undefined || paged.unreadable > 0) {
      throw new StudylineError(
        'truncated',
        `The instance list of the study is incomplete${paged.truncatedWarning ? `: ${paged.truncatedWarning}` : ''}.`,
      );
    }
    return paged.items;
  }

  /**
   * Fetches a rendered image. With `kind: 'thumbnail'` it requests `/thumbnail`
   * first, and `/rendered` from then on when the server has no thumbnails
   * (see ThumbnailSupport).
   */
  async fetchRenderedImage(request: RenderedImageRequest, options: RequestOptions = {}): Promise<Blob> {
    if (request.kind !== 'thumbnail') return this.fetchRendered(request, options);
    return this.thumbnails.fetch({
      signal: options.signal,
      tryThumbnail: () => requestThumbnail(this.http, this.imageUrl(request, 'thumbnail'), request, options),
      fetchRendered: () => this.fetchRendered(request, options),
    });
  }

  /** Returns the URL of a series', instance's or frame's `/rendered` or `/thumbnail` resource. */
  private imageUrl(request: RenderedImageRequest, resource: 'rendered' | 'thumbnail'): string {
    let url = `${this.studyUrl(request.study)}/series/${encodeSegment(request.seriesInstanceUid)}`;
    if (request.sopInstanceUid !== undefined) {
      url += `/instances/${encodeSegment(request.sopInstanceUid)}`;
      if (request.frame !== undefined) url += `/frames/${request.frame}`;
    }
    url += `/${resource}`;
    if (request.viewport !== undefined) {
      url += `?viewport=${Math.round(request.viewport.width)},${Math.round(request.viewport.height)}`;
    }
    return url;
  }

  private async fetchRendered(request: RenderedImageRequest, options: RequestOptions): Promise<Blob> {
    const url = this.imageUrl(request, 'rendered');
    // One media type per request: Orthanc 1.10 with DICOMweb plugin 1.7 returns 400 for any Accept list.
    // A server that cannot make the preferred type returns 406, and then gets a second request for any image type.
    const send = (accept: string): Promise<Response> =>
      this.http.request(url, {
        kind: 'rendered',
        signal: options.signal,
        onRetryAfter: options.onRetryAfter,
        priority: options.priority,
        headers: { Accept: accept },
        acceptStatus: [406],
      });

    // After one 406 for a media type, later requests for it ask for any image type straight away.
    const preferred = request.mediaType ?? 'image/jpeg';
    const skipPreferred = this.unrenderableMediaTypes.has(preferred);
    let response = await send(skipPreferred ? '*/*' : preferred);
    if (response.status === 406 && !skipPreferred) {
      this.unrenderableMediaTypes.add(preferred);
      await response.body?.cancel().catch(() => undefined);
      response = await send('*/*');
      if (response.status === 406) {
        throw new StudylineError('media-type', 'The server cannot render this image as JPEG, PNG or any other image type (HTTP 406).', {
          status: 406,
        });
      }
    }
    const contentType = response.headers.get('Content-Type') ?? '';
    if (!contentType.toLowerCase().startsWith('image/')) {
      await response.body?.cancel().catch(() => undefined);
      throw new StudylineError('media-type', `The server answered ${contentType || 'no media type'} instead of an image for a rendered request.`, {
        status: response.status,
      });
    }
    return response.blob();
  }

  /**
   * Estimates the study's size from the WADO-RS metadata of each series in
   * turn, so only one series' metadata is in memory at a time.
   */
  async estimateStudySize(study: StudyLocator, options: RequestOptions = {}): Promise<StudySizeEstimate> {
    const totals: SizeTotals = { bytes: 0, instances: 0, instancesWithoutImageSize: 0 };
    for (const series of await this.listSeries(study, options)) {
      const url = `${this.studyUrl(study)}/series/${encodeSegment(series.seriesInstanceUid)}/metadata`;
      const page = await fetchQidoPage(this.http, url, 'metadata', options.signal, options.onRetryAfter);
      for (const dataset of page.datasets) addInstanceEstimate(totals, dataset);
    }
    return { ...totals, method: 'uncompressed-pixel-data' };
  }

  retrieveStudy(study: StudyLocator, options: RetrieveOptions = {}): InstanceStream {
    let urls: string[];
    if (options.instances !== undefined) {
      urls = options.instances.map(
        (instance) =>
          `${this.studyUrl(study)}/series/${encodeSegment(instance.seriesInstanceUid)}/instances/${encodeSegment(instance.sopInstanceUid)}`,
      );
    } else if (options.seriesInstanceUid !== undefined) {
      urls = [`${this.studyUrl(study)}/series/${encodeSegment(options.seriesInstanceUid)}`];
    } else {
      urls = [this.studyUrl(study)];
    }
    const expected =
      options.expectedInstances ??
      (options.instances !== undefined ? options.instances.length : (study as Partial<Study>).numberOfInstances);
    return retrieveInstances({
      http: this.http,
      urls,
      signal: options.signal,
      onRetryAfter: options.onRetryAfter,
      expectedInstances: options.seriesInstanceUid === undefined ? expected : options.expectedInstances,
      onProgress: options.onProgress,
    });
  }

  storeInstances(instances: AsyncIterable<DicomInstance> | Iterable<DicomInstance>, options?: StoreOptions): Promise<StoreResult> {
    return storeInstances(this.http, `${this.baseUrl}/studies`, instances, options, this.streamingUploads);
  }
}
