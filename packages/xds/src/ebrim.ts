/**
 * Reading of ebRS 3.0 responses and ebRIM 3.0 registry objects as XDS uses
 * them (IHE ITI TF-3 section 4.2): the response status, the RegistryErrorList,
 * and DocumentEntry objects with their slots, classifications and external
 * identifiers.
 *
 * Prefixes, the order of slots and classifications, and whitespace around
 * values do not matter. An empty `<Value/>` counts as absent.
 */
import { StudylineError, type CodedConcept } from '@studyline/core';
import { parseCx, type CxIdentifier } from './hl7.js';
import { DOCUMENT_ENTRY, NS, REFERENCE_ID_LIST_SLOT, RESPONSE_STATUS } from './vocabulary.js';
import { attributeValue, childElement, childElements, descendantElements, elementText, isElement } from './xml.js';

export type ResponseStatus = 'success' | 'partial-success' | 'failure';

/** One RegistryError of a RegistryErrorList. */
export interface RegistryErrorInfo {
  errorCode: string;
  /** The server's description; may name the document or community concerned. */
  codeContext: string;
  severity: 'error' | 'warning';
  /** Location of the error, such as a homeCommunityId for XCA errors. */
  location?: string;
}

/** The status part of an ebRS response. */
export interface RegistryStatus {
  status: ResponseStatus;
  /** The status attribute as sent. */
  statusUrn: string;
  /**
   * True when PartialSuccess came in the ebRS namespace
   * (`urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:PartialSuccess`)
   * instead of IHE's, which some servers send.
   */
  nonStandardStatus: boolean;
  errors: RegistryErrorInfo[];
}

/** One author of a DocumentEntry. */
export interface DocumentAuthor {
  /** XCN values as sent. */
  person?: string;
  /** XON values as sent. */
  institutions: string[];
  roles: string[];
  specialties: string[];
}

/** A DocumentEntry as far as an imaging document consumer reads it. */
export interface DocumentEntry {
  /** The entryUUID, the ExtrinsicObject's id. */
  entryUuid: string;
  /** XDSDocumentEntry.uniqueId: for a KOS, its SOP Instance UID. */
  uniqueId?: string;
  homeCommunityId?: string;
  repositoryUniqueId?: string;
  availabilityStatus?: string;
  mimeType?: string;
  objectType?: string;
  title?: string;
  /** DTM values as sent, UTC. */
  creationTime?: string;
  serviceStartTime?: string;
  serviceStopTime?: string;
  patientId?: CxIdentifier;
  /** sourcePatientInfo values, such as `PID-5|Jansen^Anna`. */
  sourcePatientInfo: string[];
  /** referenceIdList values that could be read. */
  referenceIds: CxIdentifier[];
  eventCodes: CodedConcept[];
  formatCode?: CodedConcept;
  classCode?: CodedConcept;
  typeCode?: CodedConcept;
  authors: DocumentAuthor[];
  size?: number;
  hash?: string;
}

/** A reference to a registry object, as an ObjectRef result returns it. */
export interface ObjectReference {
  id: string;
  homeCommunityId?: string;
}

/** The result of a stored query. */
export interface StoredQueryResult extends RegistryStatus {
  /** `AdhocQueryResponse`, or `RegistryResponse` for a server that responded without the query wrapper. */
  wrapper: 'AdhocQueryResponse' | 'RegistryResponse';
  documents: DocumentEntry[];
  objectReferences: ObjectReference[];
  /** ExtrinsicObjects that had no id and were left out. */
  unreadable: number;
}

/**
 * Reads a response status attribute. A status is recognised by its last
 * segment, so PartialSuccess is accepted in the IHE and the ebRS namespace.
 * Throws a StudylineError with code `parse` for a missing or unknown status.
 */
export function readResponseStatus(element: Element, subject: string): RegistryStatus {
  const statusUrn = attributeValue(element, 'status');
  if (statusUrn === undefined) throw new StudylineError('parse', `The ${subject} has no status attribute.`);
  let status: ResponseStatus;
  if (statusUrn.endsWith(':Success')) status = 'success';
  else if (statusUrn.endsWith(':PartialSuccess')) status = 'partial-success';
  else if (statusUrn.endsWith(':Failure')) status = 'failure';
  else throw new StudylineError('parse', `The ${subject} has the unknown status "${statusUrn}".`);
  const nonStandardStatus = status === 'partial-success' && statusUrn !== RESPONSE_STATUS.partialSuccess;
  return { status, statusUrn, nonStandardStatus, errors: readRegistryErrors(element) };
}

/** Reads the RegistryErrorList of an ebRS response element. A missing severity counts as an error. */
export function readRegistryErrors(element: Element): RegistryErrorInfo[] {
  const list = childElement(element, NS.rs, 'RegistryErrorList');
  if (list === undefined) return [];
  return childElements(list, NS.rs, 'RegistryError').map((error) => {
    const info: RegistryErrorInfo = {
      errorCode: attributeValue(error, 'errorCode') ?? 'unknown',
      codeContext: attributeValue(error, 'codeContext') ?? elementText(error) ?? '',
      severity: (attributeValue(error, 'severity') ?? '').endsWith(':Warning') ? 'warning' : 'error',
    };
    const location = attributeValue(error, 'location');
    if (location !== undefined) info.location = location;
    return info;
  });
}

/** Describes registry errors for a message: `XDSStoredQueryParamNumber – $XDSDocumentEntryPatientId missing`. */
export function describeRegistryErrors(errors: readonly RegistryErrorInfo[]): string {
  if (errors.length === 0) return 'no error was given';
  // A final full stop of the server's text is dropped, because the message that quotes it ends with one.
  return errors
    .map((error) => {
      const context = error.codeContext.replace(/[.\s]+$/, '');
      return context === '' ? error.errorCode : `${error.errorCode} – ${context}`;
    })
    .join('; ');
}

/**
 * Reads the response of a stored query (ITI-18 or ITI-38): an
 * AdhocQueryResponse, or a bare RegistryResponse from servers that send
 * errors without the query wrapper. Throws a StudylineError with code `parse`
 * for any other element.
 */
export function readStoredQueryResponse(element: Element, subject: string): StoredQueryResult {
  let wrapper: StoredQueryResult['wrapper'];
  if (isElement(element, NS.query, 'AdhocQueryResponse')) wrapper = 'AdhocQueryResponse';
  else if (isElement(element, NS.rs, 'RegistryResponse')) wrapper = 'RegistryResponse';
  else {
    throw new StudylineError('parse', `The ${subject} contains ${element.localName} (${element.namespaceURI ?? 'no namespace'}) instead of an AdhocQueryResponse.`);
  }
  const status = readResponseStatus(element, subject);
  const result: StoredQueryResult = { ...status, wrapper, documents: [], objectReferences: [], unreadable: 0 };
  // RegistryObjectList belongs to the rim namespace; a few servers put it in the query namespace.
  const list = childElements(element).find((child) => child.localName === 'RegistryObjectList');
  if (list === undefined) return result;
  for (const child of childElements(list, NS.rim)) {
    if (child.localName === 'ExtrinsicObject') {
      const entry = readDocumentEntry(child);
      if (entry === undefined) result.unreadable++;
      else result.documents.push(entry);
    } else if (child.localName === 'ObjectRef') {
      const id = attributeValue(child, 'id');
      if (id === undefined) continue;
      const reference: ObjectReference = { id };
      const home = attributeValue(child, 'home');
      if (home !== undefined) reference.homeCommunityId = home;
      result.objectReferences.push(reference);
    }
  }
  return result;
}

/** Returns a slot's values with surrounding whitespace removed, leaving out empty values. */
export function slotValues(parent: Element, name: string): string[] {
  const values: string[] = [];
  for (const slot of childElements(parent, NS.rim, 'Slot')) {
    if (attributeValue(slot, 'name') !== name) continue;
    const valueList = childElement(slot, NS.rim, 'ValueList');
    if (valueList === undefined) continue;
    for (const value of childElements(valueList, NS.rim, 'Value')) {
      const text = elementText(value);
      if (text !== undefined) values.push(text);
    }
  }
  return values;
}

function firstSlotValue(parent: Element, name: string): string | undefined {
  return slotValues(parent, name)[0];
}

/** Returns the value of an element's Name (or Description) LocalizedString, the first one when there are several. */
function localizedString(parent: Element, container: 'Name' | 'Description'): string | undefined {
  const element = childElement(parent, NS.rim, container);
  if (element === undefined) return undefined;
  const localized = childElements(element, NS.rim, 'LocalizedString')[0];
  return localized === undefined ? undefined : attributeValue(localized, 'value');
}

function codedConcept(classification: Element): CodedConcept | undefined {
  const code = attributeValue(classification, 'nodeRepresentation');
  if (code === undefined) return undefined;
  const concept: CodedConcept = { code };
  const scheme = firstSlotValue(classification, 'codingScheme');
  if (scheme !== undefined) concept.scheme = scheme;
  const meaning = localizedString(classification, 'Name');
  if (meaning !== undefined) concept.meaning = meaning;
  return concept;
}

function readAuthor(classification: Element): DocumentAuthor {
  const author: DocumentAuthor = {
    institutions: slotValues(classification, 'authorInstitution'),
    roles: slotValues(classification, 'authorRole'),
    specialties: slotValues(classification, 'authorSpecialty'),
  };
  const person = firstSlotValue(classification, 'authorPerson');
  if (person !== undefined) author.person = person;
  return author;
}

/** Reads a DocumentEntry from an ExtrinsicObject. Returns undefined when the object has no id. */
export function readDocumentEntry(object: Element): DocumentEntry | undefined {
  const entryUuid = attributeValue(object, 'id');
  if (entryUuid === undefined) return undefined;
  const entry: DocumentEntry = { entryUuid, sourcePatientInfo: slotValues(object, 'sourcePatientInfo'), referenceIds: [], eventCodes: [], authors: [] };

  const optionalAttributes: [keyof DocumentEntry, string][] = [
    ['homeCommunityId', 'home'],
    ['availabilityStatus', 'status'],
    ['mimeType', 'mimeType'],
    ['objectType', 'objectType'],
  ];
  for (const [field, attribute] of optionalAttributes) {
    const value = attributeValue(object, attribute);
    if (value !== undefined) (entry as unknown as Record<string, unknown>)[field] = value;
  }
  const slots: [keyof DocumentEntry, string][] = [
    ['repositoryUniqueId', 'repositoryUniqueId'],
    ['creationTime', 'creationTime'],
    ['serviceStartTime', 'serviceStartTime'],
    ['serviceStopTime', 'serviceStopTime'],
    ['hash', 'hash'],
  ];
  for (const [field, name] of slots) {
    const value = firstSlotValue(object, name);
    if (value !== undefined) (entry as unknown as Record<string, unknown>)[field] = value;
  }
  const size = firstSlotValue(object, 'size');
  if (size !== undefined && /^\d+$/.test(size)) entry.size = Number(size);
  const title = localizedString(object, 'Name');
  if (title !== undefined) entry.title = title;

  for (const value of slotValues(object, REFERENCE_ID_LIST_SLOT)) {
    const identifier = parseCx(value);
    if (identifier !== undefined) entry.referenceIds.push(identifier);
  }

  for (const classification of childElements(object, NS.rim, 'Classification')) {
    const scheme = attributeValue(classification, 'classificationScheme');
    if (scheme === DOCUMENT_ENTRY.author) {
      entry.authors.push(readAuthor(classification));
      continue;
    }
    const concept = codedConcept(classification);
    if (concept === undefined) continue;
    if (scheme === DOCUMENT_ENTRY.eventCodeList) entry.eventCodes.push(concept);
    else if (scheme === DOCUMENT_ENTRY.formatCode) entry.formatCode = concept;
    else if (scheme === DOCUMENT_ENTRY.classCode) entry.classCode = concept;
    else if (scheme === DOCUMENT_ENTRY.typeCode) entry.typeCode = concept;
  }

  for (const identifier of childElements(object, NS.rim, 'ExternalIdentifier')) {
    const scheme = attributeValue(identifier, 'identificationScheme');
    const value = attributeValue(identifier, 'value');
    if (value === undefined) continue;
    if (scheme === DOCUMENT_ENTRY.uniqueId) entry.uniqueId = value;
    else if (scheme === DOCUMENT_ENTRY.patientId) {
      const patientId = parseCx(value);
      if (patientId !== undefined) entry.patientId = patientId;
    }
  }
  return entry;
}

/** Finds the first element with this namespace and local name anywhere below a root, for envelope-level checks. */
export function findDescendant(root: Element | Document, namespace: string, localName: string): Element | undefined {
  return descendantElements(root, namespace, localName)[0];
}
