/**
 * The peer of PF-2: dcmjs's `naturalizeDataset` followed by a mapping to
 * Studyline's study model.
 *
 * The mapping reads the naturalized (keyword-keyed) dataset with the same
 * rules as `studyFromDicomJson`: trimming, `\` splitting, `*` placeholders,
 * numbers sent as strings, the PN shapes and the same warnings. It shares the
 * value-level helpers of `@studyline/core` (dates, UIDs, tag formatting), so
 * both mappings return equal studies. The benchmark checks that before it
 * times anything.
 */
import dcmjs from 'dcmjs';
import {
  formatTag,
  normalizeUid,
  timestampFromDicom,
  Tag,
  type AccessionIssuer,
  type CodedConcept,
  type PatientInfo,
  type PersonName,
  type ReportReference,
  type SourceInfo,
  type Study,
  type StudySource,
} from '@studyline/core';

/** A dataset as `naturalizeDataset` returns it: values by DICOM keyword. */
export type NaturalDataset = Record<string, unknown>;

interface DicomMetaDictionary {
  naturalizeDataset(dataset: unknown): NaturalDataset;
}

// dcmjs 0.51 ships no type declarations.
const dictionary = (dcmjs as unknown as { data: { DicomMetaDictionary: DicomMetaDictionary } }).data.DicomMetaDictionary;

/** Calls dcmjs's `DicomMetaDictionary.naturalizeDataset`. */
export function naturalize(dataset: unknown): NaturalDataset {
  return dictionary.naturalizeDataset(dataset);
}

/** Returns a natural value as a list: dcmjs unwraps single values and keeps PN strings as String objects. */
function valuesOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  if (value instanceof String) return [value.valueOf()];
  return [value];
}

function isWildcardOnly(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const character = text.charCodeAt(index);
    if (character !== 42 && character !== 63) return false;
  }
  return true;
}

function pushStrings(target: string[], text: string): void {
  if (text.indexOf('\\') === -1) {
    const trimmed = text.replace(/\0+$/, '').trim();
    if (trimmed !== '' && !isWildcardOnly(trimmed)) target.push(trimmed);
    return;
  }
  for (const part of text.split('\\')) pushStrings(target, part);
}

function strings(value: unknown): string[] {
  const result: string[] = [];
  for (const item of valuesOf(value)) {
    if (typeof item === 'string') pushStrings(result, item);
    else if (typeof item === 'number' && Number.isFinite(item)) result.push(String(item));
  }
  return result;
}

function firstString(value: unknown): string | undefined {
  if (typeof value === 'string' && value.indexOf('\\') === -1) {
    const trimmed = value.trim();
    return trimmed === '' || isWildcardOnly(trimmed) ? undefined : trimmed.replace(/\0+$/, '');
  }
  return strings(value)[0];
}

const DECIMAL_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumberText(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DECIMAL_PATTERN.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : undefined;
}

/** Reads the first value of an IS attribute; invalid and non-integral values are reported and skipped. */
function integer(value: unknown, tag: string, onWarning: (message: string) => void): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (Number.isInteger(value)) return value;
    onWarning(`Attribute ${formatTag(tag)} contains a value that is not an integer; it is ignored.`);
    return undefined;
  }
  const numbers: (number | null)[] = [];
  let invalid = false;
  const add = (item: unknown): void => {
    if (typeof item === 'number') {
      numbers.push(Number.isFinite(item) ? item : null);
      if (!Number.isFinite(item)) invalid = true;
      return;
    }
    if (typeof item !== 'string') {
      if (item !== null) {
        numbers.push(null);
        invalid = true;
      }
      return;
    }
    if (item.indexOf('\\') !== -1) {
      for (const part of item.split('\\')) add(part);
      return;
    }
    if (item.trim() === '') return;
    const number = parseNumberText(item);
    if (number === undefined) invalid = true;
    numbers.push(number ?? null);
  };
  for (const item of valuesOf(value)) add(item);
  if (invalid) onWarning(`Attribute ${formatTag(tag)} contains a value that is not a valid IS number; it is ignored.`);
  const first = numbers[0];
  if (first === null || first === undefined) return undefined;
  if (!Number.isInteger(first)) {
    onWarning(`Attribute ${formatTag(tag)} contains a value that is not an integer; it is ignored.`);
    return undefined;
  }
  return first;
}

function personNameGroup(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const group = personNameGroup(item);
      if (group !== undefined) return group;
    }
  }
  return undefined;
}

function personName(value: unknown): PersonName | undefined {
  if (typeof value === 'string') {
    const [alphabetic, ideographic, phonetic] = value.split('=');
    const name: PersonName = {};
    const a = personNameGroup(alphabetic);
    const i = personNameGroup(ideographic);
    const p = personNameGroup(phonetic);
    if (a !== undefined) name.alphabetic = a;
    if (i !== undefined) name.ideographic = i;
    if (p !== undefined) name.phonetic = p;
    return a === undefined && i === undefined && p === undefined ? undefined : name;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const name: PersonName = {};
  const alphabetic = personNameGroup(record.Alphabetic ?? record.alphabetic);
  const ideographic = personNameGroup(record.Ideographic ?? record.ideographic);
  const phonetic = personNameGroup(record.Phonetic ?? record.phonetic);
  if (alphabetic !== undefined) name.alphabetic = alphabetic;
  if (ideographic !== undefined) name.ideographic = ideographic;
  if (phonetic !== undefined) name.phonetic = phonetic;
  return alphabetic === undefined && ideographic === undefined && phonetic === undefined ? undefined : name;
}

function personNames(value: unknown): PersonName[] {
  const names: PersonName[] = [];
  for (const item of valuesOf(value)) {
    const name = personName(item);
    if (name !== undefined) names.push(name);
  }
  return names;
}

function sequence(value: unknown): NaturalDataset[] {
  return valuesOf(value).filter((item): item is NaturalDataset => typeof item === 'object' && item !== null && !Array.isArray(item));
}

function modalities(value: unknown): string[] {
  const result: string[] = [];
  for (const text of strings(value)) {
    const modality = text.toUpperCase();
    if (!result.includes(modality)) result.push(modality);
  }
  return result;
}

function codes(value: unknown): CodedConcept[] {
  const result: CodedConcept[] = [];
  for (const item of sequence(value)) {
    const code = firstString(item.CodeValue) ?? firstString(item.LongCodeValue) ?? firstString(item.URNCodeValue);
    if (code === undefined) continue;
    const concept: CodedConcept = { code };
    const scheme = firstString(item.CodingSchemeDesignator);
    const meaning = firstString(item.CodeMeaning);
    if (scheme !== undefined) concept.scheme = scheme;
    if (meaning !== undefined) concept.meaning = meaning;
    result.push(concept);
  }
  return result;
}

function accessionIssuer(natural: NaturalDataset): AccessionIssuer | undefined {
  const item = sequence(natural.IssuerOfAccessionNumberSequence)[0];
  if (item === undefined) return undefined;
  const issuer: AccessionIssuer = {};
  const localId = firstString(item.LocalNamespaceEntityID);
  const universalId = firstString(item.UniversalEntityID);
  const universalIdType = firstString(item.UniversalEntityIDType);
  if (localId !== undefined) issuer.localId = localId;
  if (universalId !== undefined) issuer.universalId = universalId;
  if (universalIdType !== undefined) issuer.universalIdType = universalIdType;
  return localId === undefined && universalId === undefined && universalIdType === undefined ? undefined : issuer;
}

function patient(natural: NaturalDataset): PatientInfo | undefined {
  const info: PatientInfo = {};
  const id = firstString(natural.PatientID);
  const issuer = firstString(natural.IssuerOfPatientID);
  const name = personNames(natural.PatientName)[0];
  const birthDate = timestampFromDicom(firstString(natural.PatientBirthDate));
  const sex = firstString(natural.PatientSex);
  if (id !== undefined) info.id = id;
  if (issuer !== undefined) info.issuer = issuer;
  if (name !== undefined) info.name = name;
  if (birthDate !== undefined) info.birthDate = birthDate.date;
  if (sex !== undefined) info.sex = sex;
  return Object.keys(info).length === 0 ? undefined : info;
}

const STRUCTURED_REPORT_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';
const ENCAPSULATED_PDF_CLASS = '1.2.840.10008.5.1.4.1.1.104.1';
const KEY_OBJECT_SELECTION_CLASS = '1.2.840.10008.5.1.4.1.1.88.59';

function reports(studyModalities: readonly string[], sopClasses: readonly string[]): ReportReference[] {
  const hasStructuredReport =
    studyModalities.includes('SR') ||
    sopClasses.some((uid) => uid.startsWith(STRUCTURED_REPORT_CLASS_PREFIX) && uid !== KEY_OBJECT_SELECTION_CLASS);
  const hasDocument = studyModalities.includes('DOC') || sopClasses.includes(ENCAPSULATED_PDF_CLASS);
  const result: ReportReference[] = [];
  if (hasStructuredReport) result.push({ kind: 'dicom-sr' });
  if (hasDocument) result.push({ kind: 'document', mediaType: 'application/pdf' });
  return result;
}

/** Maps one naturalized QIDO-RS study result to a study, as `studyFromDicomJson` maps the DICOM JSON. */
export function studyFromNaturalized(natural: NaturalDataset, source: SourceInfo): Study | undefined {
  const uidText = firstString(natural.StudyInstanceUID);
  if (uidText === undefined) return undefined;

  const warnings: string[] = [];
  const onWarning = (message: string): void => {
    if (!warnings.includes(message)) warnings.push(message);
  };

  let studyModalities = modalities(natural.ModalitiesInStudy);
  if (studyModalities.length === 0) studyModalities = modalities(natural.Modality);

  const dateText = firstString(natural.StudyDate);
  const timestamp = timestampFromDicom(dateText, firstString(natural.StudyTime), firstString(natural.TimezoneOffsetFromUTC));
  if (dateText !== undefined && timestamp === undefined) {
    onWarning('StudyDate (0008,0020) is not a valid DA date; the study is shown as undated.');
  }

  const studySource: StudySource = { source };
  const retrieveUrl = firstString(natural.RetrieveURL);
  const availability = firstString(natural.InstanceAvailability);
  if (retrieveUrl !== undefined) studySource.retrieveUrl = retrieveUrl;
  if (availability !== undefined) studySource.availability = availability;

  const performingPhysicians = personNames(natural.PerformingPhysicianName);
  if (performingPhysicians.length === 0) performingPhysicians.push(...personNames(natural.NameOfPhysiciansReadingStudy));

  const study: Study = {
    studyInstanceUid: normalizeUid(uidText),
    modalities: studyModalities,
    modalitiesKnown: studyModalities.length > 0,
    bodyParts: strings(natural.BodyPartExamined).map((part) => part.toUpperCase()),
    anatomicRegions: codes(natural.AnatomicRegionSequence),
    performingPhysicians,
    sources: [studySource],
    reports: reports(studyModalities, strings(natural.SOPClassesInStudy)),
    warnings,
  };
  if (timestamp !== undefined) study.timestamp = timestamp;

  const description = firstString(natural.StudyDescription);
  const accessionNumber = firstString(natural.AccessionNumber);
  const issuer = accessionIssuer(natural);
  const institution = firstString(natural.InstitutionName);
  const referringPhysician = personNames(natural.ReferringPhysicianName)[0];
  const numberOfSeries = integer(natural.NumberOfStudyRelatedSeries, Tag.NumberOfStudyRelatedSeries, onWarning);
  const numberOfInstances = integer(natural.NumberOfStudyRelatedInstances, Tag.NumberOfStudyRelatedInstances, onWarning);
  const patientInfo = patient(natural);
  if (description !== undefined) study.description = description;
  if (accessionNumber !== undefined) study.accessionNumber = accessionNumber;
  if (issuer !== undefined) study.accessionIssuer = issuer;
  if (institution !== undefined) study.institution = institution;
  if (referringPhysician !== undefined) study.referringPhysician = referringPhysician;
  if (numberOfSeries !== undefined) study.numberOfSeries = numberOfSeries;
  if (numberOfInstances !== undefined) study.numberOfInstances = numberOfInstances;
  if (patientInfo !== undefined) study.patient = patientInfo;
  return study;
}
