/**
 * Turning XDS-I.b manifest entries (DocumentEntry objects of KOS documents)
 * into studies for the timeline.
 *
 * The Study Instance UID and accession number come from referenceIdList
 * (CXi values typed `urn:ihe:iti:xds:2016:studyInstanceUID` and
 * `urn:ihe:iti:xds:2013:accession`). Modalities and anatomic regions come from
 * eventCodeList through the shared terminology. The date is serviceStartTime
 * or else creationTime, the institution the author's authorInstitution, and
 * the description the title.
 */
import {
  defaultTerminology,
  normalizeCodingScheme,
  normalizeUid,
  isValidUid,
  timestampFromDicomDateTime,
  timestampFromUtcDateTime,
  type CodedConcept,
  type PatientInfo,
  type SourceInfo,
  type Study,
  type StudyTimestamp,
  type Terminology,
} from '@studyline/core';
import type { DocumentEntry } from './ebrim.js';
import { organizationName, personNameFromXcn, parseCx } from './hl7.js';
import { REFERENCE_ID_TYPE } from './vocabulary.js';

/** The location of one manifest of a study, as `StudySource.native.manifests` lists it. */
export interface ManifestReference {
  /** XDSDocumentEntry.uniqueId, the KOS's SOP Instance UID. */
  documentUniqueId: string;
  repositoryUniqueId?: string;
  homeCommunityId?: string;
  entryUuid: string;
  title?: string;
  mimeType?: string;
  /** True when the entry had no serviceStartTime and the study is placed at the manifest's creationTime or left undated. */
  serviceTimeUnknown: boolean;
}

/** The data the XDS adapter keeps in `StudySource.native`. */
export interface XdsStudyNative {
  manifests: ManifestReference[];
}

export const SERVICE_TIME_UNKNOWN_WARNING =
  'The manifest has no service start time, so the study is placed at the time the manifest was created.';
export const UNDATED_WARNING = 'The manifest has neither a service start time nor a creation time, so the study is undated.';
const UNREADABLE_TIME_WARNING = 'The manifest has a service start time that could not be read.';

/** Coding schemes whose codes in eventCodeList are anatomic regions (DICOM CID 4 uses SNOMED). */
const ANATOMY_SCHEMES = new Set(['SCT', 'SRT', 'SNM3']);

/** Reads the study's manifests from a StudySource's native data, or an empty list. */
export function manifestsOf(native: Readonly<Record<string, unknown>> | undefined): ManifestReference[] {
  const manifests = (native as Partial<XdsStudyNative> | undefined)?.manifests;
  return Array.isArray(manifests) ? manifests : [];
}

/**
 * Reads a DTM value (UTC, `YYYY[MM[DD[hh[mm[ss]]]]]`) into a timestamp.
 * With a time zone, a value with a time of day becomes that zone's wall-clock
 * time and offset, as DICOM's StudyTime gives it. The same study then reads
 * alike over XDS-I.b and DICOMweb. Without a time zone it stays in UTC.
 */
export function timestampFromDtm(value: string | undefined, timeZone?: string): StudyTimestamp | undefined {
  if (value === undefined) return undefined;
  return timeZone === undefined ? timestampFromDicomDateTime(value, 0) : timestampFromUtcDateTime(value, timeZone);
}

function entryTimestamp(entry: DocumentEntry, timeZone: string | undefined): { timestamp?: StudyTimestamp; serviceTimeUnknown: boolean; warnings: string[] } {
  const warnings: string[] = [];
  if (entry.serviceStartTime !== undefined) {
    const timestamp = timestampFromDtm(entry.serviceStartTime, timeZone);
    if (timestamp !== undefined) return { timestamp, serviceTimeUnknown: false, warnings };
    warnings.push(UNREADABLE_TIME_WARNING);
  }
  const created = timestampFromDtm(entry.creationTime, timeZone);
  if (created !== undefined) return { timestamp: created, serviceTimeUnknown: true, warnings: [...warnings, SERVICE_TIME_UNKNOWN_WARNING] };
  return { serviceTimeUnknown: true, warnings: [...warnings, UNDATED_WARNING] };
}

function referenceIdsOfType(entry: DocumentEntry, type: string): DocumentEntry['referenceIds'] {
  return entry.referenceIds.filter((identifier) => identifier.identifierTypeCode?.toLowerCase() === type.toLowerCase());
}

/** Returns the valid Study Instance UIDs of an entry's referenceIdList, without duplicates. */
export function studyInstanceUidsOf(entry: DocumentEntry): string[] {
  const uids: string[] = [];
  for (const identifier of referenceIdsOfType(entry, REFERENCE_ID_TYPE.studyInstanceUid)) {
    const uid = normalizeUid(identifier.id);
    if (isValidUid(uid) && !uids.includes(uid)) uids.push(uid);
  }
  return uids;
}

function patientInfo(entry: DocumentEntry): PatientInfo | undefined {
  const patient: PatientInfo = {};
  if (entry.patientId !== undefined) {
    patient.id = entry.patientId.id;
    const issuer = entry.patientId.assigningAuthority?.universalId ?? entry.patientId.assigningAuthority?.namespaceId;
    if (issuer !== undefined) patient.issuer = issuer;
  }
  for (const value of entry.sourcePatientInfo) {
    const bar = value.indexOf('|');
    if (bar === -1) continue;
    const field = value.slice(0, bar).trim().toUpperCase();
    const content = value.slice(bar + 1).trim();
    if (content === '') continue;
    if (field === 'PID-5' && patient.name === undefined) {
      const name = personNameFromXcn(`^${content}`);
      if (name !== undefined) patient.name = { alphabetic: name };
    } else if (field === 'PID-7' && patient.birthDate === undefined) {
      const timestamp = timestampFromDicomDateTime(content.slice(0, 8));
      if (timestamp !== undefined && timestamp.precision === 'day') patient.birthDate = timestamp.date;
    } else if (field === 'PID-8' && patient.sex === undefined) {
      patient.sex = content.toUpperCase();
    }
  }
  return Object.keys(patient).length === 0 ? undefined : patient;
}

/** Sorts event codes into modalities and anatomic regions; other codes, such as procedure codes, are left out. */
export function classifyEventCodes(codes: readonly CodedConcept[], terminology: Terminology): { modalities: string[]; regions: CodedConcept[] } {
  const modalities: string[] = [];
  const regions: CodedConcept[] = [];
  for (const concept of codes) {
    const scheme = normalizeCodingScheme(concept.scheme);
    if ((scheme === 'DCM' || scheme === undefined) && terminology.resolveModality(concept.code).known) {
      const modality = concept.code.trim().toUpperCase();
      if (!modalities.includes(modality)) modalities.push(modality);
      continue;
    }
    const isRegion = terminology.resolveRegionCode(concept).length > 0 || (scheme !== undefined && ANATOMY_SCHEMES.has(scheme));
    if (isRegion && !regions.some((region) => region.code === concept.code && region.scheme === concept.scheme)) regions.push(concept);
  }
  return { modalities, regions };
}

/** Builds the study of one manifest entry for one Study Instance UID. */
function studyFromEntry(entry: DocumentEntry, studyInstanceUid: string, source: SourceInfo, terminology: Terminology, timeZone: string | undefined): Study {
  const { timestamp, serviceTimeUnknown, warnings } = entryTimestamp(entry, timeZone);
  const { modalities, regions } = classifyEventCodes(entry.eventCodes, terminology);
  const manifest: ManifestReference = { documentUniqueId: entry.uniqueId ?? '', entryUuid: entry.entryUuid, serviceTimeUnknown };
  if (entry.repositoryUniqueId !== undefined) manifest.repositoryUniqueId = entry.repositoryUniqueId;
  if (entry.homeCommunityId !== undefined) manifest.homeCommunityId = entry.homeCommunityId;
  if (entry.title !== undefined) manifest.title = entry.title;
  if (entry.mimeType !== undefined) manifest.mimeType = entry.mimeType;

  const study: Study = {
    studyInstanceUid,
    modalities,
    modalitiesKnown: modalities.length > 0,
    bodyParts: [],
    anatomicRegions: regions,
    performingPhysicians: [],
    sources: [{ source, native: { manifests: [manifest] } satisfies XdsStudyNative }],
    reports: [],
    warnings,
  };
  if (timestamp !== undefined) study.timestamp = timestamp;
  if (entry.title !== undefined) study.description = entry.title;

  const accession = referenceIdsOfType(entry, REFERENCE_ID_TYPE.accession)[0];
  if (accession !== undefined) {
    study.accessionNumber = accession.id;
    const authority = accession.assigningAuthority;
    if (authority !== undefined) {
      study.accessionIssuer = {};
      if (authority.namespaceId !== undefined) study.accessionIssuer.localId = authority.namespaceId;
      if (authority.universalId !== undefined) study.accessionIssuer.universalId = authority.universalId;
      if (authority.universalIdType !== undefined) study.accessionIssuer.universalIdType = authority.universalIdType;
    }
  }
  for (const author of entry.authors) {
    const institution = author.institutions.map(organizationName).find((name) => name !== undefined);
    if (institution !== undefined) {
      study.institution = institution;
      break;
    }
  }
  const patient = patientInfo(entry);
  if (patient !== undefined) study.patient = patient;
  return study;
}

/** Adds a second manifest of the same study at the same source: its manifest reference and anything the first lacks. */
function addManifest(into: Study, other: Study): void {
  const target = manifestsOf(into.sources[0].native);
  for (const manifest of manifestsOf(other.sources[0].native)) {
    if (!target.some((existing) => existing.documentUniqueId === manifest.documentUniqueId)) target.push(manifest);
  }
  for (const modality of other.modalities) if (!into.modalities.includes(modality)) into.modalities.push(modality);
  into.modalitiesKnown = into.modalities.length > 0;
  for (const region of other.anatomicRegions) {
    if (!into.anatomicRegions.some((existing) => existing.code === region.code && existing.scheme === region.scheme)) into.anatomicRegions.push(region);
  }
  // A dated manifest wins over an undated one or one dated only by its creation time.
  const intoServiceKnown = !target[0]?.serviceTimeUnknown;
  const otherServiceKnown = !manifestsOf(other.sources[0].native)[0]?.serviceTimeUnknown;
  if (other.timestamp !== undefined && (into.timestamp === undefined || (!intoServiceKnown && otherServiceKnown))) {
    into.timestamp = other.timestamp;
    into.warnings = into.warnings.filter((warning) => warning !== SERVICE_TIME_UNKNOWN_WARNING && warning !== UNDATED_WARNING);
  }
  into.description ??= other.description;
  into.accessionNumber ??= other.accessionNumber;
  into.accessionIssuer ??= other.accessionIssuer;
  into.institution ??= other.institution;
  into.patient ??= other.patient;
}

export interface EntriesToStudiesResult {
  studies: Study[];
  /** Approved KOS entries whose referenceIdList has no Study Instance UID. */
  withoutStudyUid: DocumentEntry[];
  /** Entries left out because they are no KOS, have no uniqueId, or are not Approved. */
  skipped: number;
}

/**
 * Builds one study per Study Instance UID from one source's manifest
 * entries. Several manifests of one study become one study that lists every
 * manifest; a manifest that names several studies adds to each.
 */
export function studiesFromEntries(
  entries: readonly DocumentEntry[],
  source: SourceInfo,
  terminology: Terminology = defaultTerminology(),
  timeZone?: string,
): EntriesToStudiesResult {
  const byUid = new Map<string, Study>();
  const withoutStudyUid: DocumentEntry[] = [];
  let skipped = 0;
  for (const entry of entries) {
    const approved = entry.availabilityStatus === undefined || entry.availabilityStatus.endsWith(':Approved');
    const dicom = entry.mimeType === undefined || entry.mimeType.toLowerCase() === 'application/dicom';
    if (!approved || !dicom || entry.uniqueId === undefined) {
      skipped++;
      continue;
    }
    const uids = studyInstanceUidsOf(entry);
    if (uids.length === 0) {
      withoutStudyUid.push(entry);
      continue;
    }
    for (const uid of uids) {
      const study = studyFromEntry(entry, uid, source, terminology, timeZone);
      const existing = byUid.get(uid);
      if (existing === undefined) byUid.set(uid, study);
      else addManifest(existing, study);
    }
  }
  return { studies: [...byUid.values()], withoutStudyUid, skipped };
}

/** Returns a copy of an entry whose referenceIdList also names a Study Instance UID, read from its manifest. */
export function withStudyInstanceUid(entry: DocumentEntry, studyInstanceUid: string): DocumentEntry {
  const identifier = parseCx(`${studyInstanceUid}^^^^${REFERENCE_ID_TYPE.studyInstanceUid}`);
  return { ...entry, referenceIds: identifier === undefined ? entry.referenceIds : [...entry.referenceIds, identifier] };
}
