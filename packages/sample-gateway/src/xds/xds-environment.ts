/**
 * The sample XDS-I.b environment's SOAP endpoints under `/xds/`:
 *
 * - `/xds/registry`: an Initiating Gateway for Registry Stored Query (ITI-18)
 *   over every community. It names each entry's community in `home`, and
 *   reports an unavailable community with XDSUnavailableCommunity.
 * - `/xds/repository`: Retrieve Document Set (ITI-43) of manifests in any community.
 * - `/xds/imaging`: Retrieve Imaging Document Set (RAD-69) of any community's instances.
 * - `/xds/<community>/query`, `/retrieve` and `/imaging`: one community's
 *   Responding Gateway (ITI-38 or ITI-18, ITI-39 or ITI-43, RAD-75 or RAD-69).
 *
 * Requests are SOAP 1.2, plain or as MTOM/XOP packages; retrieve responses are
 * MTOM/XOP packages whose `xop:Include` hrefs percent-encode the Content-ID,
 * as the dcm4chee archive writes them.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DOMParser } from '@xmldom/xmldom';
import { parseMediaType, parseMultipart } from '@studyline/core';
import { HttpError } from '../http-util.js';
import type { InstanceRecord, InstanceStore } from '../store.js';
import { SAMPLE_XDS_COMMUNITIES, XDS_PATIENT_ASSIGNING_AUTHORITY, type XdsCommunityDefinition } from './communities.js';
import { buildStudyManifest, type StudyManifest } from './manifests.js';
import {
  FIND_DOCUMENTS,
  GET_DOCUMENTS,
  NS,
  STATUS,
  adhocQueryResponseXml,
  createEntry,
  errorListXml,
  escapeXml,
  findDocuments,
  getDocuments,
  parseQueryValue,
  type RegistryEntry,
  type RegistryErrorOutput,
} from './registry.js';

const ACTION = {
  registryStoredQuery: 'urn:ihe:iti:2007:RegistryStoredQuery',
  crossGatewayQuery: 'urn:ihe:iti:2007:CrossGatewayQuery',
  retrieveDocumentSet: 'urn:ihe:iti:2007:RetrieveDocumentSet',
  crossGatewayRetrieve: 'urn:ihe:iti:2007:CrossGatewayRetrieve',
  retrieveImaging: 'urn:ihe:rad:2009:RetrieveImagingDocumentSet',
  crossGatewayRetrieveImaging: 'urn:ihe:rad:2011:CrossGatewayRetrieveImagingDocumentSet',
} as const;

/** SOAP requests larger than this are rejected; the largest, a RAD-69 request for a big study, stays well below. */
const MAX_REQUEST_BYTES = 4 * 1024 * 1024;

export interface XdsEnvironmentOptions {
  seed: string;
  /** The sample sources' instance stores, by source key. */
  stores: ReadonlyMap<string, InstanceStore>;
  communities?: readonly XdsCommunityDefinition[];
  /** The patient's identifier in the affinity domain, without assigning authority. */
  patientId: string;
  /**
   * Largest number of LeafClass results a query returns; more give
   * XDSTooManyResults, so that clients fall back to ObjectRef results.
   * Default: no limit.
   */
  maxLeafClassResults?: number;
}

interface SoapRequest {
  action: string;
  messageId?: string;
  body: Element;
}

function childElements(parent: Element, namespace?: string, localName?: string): Element[] {
  const result: Element[] = [];
  for (let index = 0; index < parent.childNodes.length; index++) {
    const node = parent.childNodes[index] as Element;
    if (node.nodeType !== 1) continue;
    if (namespace !== undefined && node.namespaceURI !== namespace) continue;
    if (localName !== undefined && node.localName !== localName) continue;
    result.push(node);
  }
  return result;
}

function descendants(root: Element, namespace: string, localName: string): Element[] {
  const list = root.getElementsByTagNameNS(namespace, localName);
  return Array.from({ length: list.length }, (_value, index) => list[index] as Element);
}

function textOf(element: Element | undefined): string | undefined {
  const text = element?.textContent?.trim();
  return text === undefined || text === '' ? undefined : text;
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new HttpError(413, `SOAP requests are limited to ${MAX_REQUEST_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Reads a SOAP 1.2 request, plain or as an MTOM/XOP package. Throws HttpError 415 or 400 for anything else. */
async function readSoapRequest(request: IncomingMessage): Promise<SoapRequest> {
  const mediaType = parseMediaType(request.headers['content-type'] ?? '');
  const body = await readBody(request);

  let xml: string;
  if (mediaType.type === 'application/soap+xml') {
    xml = body.toString('utf8');
  } else if (mediaType.type === 'multipart/related' && mediaType.parameters.get('boundary') !== undefined) {
    const start = mediaType.parameters.get('start')?.replace(/^<|>$/g, '');
    let root: string | undefined;
    let first: string | undefined;
    try {
      const chunks = (async function* () {
        yield new Uint8Array(body) as Uint8Array;
      })();
      for await (const part of parseMultipart(chunks, mediaType.parameters.get('boundary') as string)) {
        const text = Buffer.from(part.body).toString('utf8');
        first ??= text;
        if (start !== undefined && part.headers.get('content-id')?.replace(/^<|>$/g, '') === start) root = text;
      }
    } catch {
      throw new HttpError(400, 'The MTOM/XOP request is not a valid multipart body.');
    }
    xml = root ?? first ?? '';
  } else {
    throw new HttpError(415, `SOAP 1.2 requests must be application/soap+xml or an MTOM/XOP multipart/related package, not ${mediaType.type || 'no media type'}.`);
  }

  if (/<!DOCTYPE/i.test(xml)) throw new HttpError(400, 'SOAP messages must not contain a document type declaration.');
  let document: Document;
  try {
    document = new DOMParser({
      onError: (level: string, message: string) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(xml, 'application/xml') as unknown as Document;
  } catch (error) {
    throw new HttpError(400, `The SOAP request is not well-formed XML: ${(error as Error).message.split('\n')[0]}`);
  }

  const envelope = document.documentElement;
  if (envelope === null || envelope.namespaceURI !== NS.soap || envelope.localName !== 'Envelope') {
    throw new HttpError(400, 'The request is not a SOAP 1.2 envelope.');
  }
  const header = childElements(envelope, NS.soap, 'Header')[0];
  const soapBody = childElements(envelope, NS.soap, 'Body')[0];
  const content = soapBody === undefined ? undefined : childElements(soapBody)[0];
  const action = header === undefined ? undefined : textOf(childElements(header, NS.wsa, 'Action')[0]);
  if (content === undefined || action === undefined) throw new HttpError(400, 'The SOAP request needs a wsa:Action header and a body element.');
  return { action, messageId: header === undefined ? undefined : textOf(childElements(header, NS.wsa, 'MessageID')[0]), body: content };
}

function envelopeXml(action: string, relatesTo: string | undefined, body: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<S:Envelope xmlns:S="${NS.soap}"><S:Header>` +
    `<Action xmlns="${NS.wsa}">${action}</Action>` +
    `<MessageID xmlns="${NS.wsa}">urn:uuid:${randomUUID()}</MessageID>` +
    (relatesTo === undefined ? '' : `<RelatesTo xmlns="${NS.wsa}">${escapeXml(relatesTo)}</RelatesTo>`) +
    `</S:Header><S:Body>${body}</S:Body></S:Envelope>`
  );
}

function sendSoap(response: ServerResponse, status: number, xml: string): void {
  response.writeHead(status, { 'Content-Type': 'application/soap+xml; charset=UTF-8', 'Content-Length': Buffer.byteLength(xml) });
  response.end(xml);
}

/** Sends a SOAP 1.2 fault; `Sender` faults go with HTTP 400 and `Receiver` faults with 500. */
function sendFault(response: ServerResponse, code: 'Sender' | 'Receiver', subcode: string | undefined, reason: string): void {
  const sub = subcode === undefined ? '' : `<S:Subcode><S:Value xmlns:wsa="${NS.wsa}">${subcode}</S:Value></S:Subcode>`;
  const body = `<S:Fault><S:Code><S:Value>S:${code}</S:Value>${sub}</S:Code><S:Reason><S:Text xml:lang="en">${escapeXml(reason)}</S:Text></S:Reason></S:Fault>`;
  sendSoap(response, code === 'Sender' ? 400 : 500, envelopeXml('http://www.w3.org/2005/08/addressing/fault', undefined, body));
}

/** A document to send as one MTOM part. */
interface OutgoingDocument {
  repositoryUniqueId: string;
  documentUniqueId: string;
  homeCommunityId?: string;
  /** The bytes, or the path of the file that contains them. */
  bytes?: Uint8Array;
  path?: string;
}

function write(response: ServerResponse, chunk: string | Uint8Array): Promise<void> {
  if (response.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => response.once('drain', resolve));
}

/** Streams a RetrieveDocumentSetResponse as an MTOM/XOP package, reading instance files one at a time. */
async function sendRetrieveResponse(
  response: ServerResponse,
  action: string,
  relatesTo: string | undefined,
  documents: readonly OutgoingDocument[],
  errors: readonly RegistryErrorOutput[],
): Promise<void> {
  let status: string = STATUS.partialSuccess;
  if (errors.length === 0) status = STATUS.success;
  else if (documents.length === 0) status = STATUS.failure;
  const boundary = `MIMEBoundary_${randomUUID().replace(/-/g, '')}`;
  const contentIds = documents.map((document, index) => `${index + 1}.${document.documentUniqueId}@urn:ihe:iti:xds-b:2007`);
  const responses = documents
    .map(
      (document, index) =>
        `<DocumentResponse>` +
        (document.homeCommunityId === undefined ? '' : `<HomeCommunityId>${document.homeCommunityId}</HomeCommunityId>`) +
        `<RepositoryUniqueId>${document.repositoryUniqueId}</RepositoryUniqueId>` +
        `<DocumentUniqueId>${document.documentUniqueId}</DocumentUniqueId>` +
        `<mimeType>application/dicom</mimeType>` +
        `<Document><xop:Include xmlns:xop="${NS.xop}" href="cid:${encodeURIComponent(contentIds[index])}"/></Document>` +
        `</DocumentResponse>`,
    )
    .join('');
  const body =
    `<RetrieveDocumentSetResponse xmlns="${NS.xdsb}" xmlns:ns4="${NS.rs}">` +
    `<ns4:RegistryResponse status="${status}">${errorListXml(errors)}</ns4:RegistryResponse>` +
    responses +
    `</RetrieveDocumentSetResponse>`;
  response.writeHead(200, {
    'Content-Type': `multipart/related; type="application/xop+xml"; boundary="${boundary}"; start="<root.message@studyline.sample>"; start-info="application/soap+xml"`,
  });
  await write(
    response,
    `--${boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type="application/soap+xml"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root.message@studyline.sample>\r\n\r\n${envelopeXml(action, relatesTo, body)}\r\n`,
  );
  for (const [index, document] of documents.entries()) {
    const bytes = document.bytes ?? (await readFile(document.path as string));
    await write(response, `--${boundary}\r\nContent-Type: application/dicom\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <${contentIds[index]}>\r\n\r\n`);
    await write(response, bytes);
    await write(response, '\r\n');
  }
  response.end(`--${boundary}--\r\n`);
}

function queryParameters(query: Element): Map<string, string[]> {
  const parameters = new Map<string, string[]>();
  for (const slot of childElements(query, NS.rim, 'Slot')) {
    const name = slot.getAttribute('name');
    if (name === null) continue;
    const values = descendants(slot, NS.rim, 'Value').flatMap((value) => parseQueryValue(value.textContent ?? ''));
    parameters.set(name, [...(parameters.get(name) ?? []), ...values]);
  }
  return parameters;
}

function sameHome(a: string | undefined | null, b: string): boolean {
  if (a === undefined || a === null) return false;
  return a.replace(/^urn:oid:/i, '').toLowerCase() === b.replace(/^urn:oid:/i, '').toLowerCase();
}

/** The sample XDS-I.b environment: registry entries and manifests built at start from the sample stores. */
export class XdsEnvironment {
  readonly communities: readonly XdsCommunityDefinition[];
  readonly patientCx: string;
  readonly entries: readonly RegistryEntry[];
  private readonly stores: ReadonlyMap<string, InstanceStore>;
  private maxLeafClassResults?: number;
  private readonly manifestsByUid = new Map<string, { community: XdsCommunityDefinition; manifest: StudyManifest }>();

  constructor(options: XdsEnvironmentOptions) {
    this.communities = options.communities ?? SAMPLE_XDS_COMMUNITIES;
    this.stores = options.stores;
    this.maxLeafClassResults = options.maxLeafClassResults;
    this.patientCx = `${options.patientId}^^^&${XDS_PATIENT_ASSIGNING_AUTHORITY}&ISO`;
    const entries: RegistryEntry[] = [];
    for (const community of this.communities) {
      const store = community.sampleSourceKey === undefined ? undefined : options.stores.get(community.sampleSourceKey);
      if (store === undefined) continue;
      for (const studyInstanceUid of store.studyInstanceUids()) {
        const manifest = buildStudyManifest(options.seed, store.studyInstances(studyInstanceUid), community.imagingSourceUniqueId);
        this.manifestsByUid.set(manifest.sopInstanceUid, { community, manifest });
        entries.push(createEntry(options.seed, community, manifest, this.patientCx));
      }
    }
    this.entries = entries;
  }

  /** Sets the largest number of LeafClass results, or removes the limit with undefined. */
  setMaxLeafClassResults(limit: number | undefined): void {
    this.maxLeafClassResults = limit;
  }

  /** Handles a request to a path below `/xds`, such as `/registry` or `/rijnstad/imaging`. */
  async handle(request: IncomingMessage, response: ServerResponse, subPath: string): Promise<void> {
    if (request.method !== 'POST') throw new HttpError(405, 'XDS endpoints take SOAP requests by POST.', { Allow: 'POST' });
    const segments = subPath.split('/').filter((segment) => segment !== '');
    const [first, second] = segments;
    let community: XdsCommunityDefinition | undefined;
    let endpoint: string;
    if (segments.length === 1 && ['registry', 'repository', 'imaging'].includes(first)) {
      endpoint = first;
    } else if (segments.length === 2 && ['query', 'retrieve', 'imaging'].includes(second)) {
      community = this.communities.find((candidate) => candidate.key === first);
      if (community === undefined) throw new HttpError(404, `There is no XDS community "${first}".`);
      endpoint = second;
    } else {
      throw new HttpError(404, 'XDS endpoints are /xds/registry, /xds/repository, /xds/imaging and /xds/<community>/query, /retrieve or /imaging.');
    }
    if (community?.unavailable) {
      request.resume();
      throw new HttpError(502, `The community ${community.label} is configured as unreachable.`);
    }

    const soap = await readSoapRequest(request);
    const communities = community === undefined ? this.communities : [community];
    const crossGateway = community !== undefined;
    if (endpoint === 'registry' || endpoint === 'query') {
      const allowed = endpoint === 'query' ? [ACTION.crossGatewayQuery, ACTION.registryStoredQuery] : [ACTION.registryStoredQuery];
      if (!allowed.includes(soap.action as never)) return sendFault(response, 'Sender', 'wsa:ActionNotSupported', `This endpoint does not support the action ${soap.action}.`);
      return this.query(response, soap, communities, community === undefined);
    }
    if (endpoint === 'repository' || endpoint === 'retrieve') {
      const allowed = endpoint === 'retrieve' ? [ACTION.crossGatewayRetrieve, ACTION.retrieveDocumentSet] : [ACTION.retrieveDocumentSet];
      if (!allowed.includes(soap.action as never)) return sendFault(response, 'Sender', 'wsa:ActionNotSupported', `This endpoint does not support the action ${soap.action}.`);
      return this.retrieveManifests(response, soap, communities, crossGateway);
    }
    const allowed = community === undefined ? [ACTION.retrieveImaging] : [ACTION.crossGatewayRetrieveImaging, ACTION.retrieveImaging];
    if (!allowed.includes(soap.action as never)) return sendFault(response, 'Sender', 'wsa:ActionNotSupported', `This endpoint does not support the action ${soap.action}.`);
    return this.retrieveImaging(response, soap, communities, crossGateway);
  }

  private query(response: ServerResponse, soap: SoapRequest, communities: readonly XdsCommunityDefinition[], initiating: boolean): void {
    const responseAction = `${soap.action}Response`;
    if (soap.body.namespaceURI !== NS.query || soap.body.localName !== 'AdhocQueryRequest') {
      return sendFault(response, 'Sender', undefined, 'The body must be an AdhocQueryRequest.');
    }
    const query = childElements(soap.body, NS.rim, 'AdhocQuery')[0];
    const returnType = childElements(soap.body, NS.query, 'ResponseOption')[0]?.getAttribute('returnType') ?? 'LeafClass';
    if (query === undefined) return sendFault(response, 'Sender', undefined, 'The AdhocQueryRequest has no AdhocQuery.');
    const queryId = query.getAttribute('id');
    const home = query.getAttribute('home');
    const parameters = queryParameters(query);

    let selected = communities;
    const errors: RegistryErrorOutput[] = [];
    if (queryId === GET_DOCUMENTS && home !== null && home !== '') {
      selected = communities.filter((community) => sameHome(home, community.homeCommunityId));
      if (selected.length === 0) errors.push({ errorCode: 'XDSUnknownCommunity', codeContext: `${home} is not a known community`, location: home });
    }
    for (const community of selected.filter((candidate) => candidate.unavailable)) {
      errors.push({ errorCode: 'XDSUnavailableCommunity', codeContext: `${community.label} is unreachable`, location: community.homeCommunityId });
    }
    const reachable = this.entries.filter((entry) => selected.includes(entry.community) && !entry.community.unavailable);

    let result: { entries: RegistryEntry[]; errors: RegistryErrorOutput[] };
    if (queryId === FIND_DOCUMENTS) result = findDocuments(reachable, parameters);
    else if (queryId === GET_DOCUMENTS) result = getDocuments(reachable, parameters);
    else result = { entries: [], errors: [{ errorCode: 'XDSUnknownStoredQuery', codeContext: `The stored query ${queryId ?? '(none)'} is not supported` }] };

    if (result.errors.length > 0) {
      sendSoap(response, 200, envelopeXml(responseAction, soap.messageId, adhocQueryResponseXml(STATUS.failure, [], result.errors, returnType, initiating)));
      return;
    }
    if (returnType === 'LeafClass' && this.maxLeafClassResults !== undefined && result.entries.length > this.maxLeafClassResults) {
      const tooMany = { errorCode: 'XDSTooManyResults', codeContext: `The query matches ${result.entries.length} entries; ask for ObjectRef results.` };
      sendSoap(response, 200, envelopeXml(responseAction, soap.messageId, adhocQueryResponseXml(STATUS.failure, [], [tooMany], returnType, initiating)));
      return;
    }
    const status = errors.length === 0 ? STATUS.success : reachable.length === 0 && selected.every((community) => community.unavailable) ? STATUS.failure : STATUS.partialSuccess;
    sendSoap(response, 200, envelopeXml(responseAction, soap.messageId, adhocQueryResponseXml(status, result.entries, errors, returnType, initiating || returnType === 'ObjectRef')));
  }

  /** Reads the DocumentRequests of a retrieve request. */
  private documentRequests(body: Element): { home?: string; repository?: string; document?: string; study?: string; series?: string }[] {
    return descendants(body, NS.xdsb, 'DocumentRequest').map((element) => {
      const series = element.parentNode as Element | null;
      const study = series?.parentNode as Element | null;
      return {
        home: textOf(childElements(element, NS.xdsb, 'HomeCommunityId')[0]),
        repository: textOf(childElements(element, NS.xdsb, 'RepositoryUniqueId')[0]),
        document: textOf(childElements(element, NS.xdsb, 'DocumentUniqueId')[0]),
        series: series?.localName === 'SeriesRequest' ? (series.getAttribute('seriesInstanceUID') ?? undefined) : undefined,
        study: study?.localName === 'StudyRequest' ? (study.getAttribute('studyInstanceUID') ?? undefined) : undefined,
      };
    });
  }

  private async retrieveManifests(response: ServerResponse, soap: SoapRequest, communities: readonly XdsCommunityDefinition[], crossGateway: boolean): Promise<void> {
    if (soap.body.namespaceURI !== NS.xdsb || soap.body.localName !== 'RetrieveDocumentSetRequest') {
      return sendFault(response, 'Sender', undefined, 'The body must be a RetrieveDocumentSetRequest.');
    }
    const documents: OutgoingDocument[] = [];
    const errors: RegistryErrorOutput[] = [];
    const requests = this.documentRequests(soap.body);
    for (const request of requests) {
      const found = request.document === undefined ? undefined : this.manifestsByUid.get(request.document);
      const community = communities.find((candidate) => candidate.repositoryUniqueId === request.repository);
      if (crossGateway && request.home === undefined) {
        errors.push({ errorCode: 'XDSMissingHomeCommunityId', codeContext: 'A cross-gateway retrieve needs HomeCommunityId', location: request.document });
      } else if (community === undefined) {
        errors.push({ errorCode: 'XDSUnknownRepositoryId', codeContext: `${request.repository ?? '(none)'} is not a known repository`, location: request.document });
      } else if (community.unavailable) {
        errors.push({ errorCode: 'XDSUnavailableCommunity', codeContext: `${community.label} is unreachable`, location: community.homeCommunityId });
      } else if (found === undefined || found.community !== community) {
        errors.push({ errorCode: 'XDSDocumentUniqueIdError', codeContext: `${request.document ?? '(none)'} not found`, location: request.document });
      } else {
        documents.push({ repositoryUniqueId: community.repositoryUniqueId, documentUniqueId: found.manifest.sopInstanceUid, homeCommunityId: community.homeCommunityId, bytes: found.manifest.bytes });
      }
    }
    await sendRetrieveResponse(response, `${soap.action}Response`, soap.messageId, documents, errors);
  }

  private async retrieveImaging(response: ServerResponse, soap: SoapRequest, communities: readonly XdsCommunityDefinition[], crossGateway: boolean): Promise<void> {
    if (soap.body.namespaceURI !== NS.xdsi || soap.body.localName !== 'RetrieveImagingDocumentSetRequest') {
      return sendFault(response, 'Sender', undefined, 'The body must be a RetrieveImagingDocumentSetRequest.');
    }
    const transferSyntaxes = descendants(soap.body, NS.xdsi, 'TransferSyntaxUID').map((element) => textOf(element)).filter((uid): uid is string => uid !== undefined);
    if (transferSyntaxes.length === 0) return sendFault(response, 'Sender', undefined, 'The request needs a TransferSyntaxUIDList with at least one TransferSyntaxUID.');
    const documents: OutgoingDocument[] = [];
    const errors: RegistryErrorOutput[] = [];
    const requests = this.documentRequests(soap.body);
    for (const request of requests) {
      const community = communities.find((candidate) => candidate.imagingSourceUniqueId === request.repository);
      const store = community?.sampleSourceKey === undefined ? undefined : this.stores.get(community.sampleSourceKey);
      const record: InstanceRecord | undefined =
        store === undefined || request.study === undefined || request.series === undefined || request.document === undefined
          ? undefined
          : store.instance(request.study, request.series, request.document);
      if (crossGateway && request.home === undefined) {
        errors.push({ errorCode: 'XDSMissingHomeCommunityId', codeContext: 'A cross-gateway retrieve needs HomeCommunityId', location: request.document });
      } else if (community === undefined) {
        errors.push({ errorCode: 'XDSUnknownRepositoryId', codeContext: `${request.repository ?? '(none)'} is not a known Imaging Document Source`, location: request.document });
      } else if (community.unavailable) {
        errors.push({ errorCode: 'XDSUnavailableCommunity', codeContext: `${community.label} is unreachable`, location: community.homeCommunityId });
      } else if (record === undefined) {
        errors.push({ errorCode: 'XDSDocumentUniqueIdError', codeContext: `${request.document ?? '(none)'} not found`, location: request.document });
      } else if (!transferSyntaxes.includes(record.transferSyntaxUid)) {
        // The sample source does not transcode. The code is the one the dcm4chee archive uses for this case.
        errors.push({ errorCode: 'urn:dicom:wado:0007', codeContext: `${record.sopInstanceUid} is stored as ${record.transferSyntaxUid}, which the request does not accept`, location: record.sopInstanceUid });
      } else {
        documents.push({
          repositoryUniqueId: community.imagingSourceUniqueId,
          documentUniqueId: record.sopInstanceUid,
          homeCommunityId: crossGateway ? community.homeCommunityId : undefined,
          path: record.path,
        });
      }
    }
    await sendRetrieveResponse(response, `${soap.action}Response`, soap.messageId, documents, errors);
  }

  /** Describes the environment for `/demo/config.json`: endpoints, the patient identifier and the communities. */
  describe(): unknown {
    return {
      queryUrl: '/xds/registry',
      documentRetrieveUrl: '/xds/repository',
      imagingRetrieveUrl: '/xds/imaging',
      patientAssigningAuthority: XDS_PATIENT_ASSIGNING_AUTHORITY,
      communities: this.communities.map((community) => ({
        id: `xds-${community.key}`,
        label: community.label,
        kind: 'external',
        homeCommunityId: community.homeCommunityId,
        queryUrl: `/xds/${community.key}/query`,
        documentRetrieveUrl: `/xds/${community.key}/retrieve`,
        imagingRetrieveUrl: `/xds/${community.key}/imaging`,
      })),
    };
  }
}
