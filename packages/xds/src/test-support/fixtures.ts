/**
 * Hand-written ebRS/ebRIM and SOAP responses for tests, in three prefix styles
 * that servers use: conventional prefixes (`rim:`, `query:`, `rs:`), default
 * namespace declarations on every element, and generated prefixes (`ns3:`,
 * `ns4:`, `ns5:`) as JAXB writes them. `pretty` adds line breaks and
 * indentation around elements and values.
 */
import { DOCUMENT_ENTRY, NS, REFERENCE_ID_LIST_SLOT, REFERENCE_ID_TYPE } from '../vocabulary.js';
import { escapeXml } from '../xml.js';

export type PrefixStyle = 'conventional' | 'default-namespace' | 'generated';

const PREFIXES: Record<Exclude<PrefixStyle, 'default-namespace'>, Record<string, string>> = {
  conventional: { [NS.rim]: 'rim', [NS.query]: 'query', [NS.rs]: 'rs', [NS.xdsb]: 'xdsb', [NS.soap12]: 'soap', [NS.wsa]: 'wsa' },
  generated: { [NS.rim]: 'ns3', [NS.query]: 'ns5', [NS.rs]: 'ns4', [NS.xdsb]: 'ns2', [NS.soap12]: 'S', [NS.wsa]: 'ns7' },
};

export interface WriterOptions {
  style?: PrefixStyle;
  pretty?: boolean;
}

/** Writes elements in one prefix style. */
export class XmlWriter {
  readonly style: PrefixStyle;
  readonly pretty: boolean;

  constructor(options: WriterOptions = {}) {
    this.style = options.style ?? 'conventional';
    this.pretty = options.pretty ?? false;
  }

  /** Writes an element; `root` adds the namespace declarations that prefixed styles need. */
  element(namespace: string, localName: string, attributes: Record<string, string | undefined>, children: readonly string[] | string = [], root = false): string {
    let name = localName;
    let declarations = '';
    if (this.style === 'default-namespace') {
      declarations = ` xmlns="${namespace}"`;
    } else {
      const prefixes = PREFIXES[this.style];
      name = `${prefixes[namespace] ?? 'x'}:${localName}`;
      if (root) declarations = Object.entries(prefixes).map(([uri, prefix]) => ` xmlns:${prefix}="${uri}"`).join('');
      if (prefixes[namespace] === undefined) declarations += ` xmlns:x="${namespace}"`;
    }
    const attributeText = Object.entries(attributes)
      .filter((entry): entry is [string, string] => entry[1] !== undefined)
      .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
      .join('');
    let content: string;
    if (typeof children !== 'string') content = children.join(this.pretty ? '\n  ' : '');
    else if (this.pretty && children !== '') content = `\n      ${children}\n    `;
    else content = children;
    if (content === '') return `<${name}${declarations}${attributeText}/>`;
    const inner = this.pretty && typeof children !== 'string' ? `\n  ${content}\n` : content;
    return `<${name}${declarations}${attributeText}>${inner}</${name}>`;
  }

  slot(name: string, values: readonly string[]): string {
    return this.element(NS.rim, 'Slot', { name }, [this.element(NS.rim, 'ValueList', {}, values.map((value) => this.element(NS.rim, 'Value', {}, escapeXml(value))))]);
  }

  localized(container: 'Name' | 'Description', value: string): string {
    return this.element(NS.rim, container, {}, [this.element(NS.rim, 'LocalizedString', { value })]);
  }

  classification(scheme: string, objectId: string, code: string, codingScheme: string, meaning?: string): string {
    const children = [this.slot('codingScheme', [codingScheme])];
    if (meaning !== undefined) children.push(this.localized('Name', meaning));
    return this.element(NS.rim, 'Classification', { classificationScheme: scheme, classifiedObject: objectId, nodeRepresentation: code, id: `${objectId}-c-${code}` }, children);
  }
}

/** A DocumentEntry for a fixture. Leave a field undefined to leave it out; an empty string writes an empty `<Value/>`. */
export interface FixtureEntry {
  id: string;
  uniqueId?: string;
  home?: string;
  status?: string;
  mimeType?: string;
  repositoryUniqueId?: string;
  serviceStartTime?: string;
  creationTime?: string;
  title?: string;
  studyInstanceUid?: string;
  accession?: string;
  accessionAuthority?: string;
  /** `[code, scheme, meaning]` triples. */
  eventCodes?: readonly (readonly [string, string, string?])[];
  institution?: string;
  patientId?: string;
  sourcePatientInfo?: readonly string[];
  /** Writes the slots in reverse order. */
  reverseSlots?: boolean;
}

/** Writes a DocumentEntry as an ExtrinsicObject. */
export function extrinsicObject(writer: XmlWriter, entry: FixtureEntry): string {
  const slots: string[] = [];
  const addSlot = (name: string, value: string | undefined): void => {
    if (value !== undefined) slots.push(writer.slot(name, [value]));
  };
  addSlot('repositoryUniqueId', entry.repositoryUniqueId);
  addSlot('serviceStartTime', entry.serviceStartTime);
  addSlot('creationTime', entry.creationTime);
  if (entry.sourcePatientInfo !== undefined) slots.push(writer.slot('sourcePatientInfo', entry.sourcePatientInfo));
  const references: string[] = [];
  if (entry.studyInstanceUid !== undefined) references.push(`${entry.studyInstanceUid}^^^^${REFERENCE_ID_TYPE.studyInstanceUid}`);
  if (entry.accession !== undefined) {
    references.push(`${entry.accession}^^^${entry.accessionAuthority === undefined ? '' : `&${entry.accessionAuthority}&ISO`}^${REFERENCE_ID_TYPE.accession}`);
  }
  if (references.length > 0) slots.push(writer.slot(REFERENCE_ID_LIST_SLOT, references));
  if (entry.reverseSlots) slots.reverse();

  const children = [...slots];
  if (entry.title !== undefined) children.push(writer.localized('Name', entry.title));
  if (entry.institution !== undefined) {
    children.push(
      writer.element(NS.rim, 'Classification', { classificationScheme: DOCUMENT_ENTRY.author, classifiedObject: entry.id, nodeRepresentation: '', id: `${entry.id}-author` }, [
        writer.slot('authorPerson', ['^Kok^Femke']),
        writer.slot('authorInstitution', [`${entry.institution}^^^^^&1.2.3.4.5&ISO^^^^RZ`]),
      ]),
    );
  }
  for (const [code, scheme, meaning] of entry.eventCodes ?? []) {
    children.push(writer.classification(DOCUMENT_ENTRY.eventCodeList, entry.id, code, scheme, meaning));
  }
  children.push(writer.classification(DOCUMENT_ENTRY.formatCode, entry.id, '1.2.840.10008.5.1.4.1.1.88.59', '1.2.840.10008.2.6.1', 'Key Object Selection Document'));
  if (entry.patientId !== undefined) {
    children.push(writer.element(NS.rim, 'ExternalIdentifier', { identificationScheme: DOCUMENT_ENTRY.patientId, value: entry.patientId, registryObject: entry.id, id: `${entry.id}-pid` }, [writer.localized('Name', 'XDSDocumentEntry.patientId')]));
  }
  if (entry.uniqueId !== undefined) {
    children.push(writer.element(NS.rim, 'ExternalIdentifier', { identificationScheme: DOCUMENT_ENTRY.uniqueId, value: entry.uniqueId, registryObject: entry.id, id: `${entry.id}-uid` }, [writer.localized('Name', 'XDSDocumentEntry.uniqueId')]));
  }
  return writer.element(
    NS.rim,
    'ExtrinsicObject',
    {
      id: entry.id,
      home: entry.home,
      mimeType: entry.mimeType ?? 'application/dicom',
      objectType: DOCUMENT_ENTRY.stableType,
      status: entry.status ?? 'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved',
    },
    children,
  );
}

export interface FixtureError {
  errorCode: string;
  codeContext: string;
  severity?: 'Error' | 'Warning';
  location?: string;
}

function errorList(writer: XmlWriter, errors: readonly FixtureError[]): string[] {
  if (errors.length === 0) return [];
  return [
    writer.element(
      NS.rs,
      'RegistryErrorList',
      {},
      errors.map((error) =>
        writer.element(NS.rs, 'RegistryError', {
          errorCode: error.errorCode,
          codeContext: error.codeContext,
          location: error.location,
          severity: error.severity === undefined ? undefined : `urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:${error.severity}`,
        }),
      ),
    ),
  ];
}

export interface QueryResponseFixture {
  status?: string;
  entries?: readonly FixtureEntry[];
  objectRefs?: readonly { id: string; home?: string }[];
  errors?: readonly FixtureError[];
}

/** Writes an AdhocQueryResponse. */
export function adhocQueryResponse(writer: XmlWriter, fixture: QueryResponseFixture, root = false): string {
  const objects = [
    ...(fixture.entries ?? []).map((entry) => extrinsicObject(writer, entry)),
    ...(fixture.objectRefs ?? []).map((reference) => writer.element(NS.rim, 'ObjectRef', { id: reference.id, home: reference.home })),
  ];
  return writer.element(
    NS.query,
    'AdhocQueryResponse',
    { status: fixture.status ?? 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success' },
    [...errorList(writer, fixture.errors ?? []), writer.element(NS.rim, 'RegistryObjectList', {}, objects)],
    root,
  );
}

/** Writes a bare RegistryResponse, as some servers return for a failed query. */
export function registryResponse(writer: XmlWriter, status: string, errors: readonly FixtureError[], root = false): string {
  return writer.element(NS.rs, 'RegistryResponse', { status }, errorList(writer, errors), root);
}

/** Wraps body content in a SOAP 1.2 envelope with a WS-Addressing action header. */
export function soapEnvelope(writer: XmlWriter, body: string, action = 'urn:ihe:iti:2007:RegistryStoredQueryResponse'): string {
  const header = writer.element(NS.soap12, 'Header', {}, [writer.element(NS.wsa, 'Action', {}, action)]);
  return `<?xml version="1.0" encoding="UTF-8"?>${writer.element(NS.soap12, 'Envelope', {}, [header, writer.element(NS.soap12, 'Body', {}, [body])], true)}`;
}

/** Writes a RetrieveDocumentSetResponse whose documents point at MTOM parts (or carry base64 text). */
export function retrieveResponse(
  writer: XmlWriter,
  status: string,
  documents: readonly { repositoryUniqueId: string; documentUniqueId: string; homeCommunityId?: string; href?: string; base64?: string }[],
  errors: readonly FixtureError[] = [],
): string {
  const responses = documents.map((document) => {
    const children = [];
    if (document.homeCommunityId !== undefined) children.push(writer.element(NS.xdsb, 'HomeCommunityId', {}, document.homeCommunityId));
    children.push(writer.element(NS.xdsb, 'RepositoryUniqueId', {}, document.repositoryUniqueId));
    children.push(writer.element(NS.xdsb, 'DocumentUniqueId', {}, document.documentUniqueId));
    children.push(writer.element(NS.xdsb, 'mimeType', {}, 'application/dicom'));
    const content =
      document.href !== undefined
        ? `<xop:Include xmlns:xop="${NS.xop}" href="${escapeXml(document.href)}"/>`
        : (document.base64 ?? '');
    children.push(writer.element(NS.xdsb, 'Document', {}, [content]));
    return writer.element(NS.xdsb, 'DocumentResponse', {}, children);
  });
  return writer.element(NS.xdsb, 'RetrieveDocumentSetResponse', {}, [registryResponse(writer, status, errors), ...responses], true);
}

/** One part of a multipart body for a test server. */
export interface FixturePart {
  headers: Record<string, string>;
  body: Uint8Array | string;
}

/** Builds a multipart/related body with CRLF line ends. */
export function multipartBody(boundary: string, parts: readonly FixturePart[]): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const headerText = Object.entries(part.headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
    chunks.push(Buffer.from(`--${boundary}\r\n${headerText}\r\n`, 'latin1'));
    chunks.push(typeof part.body === 'string' ? Buffer.from(part.body, 'utf8') : Buffer.from(part.body));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
