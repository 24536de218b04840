/**
 * The registry of the sample XDS environment: a DocumentEntry per study
 * manifest, the stored queries FindDocuments and GetDocuments (IHE ITI TF-2
 * section 3.18.4.1.2.3.7), and the ebRIM XML of the entries.
 *
 * The XML uses the generated prefixes (`ns2:` to `ns5:`) that JAXB-based
 * registries write, and not the conventional ones, so that clients must
 * match namespaces and not prefixes.
 */
import { createHash } from 'node:crypto';
import type { XdsCommunityDefinition } from './communities.js';
import type { StudyManifest } from './manifests.js';

export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  wsa: 'http://www.w3.org/2005/08/addressing',
  query: 'urn:oasis:names:tc:ebxml-regrep:xsd:query:3.0',
  rim: 'urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0',
  rs: 'urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0',
  xdsb: 'urn:ihe:iti:xds-b:2007',
  xdsi: 'urn:ihe:rad:xdsi-b:2009',
  xop: 'http://www.w3.org/2004/08/xop/include',
} as const;

export const FIND_DOCUMENTS = 'urn:uuid:14d4debf-8f97-4251-9a74-a90016b0af0d';
export const GET_DOCUMENTS = 'urn:uuid:5c4f972b-d56b-40ac-a5fc-c8ca9b40b9d4';
export const APPROVED = 'urn:oasis:names:tc:ebxml-regrep:StatusType:Approved';
export const STATUS = {
  success: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success',
  failure: 'urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure',
  partialSuccess: 'urn:ihe:iti:2007:ResponseStatusType:PartialSuccess',
} as const;
const SEVERITY_ERROR = 'urn:oasis:names:tc:ebxml-regrep:ErrorSeverityType:Error';
const KOS_FORMAT = { code: '1.2.840.10008.5.1.4.1.1.88.59', scheme: '1.2.840.10008.2.6.1', meaning: 'Key Object Selection Document' };
const DCM_OID = '1.2.840.10008.2.16.4';
const SNOMED_OID = '2.16.840.1.113883.6.96';

/** SNOMED CT codes of the BodyPartExamined values the sample history uses, as PS3.16 Table L-1 maps them. */
const BODY_PART_CODES: Readonly<Record<string, [string, string]>> = {
  ABDOMEN: ['818981001', 'Abdomen'],
  ANKLE: ['70258002', 'Ankle joint'],
  BRAIN: ['12738006', 'Brain'],
  BREAST: ['76752008', 'Breast'],
  CHEST: ['43799004', 'Chest'],
  HAND: ['85562004', 'Hand'],
  HEAD: ['69536005', 'Head'],
  HEART: ['80891009', 'Heart'],
  HIP: ['24136001', 'Hip joint'],
  KIDNEY: ['64033007', 'Kidney'],
  KNEE: ['72696002', 'Knee'],
  LSPINE: ['122496007', 'Lumbar spine'],
  NECK: ['45048000', 'Neck'],
  PELVIS: ['816092008', 'Pelvis'],
  SHOULDER: ['16982005', 'Shoulder'],
  THYROID: ['69748006', 'Thyroid'],
  WHOLEBODY: ['38266002', 'Entire body'],
};

export interface Code {
  code: string;
  scheme: string;
  meaning?: string;
}

/** One DocumentEntry of the sample registry. */
export interface RegistryEntry {
  entryUuid: string;
  community: XdsCommunityDefinition;
  manifest: StudyManifest;
  /** DTM in UTC, absent for a study without StudyDate. */
  serviceStartTime?: string;
  creationTime: string;
  eventCodes: Code[];
  patientId: string;
}

/** A registry error for a response. */
export interface RegistryErrorOutput {
  errorCode: string;
  codeContext: string;
  location?: string;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function uuidFrom(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Converts a study's local date, time and UTC offset to a DTM in UTC with
 * the precision of the time sent (fractions dropped). A date without time
 * stays a date, since a day cannot move by an offset.
 */
export function toUtcDtm(date: string | undefined, time: string | undefined, offset: string | undefined): string | undefined {
  if (date === undefined || !/^\d{8}$/.test(date)) return undefined;
  const match = time === undefined ? null : /^(\d{2})(\d{2})?(\d{2})?/.exec(time);
  if (match === null) return date;
  const offsetMatch = offset === undefined ? null : /^([+-])(\d{2})(\d{2})$/.exec(offset);
  const offsetMinutes = offsetMatch === null ? 0 : (offsetMatch[1] === '-' ? -1 : 1) * (Number(offsetMatch[2]) * 60 + Number(offsetMatch[3]));
  const utc = new Date(
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)), Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)) -
      offsetMinutes * 60_000,
  );
  const full = utc.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  let length = 10;
  if (match[2] !== undefined) length = 12;
  if (match[3] !== undefined) length = 14;
  return full.slice(0, length);
}

/** Builds the registry entry of a manifest. */
export function createEntry(seed: string, community: XdsCommunityDefinition, manifest: StudyManifest, patientId: string): RegistryEntry {
  const serviceStartTime = toUtcDtm(manifest.studyDate, manifest.studyTime, manifest.utcOffset);
  const eventCodes: Code[] = manifest.modalities.map((modality) => ({ code: modality, scheme: DCM_OID, meaning: modality }));
  for (const bodyPart of manifest.bodyParts) {
    const code = BODY_PART_CODES[bodyPart.toUpperCase()];
    if (code !== undefined) eventCodes.push({ code: code[0], scheme: SNOMED_OID, meaning: code[1] });
  }
  return {
    entryUuid: uuidFrom(seed, 'xds-entry', manifest.sopInstanceUid),
    community,
    manifest,
    serviceStartTime,
    creationTime: serviceStartTime ?? '20250101',
    eventCodes,
    patientId,
  };
}

/** Splits a stored query parameter value such as `('a','b')` or `'a'` into its strings; doubled quotes are one quote. */
export function parseQueryValue(value: string): string[] {
  const trimmed = value.trim();
  const inner = trimmed.startsWith('(') && trimmed.endsWith(')') ? trimmed.slice(1, -1) : trimmed;
  const values: string[] = [];
  const pattern = /\s*'((?:[^']|'')*)'\s*(?:,|$)/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(inner)) !== null) {
    values.push(match[1].replace(/''/g, "'"));
    if (pattern.lastIndex >= inner.length) break;
  }
  // An unquoted single value, such as a time parameter.
  if (values.length === 0 && inner !== '' && !inner.includes("'")) values.push(inner);
  return values;
}

/** Stored query parameters by name, every Value element's strings together. */
export type QueryParameters = ReadonlyMap<string, readonly string[]>;

/** Pads a DTM to 14 digits, so that values of different precision compare as text. */
function padDtm(value: string): string {
  return value.padEnd(14, '0');
}

function codeMatches(entry: RegistryEntry, requested: string): boolean {
  const [code, , scheme] = requested.split('^');
  return entry.eventCodes.some((candidate) => candidate.code === code && (scheme === undefined || candidate.scheme === scheme));
}

/**
 * Runs FindDocuments over entries. Returns errors instead of entries for a
 * missing or unusable required parameter, as a registry does.
 */
export function findDocuments(entries: readonly RegistryEntry[], parameters: QueryParameters): { entries: RegistryEntry[]; errors: RegistryErrorOutput[] } {
  const patientIds = parameters.get('$XDSDocumentEntryPatientId') ?? [];
  if (patientIds.length !== 1) {
    return { entries: [], errors: [{ errorCode: 'XDSStoredQueryParamNumber', codeContext: '$XDSDocumentEntryPatientId missing or repeated' }] };
  }
  const statuses = parameters.get('$XDSDocumentEntryStatus') ?? [];
  if (statuses.length === 0) return { entries: [], errors: [{ errorCode: 'XDSStoredQueryParamNumber', codeContext: '$XDSDocumentEntryStatus missing' }] };
  const formatCodes = parameters.get('$XDSDocumentEntryFormatCode');
  const from = parameters.get('$XDSDocumentEntryServiceStartTimeFrom')?.[0];
  const to = parameters.get('$XDSDocumentEntryServiceStartTimeTo')?.[0];
  const eventCodes = parameters.get('$XDSDocumentEntryEventCodeList');

  const matches = entries.filter((entry) => {
    if (entry.patientId !== patientIds[0]) return false;
    if (!statuses.includes(APPROVED)) return false;
    if (formatCodes !== undefined && !formatCodes.some((code) => code === `${KOS_FORMAT.code}^^${KOS_FORMAT.scheme}` || code === KOS_FORMAT.code)) return false;
    // Time parameters select entries that have the time: From is inclusive and To exclusive.
    if (from !== undefined && (entry.serviceStartTime === undefined || padDtm(entry.serviceStartTime) < padDtm(from))) return false;
    if (to !== undefined && (entry.serviceStartTime === undefined || padDtm(entry.serviceStartTime) >= padDtm(to))) return false;
    if (eventCodes !== undefined && !eventCodes.some((code) => codeMatches(entry, code))) return false;
    return true;
  });
  return { entries: matches, errors: [] };
}

/** Runs GetDocuments by entryUUID or uniqueId. */
export function getDocuments(entries: readonly RegistryEntry[], parameters: QueryParameters): { entries: RegistryEntry[]; errors: RegistryErrorOutput[] } {
  const uuids = parameters.get('$XDSDocumentEntryEntryUUID');
  const uniqueIds = parameters.get('$XDSDocumentEntryUniqueId');
  if ((uuids === undefined) === (uniqueIds === undefined)) {
    return { entries: [], errors: [{ errorCode: 'XDSStoredQueryParamNumber', codeContext: 'Give either $XDSDocumentEntryEntryUUID or $XDSDocumentEntryUniqueId' }] };
  }
  return {
    entries: entries.filter((entry) => (uuids !== undefined ? uuids.includes(entry.entryUuid) : (uniqueIds ?? []).includes(entry.manifest.sopInstanceUid))),
    errors: [],
  };
}

function slot(name: string, values: readonly string[]): string {
  return `<ns3:Slot name="${escapeXml(name)}"><ns3:ValueList>${values.map((value) => `<ns3:Value>${escapeXml(value)}</ns3:Value>`).join('')}</ns3:ValueList></ns3:Slot>`;
}

function name(value: string): string {
  return `<ns3:Name><ns3:LocalizedString xml:lang="nl-NL" charset="UTF-8" value="${escapeXml(value)}"/></ns3:Name>`;
}

function classification(entryUuid: string, scheme: string, code: Code, index: number): string {
  return (
    `<ns3:Classification classificationScheme="${scheme}" classifiedObject="${entryUuid}" id="${entryUuid}-c${index}" nodeRepresentation="${escapeXml(code.code)}" objectType="urn:oasis:names:tc:ebxml-regrep:ObjectType:RegistryObject:Classification">` +
    slot('codingScheme', [code.scheme]) +
    (code.meaning === undefined ? '' : name(code.meaning)) +
    `</ns3:Classification>`
  );
}

/** Writes an entry as an ExtrinsicObject, with its home attribute when `withHome` is set. */
export function extrinsicObjectXml(entry: RegistryEntry, withHome: boolean): string {
  const { manifest, community, entryUuid } = entry;
  const slots = [
    slot('creationTime', [entry.creationTime]),
    slot('hash', [manifest.sha1]),
    slot('languageCode', ['nl-NL']),
    slot('repositoryUniqueId', [community.repositoryUniqueId]),
    slot('size', [String(manifest.bytes.length)]),
    slot('sourcePatientId', [entry.patientId]),
  ];
  if (entry.serviceStartTime !== undefined) slots.push(slot('serviceStartTime', [entry.serviceStartTime]));
  const patientInfo = [`PID-3|${entry.patientId}`];
  if (manifest.patientName !== undefined) patientInfo.push(`PID-5|${manifest.patientName}`);
  if (manifest.patientBirthDate !== undefined) patientInfo.push(`PID-7|${manifest.patientBirthDate}`);
  if (manifest.patientSex !== undefined) patientInfo.push(`PID-8|${manifest.patientSex}`);
  slots.push(slot('sourcePatientInfo', patientInfo));
  const references = [`${manifest.studyInstanceUid}^^^^urn:ihe:iti:xds:2016:studyInstanceUID`];
  if (manifest.accessionNumber !== undefined) {
    const authority = manifest.accessionIssuerOid === undefined ? '' : `&${manifest.accessionIssuerOid}&ISO`;
    references.push(`${manifest.accessionNumber}^^^${authority}^urn:ihe:iti:xds:2013:accession`);
  }
  slots.push(slot('urn:ihe:iti:xds:2013:referenceIdList', references));

  const author =
    `<ns3:Classification classificationScheme="urn:uuid:93606bcf-9494-43ec-9b4e-a7748d1a838d" classifiedObject="${entryUuid}" id="${entryUuid}-author" nodeRepresentation="">` +
    slot('authorInstitution', [`${manifest.institution ?? community.label}^^^^^&${community.homeCommunityId.replace(/^urn:oid:/, '')}&ISO`]) +
    slot('authorRole', ['Imaging Document Source']) +
    `</ns3:Classification>`;
  const classifications = [
    author,
    classification(entryUuid, 'urn:uuid:41a5887f-8865-4c09-adf7-e362475b143a', { code: 'IMAGES', scheme: '1.3.6.1.4.1.19376.1.2.6.1', meaning: 'Images' }, 1),
    classification(entryUuid, 'urn:uuid:f4f85eac-e6cb-4883-b524-f2705394840f', { code: 'N', scheme: '2.16.840.1.113883.5.25', meaning: 'normal' }, 2),
    ...entry.eventCodes.map((code, index) => classification(entryUuid, 'urn:uuid:2c6b8cb7-8b2a-4051-b291-b1ae6a575ef4', code, 10 + index)),
    classification(entryUuid, 'urn:uuid:a09d5840-386c-46f2-b5ad-9c3699a4309d', KOS_FORMAT, 3),
    classification(entryUuid, 'urn:uuid:f33fb8ac-18af-42cc-ae0e-ed0b0bdb91e1', { code: '22232009', scheme: SNOMED_OID, meaning: 'Hospital' }, 4),
    classification(entryUuid, 'urn:uuid:cccf5598-8b07-4b77-a05e-ae952c785ead', { code: '394914008', scheme: SNOMED_OID, meaning: 'Radiology' }, 5),
    classification(entryUuid, 'urn:uuid:f0306f51-975f-434e-a61c-c59651d33983', { code: '18748-4', scheme: '2.16.840.1.113883.6.1', meaning: 'Diagnostic imaging study' }, 6),
  ];
  const identifiers = [
    `<ns3:ExternalIdentifier id="${entryUuid}-pid" registryObject="${entryUuid}" identificationScheme="urn:uuid:58a6f841-87b3-4a3e-92fd-a8ffeff98427" value="${escapeXml(entry.patientId)}">${name('XDSDocumentEntry.patientId')}</ns3:ExternalIdentifier>`,
    `<ns3:ExternalIdentifier id="${entryUuid}-uid" registryObject="${entryUuid}" identificationScheme="urn:uuid:2e82c1f6-a085-4c72-9da3-8640a32e42ab" value="${manifest.sopInstanceUid}">${name('XDSDocumentEntry.uniqueId')}</ns3:ExternalIdentifier>`,
  ];
  const home = withHome ? ` home="${community.homeCommunityId}"` : '';
  return (
    `<ns3:ExtrinsicObject id="${entryUuid}" lid="${entryUuid}"${home} mimeType="application/dicom" objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1" status="${APPROVED}">` +
    slots.join('') +
    name(manifest.description ?? 'Imaging manifest') +
    classifications.join('') +
    identifiers.join('') +
    `</ns3:ExtrinsicObject>`
  );
}

/** Writes a RegistryErrorList. */
export function errorListXml(errors: readonly RegistryErrorOutput[]): string {
  if (errors.length === 0) return '';
  return (
    `<ns4:RegistryErrorList highestSeverity="${SEVERITY_ERROR}">` +
    errors
      .map(
        (error) =>
          `<ns4:RegistryError errorCode="${escapeXml(error.errorCode)}" codeContext="${escapeXml(error.codeContext)}" severity="${SEVERITY_ERROR}"${error.location === undefined ? '' : ` location="${escapeXml(error.location)}"`}/>`,
      )
      .join('') +
    `</ns4:RegistryErrorList>`
  );
}

/** Writes an AdhocQueryResponse with LeafClass objects or ObjectRefs. */
export function adhocQueryResponseXml(status: string, entries: readonly RegistryEntry[], errors: readonly RegistryErrorOutput[], returnType: string, withHome: boolean): string {
  const objects = entries
    .map((entry) => (returnType === 'ObjectRef' ? `<ns3:ObjectRef id="${entry.entryUuid}"${withHome ? ` home="${entry.community.homeCommunityId}"` : ''}/>` : extrinsicObjectXml(entry, withHome)))
    .join('');
  return (
    `<ns5:AdhocQueryResponse xmlns:ns5="${NS.query}" xmlns:ns3="${NS.rim}" xmlns:ns4="${NS.rs}" status="${status}">` +
    errorListXml(errors) +
    `<ns3:RegistryObjectList>${objects}</ns3:RegistryObjectList>` +
    `</ns5:AdhocQueryResponse>`
  );
}
