/**
 * Document retrieval: Retrieve Document Set (ITI-43) and Cross Gateway
 * Retrieve (ITI-39) for the manifests, and Retrieve Imaging Document Set
 * (RAD-69) and Cross Gateway Retrieve Imaging Document Set (RAD-75) for the
 * images, whose MTOM/XOP responses are parsed as they arrive so that only one
 * instance is in memory at a time.
 *
 * Request and response shapes as in IHE ITI TF-2 section 3.43 and the RAD-69
 * examples of the dcm4chee archive (github.com/dcm4che/dcm4chee-arc-cs,
 * docs/networking/specs/wado-ws/rad69-request.txt and rad69-response.txt).
 * Both responses are a RetrieveDocumentSetResponse in the xds-b namespace.
 */
import {
  StudylineError,
  isAbortError,
  isPart10,
  readFileMetaInformation,
  warnOnce,
  type DicomInstance,
  type HttpClient,
  type InstanceStream,
  type RetrieveProgress,
  type RetrieveResult,
  type RetryAfterInfo,
} from '@studyline/core';
import { describeRegistryErrors, readResponseStatus, type RegistryErrorInfo, type RegistryStatus } from './ebrim.js';
import { contentIdFromHref, type MtomAttachment } from './mtom.js';
import { sendSoap, soapBodyElement, type SecurityHeaderHook, type SoapResult } from './soap.js';
import { ACTIONS, NS, type DocumentRetrieveTransaction, type ImagingRetrieveTransaction } from './vocabulary.js';
import { attributeValue, childElement, childElements, elementText, escapeXml, isElement } from './xml.js';

/** An endpoint that retrieve requests go to. */
export interface RetrieveEndpoint<T extends string> {
  http: HttpClient;
  url: string;
  transaction: T;
  securityHeader?: SecurityHeaderHook;
  sourceId?: string;
}

/** One DocumentResponse of a RetrieveDocumentSetResponse. */
export interface DocumentResponseInfo {
  repositoryUniqueId?: string;
  documentUniqueId: string;
  homeCommunityId?: string;
  mimeType?: string;
  /** The Content-ID its xop:Include points at. */
  contentId?: string;
  /** The document's bytes when it came inline as base64 instead of as an MTOM part. */
  inline?: Uint8Array;
}

export interface RetrieveResponseInfo extends RegistryStatus {
  documents: DocumentResponseInfo[];
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/**
 * Reads the body element of an ITI-43, ITI-39, RAD-69 or RAD-75 response: a
 * RetrieveDocumentSetResponse, or a bare RegistryResponse from a server that
 * sends errors without the wrapper.
 */
export function readRetrieveResponse(element: Element, subject: string): RetrieveResponseInfo {
  if (isElement(element, NS.rs, 'RegistryResponse')) return { ...readResponseStatus(element, subject), documents: [] };
  if (!isElement(element, NS.xdsb, 'RetrieveDocumentSetResponse')) {
    throw new StudylineError('parse', `The ${subject} contains ${element.localName} instead of a RetrieveDocumentSetResponse.`);
  }
  const registryResponse = childElement(element, NS.rs, 'RegistryResponse');
  if (registryResponse === undefined) throw new StudylineError('parse', `The ${subject} has no RegistryResponse.`);
  const status = readResponseStatus(registryResponse, subject);
  const documents: DocumentResponseInfo[] = [];
  for (const response of childElements(element, NS.xdsb, 'DocumentResponse')) {
    const documentUniqueId = elementText(childElement(response, NS.xdsb, 'DocumentUniqueId'));
    if (documentUniqueId === undefined) continue;
    const info: DocumentResponseInfo = { documentUniqueId };
    const repository = elementText(childElement(response, NS.xdsb, 'RepositoryUniqueId'));
    if (repository !== undefined) info.repositoryUniqueId = repository;
    const home = elementText(childElement(response, NS.xdsb, 'HomeCommunityId'));
    if (home !== undefined) info.homeCommunityId = home;
    const mimeType = elementText(childElement(response, NS.xdsb, 'mimeType'));
    if (mimeType !== undefined) info.mimeType = mimeType;
    const documentElement = childElement(response, NS.xdsb, 'Document');
    if (documentElement !== undefined) {
      const include = childElement(documentElement, NS.xop, 'Include');
      const href = include === undefined ? undefined : attributeValue(include, 'href');
      const contentId = href === undefined ? undefined : contentIdFromHref(href);
      if (contentId !== undefined) info.contentId = contentId;
      else if (include === undefined) {
        const text = elementText(documentElement);
        if (text !== undefined) info.inline = base64ToBytes(text);
      }
    }
    documents.push(info);
  }
  return { ...status, documents };
}

function documentRequest(documentUniqueId: string, repositoryUniqueId: string, homeCommunityId: string | undefined): string {
  const home = homeCommunityId === undefined ? '' : `<xdsb:HomeCommunityId>${escapeXml(homeCommunityId)}</xdsb:HomeCommunityId>`;
  return (
    `<xdsb:DocumentRequest>${home}` +
    `<xdsb:RepositoryUniqueId>${escapeXml(repositoryUniqueId)}</xdsb:RepositoryUniqueId>` +
    `<xdsb:DocumentUniqueId>${escapeXml(documentUniqueId)}</xdsb:DocumentUniqueId>` +
    `</xdsb:DocumentRequest>`
  );
}

/** A document to retrieve with ITI-43 or ITI-39. */
export interface DocumentReference {
  documentUniqueId: string;
  repositoryUniqueId: string;
  homeCommunityId?: string;
}

/** Builds an ITI-43 or ITI-39 RetrieveDocumentSetRequest. */
export function buildRetrieveDocumentSetRequest(documents: readonly DocumentReference[]): string {
  return (
    `<xdsb:RetrieveDocumentSetRequest xmlns:xdsb="${NS.xdsb}">` +
    documents.map((document) => documentRequest(document.documentUniqueId, document.repositoryUniqueId, document.homeCommunityId)).join('') +
    `</xdsb:RetrieveDocumentSetRequest>`
  );
}

/** One instance to retrieve with RAD-69 or RAD-75. */
export interface ImagingDocumentReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  repositoryUniqueId: string;
  homeCommunityId?: string;
}

/** Builds a RetrieveImagingDocumentSetRequest with the documents grouped by study and series. */
export function buildRetrieveImagingDocumentSetRequest(documents: readonly ImagingDocumentReference[], transferSyntaxes: readonly string[]): string {
  const studies = new Map<string, Map<string, ImagingDocumentReference[]>>();
  for (const document of documents) {
    const series = studies.get(document.studyInstanceUid) ?? new Map<string, ImagingDocumentReference[]>();
    studies.set(document.studyInstanceUid, series);
    const list = series.get(document.seriesInstanceUid) ?? [];
    series.set(document.seriesInstanceUid, list);
    list.push(document);
  }
  let xml = `<xdsi:RetrieveImagingDocumentSetRequest xmlns:xdsi="${NS.xdsi}" xmlns:xdsb="${NS.xdsb}">`;
  for (const [studyUid, seriesMap] of studies) {
    xml += `<xdsi:StudyRequest studyInstanceUID="${escapeXml(studyUid)}">`;
    for (const [seriesUid, list] of seriesMap) {
      xml += `<xdsi:SeriesRequest seriesInstanceUID="${escapeXml(seriesUid)}">`;
      for (const document of list) xml += documentRequest(document.sopInstanceUid, document.repositoryUniqueId, document.homeCommunityId);
      xml += `</xdsi:SeriesRequest>`;
    }
    xml += `</xdsi:StudyRequest>`;
  }
  xml += `<xdsi:TransferSyntaxUIDList>${transferSyntaxes.map((uid) => `<xdsi:TransferSyntaxUID>${escapeXml(uid)}</xdsi:TransferSyntaxUID>`).join('')}</xdsi:TransferSyntaxUIDList>`;
  return `${xml}</xdsi:RetrieveImagingDocumentSetRequest>`;
}

function warnAboutStatus(status: RegistryStatus, service: string): void {
  if (status.nonStandardStatus) {
    warnOnce(`The ${service} sent PartialSuccess as "${status.statusUrn}" instead of "urn:ihe:iti:2007:ResponseStatusType:PartialSuccess"; it is read as a partial success.`);
  }
}

/** Finds the registry error that concerns a document: by location, or by its UID in the code context. */
export function errorForDocument(errors: readonly RegistryErrorInfo[], documentUniqueId: string): RegistryErrorInfo | undefined {
  return errors.find((error) => error.location === documentUniqueId || error.codeContext.includes(documentUniqueId));
}

/** A retrieved document with its bytes. */
export interface RetrievedDocument extends DocumentResponseInfo {
  data: Uint8Array;
}

/**
 * Retrieves documents with ITI-43 or ITI-39 and keeps them in memory: meant
 * for manifests, which are small. Returns the documents that arrived and
 * the response's status and errors.
 */
export async function retrieveDocumentSet(
  endpoint: RetrieveEndpoint<DocumentRetrieveTransaction>,
  documents: readonly DocumentReference[],
  options: { signal?: AbortSignal; onRetryAfter?: (info: RetryAfterInfo) => void } = {},
): Promise<{ status: RegistryStatus; documents: RetrievedDocument[] }> {
  const service = endpoint.transaction === 'ITI-39' ? 'responding gateway' : 'document repository';
  const soapResult = await sendSoap({
    http: endpoint.http,
    url: endpoint.url,
    action: ACTIONS[endpoint.transaction],
    kind: 'document',
    body: buildRetrieveDocumentSetRequest(documents),
    mtom: true,
    securityHeader: endpoint.securityHeader,
    sourceId: endpoint.sourceId,
    signal: options.signal,
    onRetryAfter: options.onRetryAfter,
    service,
  });
  const subject = `response of the ${service}`;
  const info = readRetrieveResponse(soapBodyElement(soapResult.rootDocument ?? soapResult.rootXml, subject), subject);
  warnAboutStatus(info, service);
  const byContentId = new Map<string, Uint8Array>();
  if (soapResult.mtom !== undefined) {
    for await (const attachment of soapResult.mtom.attachments) {
      if (attachment.contentId !== undefined) byContentId.set(attachment.contentId, attachment.body);
    }
  }
  const retrieved: RetrievedDocument[] = [];
  for (const document of info.documents) {
    const data = document.inline ?? (document.contentId === undefined ? undefined : byContentId.get(document.contentId));
    if (data !== undefined) retrieved.push({ ...document, data });
  }
  return { status: info, documents: retrieved };
}

/** An instance that a RAD-69 or RAD-75 retrieve did not deliver. */
export interface MissingDocument extends ImagingDocumentReference {
  /** The registry error code, such as `XDSDocumentUniqueIdError`, when the response gave one. */
  errorCode?: string;
  /** The reason it is missing, in plain words. */
  reason: string;
}

/** The outcome of an XDS-I.b retrieve, with every missing instance. */
export interface XdsRetrieveResult extends RetrieveResult {
  missing: MissingDocument[];
  /** Conformance notes about the responses, such as a non-standard status namespace. */
  warnings: string[];
}

/** A stream of instances whose result lists the missing ones. */
export interface XdsInstanceStream extends InstanceStream {
  readonly result: Promise<XdsRetrieveResult>;
}

/** The instances of one Imaging Document Source (or one community's Responding Imaging Gateway) to retrieve. */
export interface ImagingRetrieveGroup {
  endpoint: RetrieveEndpoint<ImagingRetrieveTransaction>;
  documents: ImagingDocumentReference[];
}

export interface ImagingRetrieveOptions {
  groups: readonly ImagingRetrieveGroup[];
  transferSyntaxes: readonly string[];
  /** Maximum number of instances per request. */
  batchSize: number;
  signal?: AbortSignal;
  onRetryAfter?: (info: RetryAfterInfo) => void;
  onProgress?: (progress: RetrieveProgress) => void;
  /** Instances known to be missing before any request, such as series whose source is not configured. */
  missingBeforehand?: readonly MissingDocument[];
}

function toInstance(data: Uint8Array, mimeType: string | undefined): DicomInstance {
  const meta = readFileMetaInformation(data);
  const instance: DicomInstance = { data, mediaType: mimeType ?? 'application/dicom' };
  if (meta?.transferSyntaxUid !== undefined) instance.transferSyntaxUid = meta.transferSyntaxUid;
  if (meta?.sopInstanceUid !== undefined) instance.sopInstanceUid = meta.sopInstanceUid;
  if (meta?.sopClassUid !== undefined) instance.sopClassUid = meta.sopClassUid;
  return instance;
}

/**
 * Streams instances from RAD-69 or RAD-75 requests, one request per group
 * and batch. When a group's request fails, its instances count as missing and
 * the retrieve goes on with the next group. The error is thrown at the end
 * only when no instance arrived at all.
 */
export function retrieveImagingDocuments(options: ImagingRetrieveOptions): XdsInstanceStream {
  let settle: (result: XdsRetrieveResult) => void = () => undefined;
  let fail: (error: unknown) => void = () => undefined;
  const result = new Promise<XdsRetrieveResult>((resolve, reject) => {
    settle = resolve;
    fail = reject;
  });
  result.catch(() => undefined);
  const expected = options.groups.reduce((sum, group) => sum + group.documents.length, 0) + (options.missingBeforehand?.length ?? 0);

  async function* generate(): AsyncGenerator<DicomInstance> {
    const missing: MissingDocument[] = [...(options.missingBeforehand ?? [])];
    const warnings: string[] = [];
    const problems: string[] = [];
    let instances = 0;
    let bytes = 0;
    let firstError: unknown;
    let failedGroups = 0;
    let finished = false;
    const progress = (): void => options.onProgress?.({ instances, bytes, totalInstances: expected });

    try {
      for (const group of options.groups) {
        for (let start = 0; start < group.documents.length; start += options.batchSize) {
          const batch = group.documents.slice(start, start + options.batchSize);
          const batchMissing = new Map(batch.map((document) => [document.sopInstanceUid, document]));
          const markMissing = (reason: string): void => {
            for (const document of batchMissing.values()) missing.push({ ...document, reason });
            batchMissing.clear();
          };
          let soapResult: SoapResult;
          let info: RetrieveResponseInfo;
          const service = group.endpoint.transaction === 'RAD-75' ? 'responding imaging gateway' : 'imaging document source';
          const acceptDocument = (document: DocumentResponseInfo, data: Uint8Array): DicomInstance | undefined => {
            const requested = batchMissing.get(document.documentUniqueId);
            if (requested === undefined) return undefined;
            batchMissing.delete(document.documentUniqueId);
            if (!isPart10(data)) {
              missing.push({ ...requested, reason: `The ${service} sent the instance, but not as a DICOM Part 10 file.` });
              return undefined;
            }
            const instance = toInstance(data, document.mimeType);
            if (instance.sopInstanceUid !== undefined && instance.sopInstanceUid !== requested.sopInstanceUid) {
              warnings.push(`An instance arrived with a SOP Instance UID that differs from its DocumentUniqueId.`);
            }
            instances++;
            bytes += data.length;
            progress();
            return instance;
          };
          try {
            soapResult = await sendSoap({
              http: group.endpoint.http,
              url: group.endpoint.url,
              action: ACTIONS[group.endpoint.transaction],
              kind: 'retrieve',
              body: buildRetrieveImagingDocumentSetRequest(batch, options.transferSyntaxes),
              mtom: true,
              securityHeader: group.endpoint.securityHeader,
              sourceId: group.endpoint.sourceId,
              signal: options.signal,
              onRetryAfter: options.onRetryAfter,
              service,
            });
            const subject = `response of the ${service}`;
            info = readRetrieveResponse(soapBodyElement(soapResult.rootDocument ?? soapResult.rootXml, subject), subject);
          } catch (error) {
            if (isAbortError(error) || options.signal?.aborted) throw options.signal?.reason ?? error;
            firstError ??= error;
            failedGroups++;
            const message = error instanceof Error ? error.message : String(error);
            problems.push(message);
            markMissing(message);
            continue;
          }
          warnAboutStatus(info, service);
          if (info.nonStandardStatus) warnings.push(`The ${service} sent PartialSuccess in the ebRS namespace (${info.statusUrn}).`);

          const byContentId = new Map<string, DocumentResponseInfo>();
          for (const document of info.documents) {
            if (!batchMissing.has(document.documentUniqueId)) {
              warnings.push(`The ${service} sent a document that was not requested.`);
              continue;
            }
            if (document.inline !== undefined) {
              const outcome = acceptDocument(document, document.inline);
              if (outcome !== undefined) yield outcome;
            } else if (document.contentId !== undefined) {
              byContentId.set(document.contentId, document);
            }
          }

          try {
            if (soapResult.mtom !== undefined) {
              for await (const attachment of soapResult.mtom.attachments) {
                const document = matchAttachment(attachment, byContentId);
                if (document === undefined) {
                  warnings.push(`The ${service} sent an MTOM part that no xop:Include points at.`);
                  continue;
                }
                byContentId.delete(attachment.contentId as string);
                const outcome = acceptDocument(document, attachment.body);
                if (outcome !== undefined) yield outcome;
              }
            }
          } catch (error) {
            if (isAbortError(error) || options.signal?.aborted) throw options.signal?.reason ?? error;
            const message = error instanceof Error ? error.message : String(error);
            problems.push(`The response of the ${service} ended early: ${message}`);
          }

          for (const document of batchMissing.values()) {
            const error = errorForDocument(info.errors, document.sopInstanceUid);
            const listed = info.documents.some((response) => response.documentUniqueId === document.sopInstanceUid);
            const entry: MissingDocument = {
              ...document,
              reason: listed
                ? `The ${service} listed the instance, but its MTOM part did not arrive.`
                : error !== undefined
                  ? `The ${service} did not send the instance: ${describeRegistryErrors([error])}.`
                  : info.status === 'failure'
                    ? `The ${service} returned Failure: ${describeRegistryErrors(info.errors)}.`
                    : `The ${service} did not send the instance and gave no reason.`,
            };
            if (error !== undefined) entry.errorCode = error.errorCode;
            missing.push(entry);
          }
          batchMissing.clear();

        }
      }
      finished = true;
    } catch (error) {
      if (isAbortError(error) || options.signal?.aborted) {
        fail(options.signal?.reason ?? error);
        throw options.signal?.reason ?? error;
      }
      throw error;
    } finally {
      if (!finished && !options.signal?.aborted) problems.push('The retrieve was stopped before it finished.');
      if (!options.signal?.aborted) settle(summarise(instances, bytes, expected, missing, warnings, problems));
    }
    const groupsWithRequests = options.groups.filter((group) => group.documents.length > 0).length;
    if (instances === 0 && firstError !== undefined && failedGroups >= groupsWithRequests) throw firstError;
  }

  return { result, [Symbol.asyncIterator]: () => generate() };
}

function matchAttachment(attachment: MtomAttachment, byContentId: ReadonlyMap<string, DocumentResponseInfo>): DocumentResponseInfo | undefined {
  if (attachment.contentId === undefined) return undefined;
  return byContentId.get(attachment.contentId);
}

function summarise(
  instances: number,
  bytes: number,
  expected: number,
  missing: MissingDocument[],
  warnings: string[],
  problems: string[],
): XdsRetrieveResult {
  const complete = missing.length === 0 && problems.length === 0 && instances >= expected;
  const result: XdsRetrieveResult = { complete, instances, bytes, expectedInstances: expected, missing, warnings: [...new Set(warnings)] };
  if (!complete) {
    const reasons = [...problems];
    if (missing.length > 0) reasons.push(`${missing.length} of ${expected} instances did not arrive.`);
    result.reason = reasons.join(' ');
  }
  return result;
}
