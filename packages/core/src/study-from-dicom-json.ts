/**
 * Mapping of QIDO-RS results in the DICOM JSON model to the study model.
 */
import { timestampFromDicom } from './dicom-datetime.js';
import {
  readCodes,
  readInteger,
  readPersonName,
  readPersonNames,
  readSequence,
  readString,
  readStrings,
  type DicomJsonDataset,
} from './dicom-json.js';
import type { AccessionIssuer, InstanceInfo, PatientInfo, ReportReference, Series, SourceInfo, Study, StudySource } from './model.js';
import { Tag } from './tags.js';
import { normalizeUid } from './uid.js';

/** Modalities of objects that are reports or documents rather than images. */
const REPORT_MODALITIES = new Set(['SR', 'DOC']);
const STRUCTURED_REPORT_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';
const ENCAPSULATED_PDF_CLASS = '1.2.840.10008.5.1.4.1.1.104.1';
/** Key Object Selection: a structured-report class that is a manifest, not a report. */
const KEY_OBJECT_SELECTION_CLASS = '1.2.840.10008.5.1.4.1.1.88.59';

/**
 * Reads a modality list: upper case, without duplicates, in the order sent.
 * Values joined with `\` are split and `*` placeholders are dropped.
 */
export function readModalities(dataset: DicomJsonDataset, tag: string): string[] {
  const modalities: string[] = [];
  for (const value of readStrings(dataset, tag)) {
    const modality = value.toUpperCase();
    if (!modalities.includes(modality)) modalities.push(modality);
  }
  return modalities;
}

function readAccessionIssuer(dataset: DicomJsonDataset): AccessionIssuer | undefined {
  const item = readSequence(dataset, Tag.IssuerOfAccessionNumberSequence)[0];
  if (item === undefined) return undefined;
  const issuer: AccessionIssuer = {};
  const localId = readString(item, Tag.LocalNamespaceEntityID);
  const universalId = readString(item, Tag.UniversalEntityID);
  const universalIdType = readString(item, Tag.UniversalEntityIDType);
  if (localId !== undefined) issuer.localId = localId;
  if (universalId !== undefined) issuer.universalId = universalId;
  if (universalIdType !== undefined) issuer.universalIdType = universalIdType;
  return Object.keys(issuer).length === 0 ? undefined : issuer;
}

function readPatient(dataset: DicomJsonDataset): PatientInfo | undefined {
  const patient: PatientInfo = {};
  const id = readString(dataset, Tag.PatientID);
  const issuer = readString(dataset, Tag.IssuerOfPatientID);
  const name = readPersonName(dataset, Tag.PatientName);
  const birthDate = timestampFromDicom(readString(dataset, Tag.PatientBirthDate));
  const sex = readString(dataset, Tag.PatientSex);
  if (id !== undefined) patient.id = id;
  if (issuer !== undefined) patient.issuer = issuer;
  if (name !== undefined) patient.name = name;
  if (birthDate !== undefined) patient.birthDate = birthDate.date;
  if (sex !== undefined) patient.sex = sex;
  return Object.keys(patient).length === 0 ? undefined : patient;
}

function readReports(modalities: readonly string[], sopClasses: readonly string[]): ReportReference[] {
  const hasStructuredReport =
    modalities.includes('SR') ||
    sopClasses.some((uid) => uid.startsWith(STRUCTURED_REPORT_CLASS_PREFIX) && uid !== KEY_OBJECT_SELECTION_CLASS);
  const hasDocument = modalities.includes('DOC') || sopClasses.includes(ENCAPSULATED_PDF_CLASS);
  const reports: ReportReference[] = [];
  if (hasStructuredReport) reports.push({ kind: 'dicom-sr' });
  if (hasDocument) reports.push({ kind: 'document', mediaType: 'application/pdf' });
  return reports;
}

/**
 * Maps one QIDO-RS study result to a study. Returns `undefined` when the
 * dataset has no Study Instance UID, since such a result cannot be shown,
 * merged or retrieved.
 */
export function studyFromDicomJson(dataset: DicomJsonDataset, source: SourceInfo): Study | undefined {
  const uidText = readString(dataset, Tag.StudyInstanceUID);
  if (uidText === undefined) return undefined;

  const warnings: string[] = [];
  const onWarning = (message: string): void => {
    if (!warnings.includes(message)) warnings.push(message);
  };

  let modalities = readModalities(dataset, Tag.ModalitiesInStudy);
  if (modalities.length === 0) modalities = readModalities(dataset, Tag.Modality);

  const dateText = readString(dataset, Tag.StudyDate);
  const timestamp = timestampFromDicom(dateText, readString(dataset, Tag.StudyTime), readString(dataset, Tag.TimezoneOffsetFromUTC));
  if (dateText !== undefined && timestamp === undefined) {
    onWarning('StudyDate (0008,0020) is not a valid DA date; the study is shown as undated.');
  }

  const studySource: StudySource = { source };
  const retrieveUrl = readString(dataset, Tag.RetrieveURL);
  const availability = readString(dataset, Tag.InstanceAvailability);
  if (retrieveUrl !== undefined) studySource.retrieveUrl = retrieveUrl;
  if (availability !== undefined) studySource.availability = availability;

  const performingPhysicians = readPersonNames(dataset, Tag.PerformingPhysicianName);
  if (performingPhysicians.length === 0) performingPhysicians.push(...readPersonNames(dataset, Tag.NameOfPhysiciansReadingStudy));

  const study: Study = {
    studyInstanceUid: normalizeUid(uidText),
    modalities,
    modalitiesKnown: modalities.length > 0,
    bodyParts: readStrings(dataset, Tag.BodyPartExamined).map((part) => part.toUpperCase()),
    anatomicRegions: readCodes(dataset, Tag.AnatomicRegionSequence),
    performingPhysicians,
    sources: [studySource],
    reports: readReports(modalities, readStrings(dataset, Tag.SOPClassesInStudy)),
    warnings,
  };
  if (timestamp !== undefined) study.timestamp = timestamp;

  // Optional attributes are set only when present, so that absent ones are absent keys and not `undefined`.
  const description = readString(dataset, Tag.StudyDescription);
  const accessionNumber = readString(dataset, Tag.AccessionNumber);
  const accessionIssuer = readAccessionIssuer(dataset);
  const institution = readString(dataset, Tag.InstitutionName);
  const referringPhysician = readPersonName(dataset, Tag.ReferringPhysicianName);
  const numberOfSeries = readInteger(dataset, Tag.NumberOfStudyRelatedSeries, onWarning);
  const numberOfInstances = readInteger(dataset, Tag.NumberOfStudyRelatedInstances, onWarning);
  const patient = readPatient(dataset);
  if (description !== undefined) study.description = description;
  if (accessionNumber !== undefined) study.accessionNumber = accessionNumber;
  if (accessionIssuer !== undefined) study.accessionIssuer = accessionIssuer;
  if (institution !== undefined) study.institution = institution;
  if (referringPhysician !== undefined) study.referringPhysician = referringPhysician;
  if (numberOfSeries !== undefined) study.numberOfSeries = numberOfSeries;
  if (numberOfInstances !== undefined) study.numberOfInstances = numberOfInstances;
  if (patient !== undefined) study.patient = patient;
  return study;
}

/** Maps one QIDO-RS series result to a series; `undefined` without a Series Instance UID. */
export function seriesFromDicomJson(dataset: DicomJsonDataset, studyInstanceUid: string, sourceId: string): Series | undefined {
  const uid = readString(dataset, Tag.SeriesInstanceUID);
  if (uid === undefined) return undefined;
  const warnings: string[] = [];
  const onWarning = (message: string): void => {
    if (!warnings.includes(message)) warnings.push(message);
  };
  const series: Series = {
    studyInstanceUid: normalizeUid(readString(dataset, Tag.StudyInstanceUID) ?? studyInstanceUid),
    seriesInstanceUid: normalizeUid(uid),
    sourceId,
    warnings,
  };
  const modality = readModalities(dataset, Tag.Modality)[0];
  const timestamp = timestampFromDicom(readString(dataset, Tag.SeriesDate), readString(dataset, Tag.SeriesTime));
  const seriesNumber = readInteger(dataset, Tag.SeriesNumber, onWarning);
  const description = readString(dataset, Tag.SeriesDescription);
  const bodyPart = readString(dataset, Tag.BodyPartExamined)?.toUpperCase();
  const numberOfInstances = readInteger(dataset, Tag.NumberOfSeriesRelatedInstances, onWarning);
  if (modality !== undefined) series.modality = modality;
  if (seriesNumber !== undefined) series.seriesNumber = seriesNumber;
  if (description !== undefined) series.description = description;
  if (bodyPart !== undefined) series.bodyPart = bodyPart;
  if (numberOfInstances !== undefined) series.numberOfInstances = numberOfInstances;
  if (timestamp !== undefined) series.timestamp = timestamp;
  return series;
}

/** Maps one QIDO-RS instance result; `undefined` without a SOP Instance UID. */
export function instanceFromDicomJson(
  dataset: DicomJsonDataset,
  studyInstanceUid: string,
  seriesInstanceUid?: string,
): InstanceInfo | undefined {
  const uid = readString(dataset, Tag.SOPInstanceUID);
  const series = readString(dataset, Tag.SeriesInstanceUID) ?? seriesInstanceUid;
  if (uid === undefined || series === undefined) return undefined;
  const instance: InstanceInfo = {
    studyInstanceUid: normalizeUid(readString(dataset, Tag.StudyInstanceUID) ?? studyInstanceUid),
    seriesInstanceUid: normalizeUid(series),
    sopInstanceUid: normalizeUid(uid),
  };
  const sopClassUid = readString(dataset, Tag.SOPClassUID);
  const instanceNumber = readInteger(dataset, Tag.InstanceNumber);
  const numberOfFrames = readInteger(dataset, Tag.NumberOfFrames);
  if (sopClassUid !== undefined) instance.sopClassUid = normalizeUid(sopClassUid);
  if (instanceNumber !== undefined) instance.instanceNumber = instanceNumber;
  if (numberOfFrames !== undefined) instance.numberOfFrames = numberOfFrames;
  return instance;
}

/** Tells whether a modality is a report or document type rather than an image modality. */
export function isReportModality(modality: string): boolean {
  return REPORT_MODALITIES.has(modality.toUpperCase());
}
