/**
 * SOAP 1.2 with WS-Addressing, as IHE ITI TF-2 Appendix V requires of every
 * XDS transaction: request envelopes, the optional WS-Security header that
 * carries an XUA assertion, and the reading of responses, SOAP faults and
 * responses that are not SOAP at all.
 *
 * Every request goes through core's HTTP client, so the auth hook adds its
 * headers and a 401 gets one token refresh.
 */
import {
  StudylineError,
  parseMediaType,
  safePath,
  type FetchPriority,
  type HttpClient,
  type RequestKind,
  type RetryAfterInfo,
} from '@studyline/core';
import { buildMtomPackage, openMtomMessage, type MtomMessage } from './mtom.js';
import { NS } from './vocabulary.js';
import { childElement, childElements, elementText, escapeXml, parseXml } from './xml.js';

const ANONYMOUS = 'http://www.w3.org/2005/08/addressing/anonymous';
const SAML2_ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
/** Faults are read from bodies up to this size; a larger error body is not read. */
const MAX_FAULT_BYTES = 1024 * 1024;

/** The request that a `SecurityHeaderHook` provides an assertion for. */
export interface SecurityHeaderRequest {
  url: string;
  /** WS-Addressing action of the request. */
  action: string;
  sourceId?: string;
}

/**
 * Returns the SAML 2.0 assertion (XUA, IHE ITI-40) to put in the request's
 * WS-Security header, as XML text, or undefined to send none. Called before
 * every SOAP request.
 */
export type SecurityHeaderHook = (request: SecurityHeaderRequest) => Promise<string | undefined> | string | undefined;

/** A SOAP 1.2 fault, or a SOAP 1.1 fault from a server that responds in 1.1. */
export class SoapFaultError extends StudylineError {
  /** The fault code, such as `soap:Sender` or `soap:Receiver`, as sent. */
  readonly faultCode: string;
  /** Subcode values from the outermost in, such as `wsse:InvalidSecurityToken`. */
  readonly subcodes: readonly string[];
  /** The server's reason text. */
  readonly reason: string;

  constructor(message: string, fault: { faultCode: string; subcodes: readonly string[]; reason: string }, options: { status?: number; path?: string }) {
    super('http', message, options);
    this.faultCode = fault.faultCode;
    this.subcodes = fault.subcodes;
    this.reason = fault.reason;
  }
}

/** Creates a `urn:uuid:` message id from the platform's random source. */
export function createMessageId(): string {
  const cryptoObject = globalThis.crypto;
  if (typeof cryptoObject.randomUUID === 'function') return `urn:uuid:${cryptoObject.randomUUID()}`;
  // randomUUID needs a secure context in browsers, and getRandomValues does not.
  const bytes = cryptoObject.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Resolves a request URL against the page's address, for wsa:To, which must be absolute. */
function absoluteUrl(url: string): string {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(url, base).href;
  } catch {
    return url;
  }
}

/**
 * Checks that an XUA assertion is one well-formed SAML 2.0 Assertion element
 * and returns its text without an XML declaration.
 */
export function checkAssertion(assertion: string): string {
  const text = assertion.replace(/^\uFEFF?\s*<\?xml[^?]*\?>/, '').trim();
  const document = parseXml(text, 'XUA assertion');
  const root = document.documentElement;
  if (root.namespaceURI !== SAML2_ASSERTION_NS || root.localName !== 'Assertion') {
    throw new StudylineError('invalid-argument', 'The XUA assertion must be a SAML 2.0 Assertion element.');
  }
  return text;
}

export interface EnvelopeOptions {
  action: string;
  url: string;
  /** The XML of the body's one child element. */
  body: string;
  /** A checked SAML assertion for the WS-Security header. */
  assertion?: string;
  messageId?: string;
}

/** Builds a SOAP 1.2 envelope with the WS-Addressing headers IHE requires. */
export function buildEnvelope(options: EnvelopeOptions): string {
  const security =
    options.assertion === undefined
      ? ''
      : `<wsse:Security xmlns:wsse="${NS.wsse}" soap:mustUnderstand="true">${options.assertion}</wsse:Security>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soap:Envelope xmlns:soap="${NS.soap12}" xmlns:wsa="${NS.wsa}">` +
    `<soap:Header>` +
    `<wsa:Action soap:mustUnderstand="true">${escapeXml(options.action)}</wsa:Action>` +
    `<wsa:MessageID>${escapeXml(options.messageId ?? createMessageId())}</wsa:MessageID>` +
    `<wsa:ReplyTo><wsa:Address>${ANONYMOUS}</wsa:Address></wsa:ReplyTo>` +
    `<wsa:To soap:mustUnderstand="true">${escapeXml(absoluteUrl(options.url))}</wsa:To>` +
    security +
    `</soap:Header>` +
    `<soap:Body>${options.body}</soap:Body>` +
    `</soap:Envelope>`
  );
}

export interface SoapRequest {
  http: HttpClient;
  url: string;
  action: string;
  kind: RequestKind;
  /** The XML of the body's one child element. */
  body: string;
  /** Send the request as an MTOM/XOP package, as ITI-43, ITI-39, RAD-69 and RAD-75 require. */
  mtom?: boolean;
  securityHeader?: SecurityHeaderHook;
  sourceId?: string;
  signal?: AbortSignal;
  onRetryAfter?: (info: RetryAfterInfo) => void;
  priority?: FetchPriority;
  /** Name of the service for messages, such as `registry` or `imaging document source`. */
  service: string;
}

/** A response whose body is being read: either one XML document or an MTOM/XOP package. */
export interface SoapResult {
  response: Response;
  /** The root part's XML. */
  rootXml: string;
  /** The root part parsed, so that readers need not parse it again. */
  rootDocument?: Document;
  /** The package's other parts, when the response is MTOM/XOP. Iterate it once. */
  mtom?: MtomMessage;
}

/**
 * Sends a SOAP request and returns its response once the root part has
 * arrived. Throws a SoapFaultError for a SOAP fault (with any HTTP status), a
 * StudylineError with code `media-type` for a response that is not SOAP, such
 * as a proxy's HTML login page, and code `http` for an HTTP error without a fault.
 */
export async function sendSoap(request: SoapRequest): Promise<SoapResult> {
  const path = safePath(request.url);
  let assertion: string | undefined;
  if (request.securityHeader !== undefined) {
    const text = await request.securityHeader({ url: request.url, action: request.action, sourceId: request.sourceId });
    if (text !== undefined) assertion = checkAssertion(text);
  }
  const envelope = buildEnvelope({ action: request.action, url: request.url, body: request.body, assertion });
  let body: BodyInit;
  let contentType: string;
  if (request.mtom) {
    const mtomPackage = buildMtomPackage(envelope, request.action);
    body = mtomPackage.body;
    contentType = mtomPackage.contentType;
  } else {
    body = envelope;
    contentType = `application/soap+xml; charset=UTF-8; action="${request.action}"`;
  }

  // SOAP 1.2 sends faults with 400 (Sender) or 500 (Receiver); they are read below instead of thrown as bare HTTP errors.
  const response = await request.http.request(request.url, {
    method: 'POST',
    kind: request.kind,
    headers: { 'Content-Type': contentType, Accept: 'application/soap+xml, multipart/related, text/xml;q=0.5' },
    body,
    signal: request.signal,
    onRetryAfter: request.onRetryAfter,
    priority: request.priority,
    acceptStatus: [400, 500],
  });
  return readAnswer(response, path, request.service);
}

async function readAnswer(response: Response, path: string, service: string): Promise<SoapResult> {
  const header = response.headers.get('Content-Type') ?? '';
  const mediaType = parseMediaType(header);
  const failed = !response.ok;

  if (mediaType.type === 'multipart/related') {
    const mtom = await openMtomMessage(response, mediaType, `response of the ${service} at ${path}`);
    const rootDocument = checkForFault(mtom.rootXml, response.status, path, service);
    if (failed) throw httpError(response.status, path, service);
    return { response, rootXml: mtom.rootXml, rootDocument, mtom };
  }
  if (mediaType.type === 'application/soap+xml' || mediaType.type === 'text/xml' || mediaType.type === 'application/xml') {
    const text = failed ? await readLimited(response, MAX_FAULT_BYTES) : await response.text();
    const rootDocument = checkForFault(text, response.status, path, service);
    if (failed) throw httpError(response.status, path, service);
    return { response, rootXml: text, rootDocument };
  }

  await response.body?.cancel().catch(() => undefined);
  if (failed) throw httpError(response.status, path, service);
  throw new StudylineError(
    'media-type',
    `The ${service} at ${path} responded with ${mediaType.type || 'no media type'} instead of a SOAP message. A proxy or login page may be in between; check the endpoint URL.`,
    { status: response.status, path },
  );
}

function httpError(status: number, path: string, service: string): StudylineError {
  return new StudylineError('http', `The ${service} at ${path} responded with HTTP ${status} without a SOAP fault.`, { status, path });
}

async function readLimited(response: Response, limit: number): Promise<string> {
  const buffer = await response.arrayBuffer();
  return new TextDecoder().decode(buffer.byteLength > limit ? buffer.slice(0, limit) : buffer);
}

/**
 * Throws a SoapFaultError when the text is a SOAP envelope with a fault.
 * Otherwise returns the parsed document, or undefined for text that is not XML.
 */
function checkForFault(text: string, status: number, path: string, service: string): Document | undefined {
  let document: Document;
  try {
    document = parseXml(text, `response of the ${service}`);
  } catch {
    // A body that is not XML is reported by the caller that parses it, with more context.
    return undefined;
  }
  const fault = readFault(document);
  if (fault === undefined) return document;
  const code = [fault.faultCode, ...fault.subcodes].join(' / ');
  throw new SoapFaultError(
    `The ${service} at ${path} returned a SOAP fault (${code}): ${fault.reason || 'no reason given'}.`,
    fault,
    { status, path },
  );
}

function faultCodeChain(code: Element | undefined): string[] {
  const values: string[] = [];
  let current = code;
  while (current !== undefined) {
    const value = elementText(childElement(current, NS.soap12, 'Value'));
    if (value !== undefined) values.push(value);
    current = childElement(current, NS.soap12, 'Subcode');
  }
  return values;
}

/** Reads the fault of a SOAP 1.2 or 1.1 envelope, or returns undefined when the body has none. */
export function readFault(document: Document): { faultCode: string; subcodes: string[]; reason: string } | undefined {
  const envelope = document.documentElement;
  for (const namespace of [NS.soap12, NS.soap11]) {
    if (envelope.namespaceURI !== namespace || envelope.localName !== 'Envelope') continue;
    const body = childElement(envelope, namespace, 'Body');
    const fault = body === undefined ? undefined : childElement(body, namespace, 'Fault');
    if (fault === undefined) return undefined;
    if (namespace === NS.soap12) {
      const [faultCode = 'unknown', ...subcodes] = faultCodeChain(childElement(fault, NS.soap12, 'Code'));
      const reasonElement = childElement(fault, NS.soap12, 'Reason');
      const reason = reasonElement === undefined ? '' : (elementText(childElements(reasonElement, NS.soap12, 'Text')[0]) ?? '');
      return { faultCode, subcodes, reason };
    }
    // SOAP 1.1 fault children are unqualified.
    const faultCode = elementText(childElements(fault).find((child) => child.localName === 'faultcode')) ?? 'unknown';
    const reason = elementText(childElements(fault).find((child) => child.localName === 'faultstring')) ?? '';
    return { faultCode, subcodes: [], reason };
  }
  return undefined;
}

/**
 * Parses a SOAP response's root part, unless it is already a Document, and returns the body's first element.
 * Throws a StudylineError with code `parse` when the text is not a SOAP
 * envelope with a body element.
 */
export function soapBodyElement(xml: string | Document, subject: string): Element {
  const document = typeof xml === 'string' ? parseXml(xml, subject) : xml;
  const envelope = document.documentElement;
  const namespace = envelope.namespaceURI;
  if ((namespace !== NS.soap12 && namespace !== NS.soap11) || envelope.localName !== 'Envelope') {
    throw new StudylineError('parse', `The ${subject} is XML but not a SOAP envelope (its root element is ${envelope.localName}).`);
  }
  const body = childElement(envelope, namespace, 'Body');
  const content = body === undefined ? undefined : childElements(body)[0];
  if (content === undefined) throw new StudylineError('parse', `The ${subject} has an empty SOAP body.`);
  return content;
}
