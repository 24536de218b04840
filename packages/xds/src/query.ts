/**
 * Registry Stored Query (ITI-18) and Cross Gateway Query (ITI-38) requests:
 * FindDocuments for a patient's imaging manifests, and GetDocuments for the
 * fallback after `XDSTooManyResults` (IHE ITI TF-2 section 3.18.4.1).
 *
 * Parameter values follow ITI-18's query syntax: strings in single quotes, a
 * list in parentheses, codes as `code^^scheme`. Values in one slot are ORed
 * and separate slots are ANDed.
 */
import type { CodedConcept, FetchPriority, HttpClient, RetryAfterInfo } from '@studyline/core';
import { readStoredQueryResponse, type RegistryErrorInfo, type StoredQueryResult } from './ebrim.js';
import { sendSoap, soapBodyElement, type SecurityHeaderHook } from './soap.js';
import { ACTIONS, AVAILABILITY_STATUS, ERROR_CODE, KOS_FORMAT_CODE, NS, STORED_QUERY, type QueryTransaction } from './vocabulary.js';
import { escapeXml } from './xml.js';

export type ReturnType = 'LeafClass' | 'ObjectRef';

export interface FindDocumentsParameters {
  /** The patient as a CX with its assigning authority, `id^^^&1.2.3&ISO`. */
  patientId: string;
  /** Availability statuses; default Approved. */
  statuses?: readonly string[];
  /** Default: the KOS format code. */
  formatCodes?: readonly CodedConcept[];
  /** Lower bound of serviceStartTime as DTM (`YYYYMMDD` or longer), inclusive. */
  serviceStartTimeFrom?: string;
  /** Upper bound of serviceStartTime as DTM, exclusive. */
  serviceStartTimeTo?: string;
  /** Any of these event codes, such as modality codes. */
  eventCodes?: readonly CodedConcept[];
  returnType: ReturnType;
}

/** Quotes a query parameter value, doubling any single quote inside it. */
export function quoteValue(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function codeValue(concept: CodedConcept): string {
  return concept.scheme === undefined ? concept.code : `${concept.code}^^${concept.scheme}`;
}

function slot(name: string, value: string): string {
  return `<rim:Slot name="${escapeXml(name)}"><rim:ValueList><rim:Value>${escapeXml(value)}</rim:Value></rim:ValueList></rim:Slot>`;
}

function listValue(values: readonly string[]): string {
  return `(${values.map(quoteValue).join(',')})`;
}

function adhocQueryRequest(queryId: string, returnType: ReturnType, slots: string[], homeCommunityId?: string): string {
  const home = homeCommunityId === undefined ? '' : ` home="${escapeXml(homeCommunityId)}"`;
  return (
    `<query:AdhocQueryRequest xmlns:query="${NS.query}" xmlns:rim="${NS.rim}">` +
    `<query:ResponseOption returnComposedObjects="true" returnType="${returnType}"/>` +
    `<rim:AdhocQuery id="${queryId}"${home}>${slots.join('')}</rim:AdhocQuery>` +
    `</query:AdhocQueryRequest>`
  );
}

/** Builds the AdhocQueryRequest of a FindDocuments query. */
export function buildFindDocumentsRequest(parameters: FindDocumentsParameters): string {
  const slots = [
    slot('$XDSDocumentEntryPatientId', quoteValue(parameters.patientId)),
    slot('$XDSDocumentEntryStatus', listValue(parameters.statuses ?? [AVAILABILITY_STATUS.approved])),
    slot('$XDSDocumentEntryFormatCode', listValue((parameters.formatCodes ?? [KOS_FORMAT_CODE]).map(codeValue))),
  ];
  if (parameters.serviceStartTimeFrom !== undefined) slots.push(slot('$XDSDocumentEntryServiceStartTimeFrom', parameters.serviceStartTimeFrom));
  if (parameters.serviceStartTimeTo !== undefined) slots.push(slot('$XDSDocumentEntryServiceStartTimeTo', parameters.serviceStartTimeTo));
  if (parameters.eventCodes !== undefined && parameters.eventCodes.length > 0) {
    slots.push(slot('$XDSDocumentEntryEventCodeList', listValue(parameters.eventCodes.map(codeValue))));
  }
  return adhocQueryRequest(STORED_QUERY.FindDocuments, parameters.returnType, slots);
}

/** Builds the AdhocQueryRequest of a GetDocuments query by entryUUID, with the home community the references came from. */
export function buildGetDocumentsRequest(entryUuids: readonly string[], homeCommunityId?: string): string {
  return adhocQueryRequest(STORED_QUERY.GetDocuments, 'LeafClass', [slot('$XDSDocumentEntryEntryUUID', listValue(entryUuids))], homeCommunityId);
}

export interface QueryEndpoint {
  http: HttpClient;
  url: string;
  transaction: QueryTransaction;
  securityHeader?: SecurityHeaderHook;
  sourceId?: string;
  signal?: AbortSignal;
  onRetryAfter?: (info: RetryAfterInfo) => void;
  priority?: FetchPriority;
}

/** Sends one stored query and reads its response. Throws for SOAP faults, HTTP errors and unreadable responses. */
export async function runStoredQuery(endpoint: QueryEndpoint, request: string): Promise<StoredQueryResult> {
  const service = endpoint.transaction === 'ITI-38' ? 'responding gateway' : 'registry';
  const soapResult = await sendSoap({
    http: endpoint.http,
    url: endpoint.url,
    action: ACTIONS[endpoint.transaction],
    kind: 'search',
    body: request,
    securityHeader: endpoint.securityHeader,
    sourceId: endpoint.sourceId,
    signal: endpoint.signal,
    onRetryAfter: endpoint.onRetryAfter,
    priority: endpoint.priority,
    service,
  });
  await soapResult.mtom?.close();
  const subject = `response of the ${service}`;
  return readStoredQueryResponse(soapBodyElement(soapResult.rootDocument ?? soapResult.rootXml, subject), subject);
}

/** The result of a FindDocuments search, after any fallback. */
export interface FindDocumentsOutcome extends StoredQueryResult {
  /** True when the registry returned XDSTooManyResults and the documents came through ObjectRef and GetDocuments. */
  usedObjectRefFallback: boolean;
  /** Entries that the ObjectRef query listed but no GetDocuments batch returned. */
  missingAfterFallback: number;
}

function hasTooManyResults(errors: readonly RegistryErrorInfo[]): boolean {
  return errors.some((error) => error.errorCode === ERROR_CODE.tooManyResults);
}

function combineStatus(statuses: readonly StoredQueryResult['status'][]): StoredQueryResult['status'] {
  if (statuses.every((status) => status === 'success')) return 'success';
  if (statuses.every((status) => status === 'failure')) return 'failure';
  return 'partial-success';
}

/**
 * Runs FindDocuments with LeafClass results. When the registry returns
 * `XDSTooManyResults`, requests ObjectRef results and then the entries
 * with GetDocuments, in batches of `batchSize` per home community,
 * halving a batch that is still too large.
 */
export async function findDocuments(
  endpoint: QueryEndpoint,
  parameters: Omit<FindDocumentsParameters, 'returnType'>,
  batchSize: number,
): Promise<FindDocumentsOutcome> {
  const leaf = await runStoredQuery(endpoint, buildFindDocumentsRequest({ ...parameters, returnType: 'LeafClass' }));
  if (!hasTooManyResults(leaf.errors) || leaf.documents.length > 0) {
    return { ...leaf, usedObjectRefFallback: false, missingAfterFallback: 0 };
  }

  const references = await runStoredQuery(endpoint, buildFindDocumentsRequest({ ...parameters, returnType: 'ObjectRef' }));
  const outcome: FindDocumentsOutcome = {
    ...references,
    errors: [...references.errors],
    documents: [],
    objectReferences: [],
    usedObjectRefFallback: true,
    missingAfterFallback: 0,
  };
  // XDSTooManyResults from the LeafClass query is resolved by the fallback; other errors of that query still count.
  outcome.errors.push(...leaf.errors.filter((error) => error.errorCode !== ERROR_CODE.tooManyResults));

  const byHome = new Map<string | undefined, string[]>();
  for (const reference of references.objectReferences) {
    const list = byHome.get(reference.homeCommunityId) ?? [];
    list.push(reference.id);
    byHome.set(reference.homeCommunityId, list);
  }
  const statuses: StoredQueryResult['status'][] = [references.status];
  // A registry whose LeafClass limit is below the batch size returns XDSTooManyResults again; halves then go separately.
  const fetchBatch = async (batch: readonly string[], home: string | undefined): Promise<void> => {
    const result = await runStoredQuery(endpoint, buildGetDocumentsRequest(batch, home));
    if (hasTooManyResults(result.errors) && result.documents.length === 0 && batch.length > 1) {
      const middle = Math.ceil(batch.length / 2);
      await fetchBatch(batch.slice(0, middle), home);
      await fetchBatch(batch.slice(middle), home);
      return;
    }
    statuses.push(result.status);
    outcome.errors.push(...result.errors);
    outcome.unreadable += result.unreadable;
    const returned = new Set(result.documents.map((document) => document.entryUuid));
    outcome.documents.push(...result.documents);
    outcome.missingAfterFallback += batch.filter((id) => !returned.has(id)).length;
  };
  for (const [home, ids] of byHome) {
    for (let start = 0; start < ids.length; start += batchSize) await fetchBatch(ids.slice(start, start + batchSize), home);
  }
  outcome.status = combineStatus(statuses);
  return outcome;
}
