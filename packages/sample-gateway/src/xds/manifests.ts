/**
 * The imaging manifests of the sample XDS environment: one Key Object
 * Selection Document per study (SOP Class 1.2.840.10008.5.1.4.1.1.88.59,
 * template TID 2010 "Key Object Selection", title 113030 "Manifest"),
 * written with dcmjs from the headers of the study's instances.
 *
 * Its Current Requested Procedure Evidence Sequence lists every instance by
 * series, with the Imaging Document Source in Retrieve Location UID, as
 * XDS-I.b requires of a manifest.
 */
import { createHash } from 'node:crypto';
import dcmjs, { type DcmjsDataset, type DcmjsElement } from 'dcmjs';
import type { DicomJsonDataset } from '@studyline/core';
import type { InstanceRecord } from '../store.js';
import { deriveUid } from '../uid.js';

export const KOS_SOP_CLASS_UID = '1.2.840.10008.5.1.4.1.1.88.59';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLEMENTATION_CLASS_UID = '1.2.826.0.1.3680043.8.498.0.1';

/** A study's manifest with the header values its registry entry needs. */
export interface StudyManifest {
  studyInstanceUid: string;
  sopInstanceUid: string;
  /** The Part 10 bytes. */
  bytes: Uint8Array;
  /** SHA-1 of the bytes in hexadecimal, the entry's `hash` slot. */
  sha1: string;
  instances: readonly InstanceRecord[];
  studyDate?: string;
  studyTime?: string;
  /** TimezoneOffsetFromUTC (0008,0201), such as `+0100`. */
  utcOffset?: string;
  description?: string;
  accessionNumber?: string;
  accessionIssuerOid?: string;
  institution?: string;
  modalities: string[];
  bodyParts: string[];
  patientName?: string;
  patientBirthDate?: string;
  patientSex?: string;
}

function firstValue(dataset: DicomJsonDataset, tag: string): unknown {
  const values = dataset[tag]?.Value;
  return Array.isArray(values) ? values[0] : undefined;
}

function text(dataset: DicomJsonDataset, tag: string): string | undefined {
  const value = firstValue(dataset, tag);
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'object' && value !== null && 'Alphabetic' in value) return String((value as { Alphabetic: unknown }).Alphabetic);
  return undefined;
}

function element(vr: string, values: unknown[]): DcmjsElement {
  return { vr, Value: values };
}

function optional(dataset: DcmjsDataset, tag: string, vr: string, value: string | undefined): void {
  dataset[tag] = element(vr, value === undefined ? [] : [value]);
}

/**
 * Builds the manifest of one study from its instances, which must all
 * belong to the study. The manifest's UIDs derive from the seed and the
 * Study Instance UID, so they are the same on every start.
 */
export function buildStudyManifest(seed: string, instances: readonly InstanceRecord[], imagingSourceUniqueId: string): StudyManifest {
  const first = instances[0];
  const header = first.dataset;
  const studyInstanceUid = first.studyInstanceUid;
  const sopInstanceUid = deriveUid(seed, 'xds-manifest', studyInstanceUid);
  const seriesInstanceUid = deriveUid(seed, 'xds-manifest-series', studyInstanceUid);

  const bySeries = new Map<string, InstanceRecord[]>();
  for (const instance of instances) bySeries.set(instance.seriesInstanceUid, [...(bySeries.get(instance.seriesInstanceUid) ?? []), instance]);
  const evidence: DcmjsDataset = {
    '0020000D': element('UI', [studyInstanceUid]),
    '00081115': element(
      'SQ',
      [...bySeries].map(([seriesUid, members]) => ({
        '0020000E': element('UI', [seriesUid]),
        '0040E011': element('UI', [imagingSourceUniqueId]),
        '00081199': element('SQ', members.map((member) => ({ '00081150': element('UI', [member.sopClassUid]), '00081155': element('UI', [member.sopInstanceUid]) }))),
      })),
    ),
  };
  const content = instances.map((instance) => ({
    '0040A010': element('CS', ['CONTAINS']),
    '0040A040': element('CS', [instance.isImage ? 'IMAGE' : 'COMPOSITE']),
    '00081199': element('SQ', [{ '00081150': element('UI', [instance.sopClassUid]), '00081155': element('UI', [instance.sopInstanceUid]) }]),
  }));

  const studyDate = text(header, '00080020');
  const studyTime = text(header, '00080030');
  const dataset: DcmjsDataset = {
    '00080005': element('CS', ['ISO_IR 192']),
    '00080016': element('UI', [KOS_SOP_CLASS_UID]),
    '00080018': element('UI', [sopInstanceUid]),
    '00080060': element('CS', ['KO']),
    '0020000D': element('UI', [studyInstanceUid]),
    '0020000E': element('UI', [seriesInstanceUid]),
    '00200011': element('IS', [999]),
    '00200013': element('IS', [1]),
    '0040A040': element('CS', ['CONTAINER']),
    '0040A043': element('SQ', [{ '00080100': element('SH', ['113030']), '00080102': element('SH', ['DCM']), '00080104': element('LO', ['Manifest']) }]),
    '0040A050': element('CS', ['SEPARATE']),
    '0040A504': element('SQ', [{ '00080105': element('CS', ['DCMR']), '0040DB00': element('CS', ['2010']) }]),
    '0040A375': element('SQ', [evidence]),
    '0040A370': element('SQ', []),
    '0040A730': element('SQ', content),
  };
  optional(dataset, '00080020', 'DA', studyDate);
  optional(dataset, '00080030', 'TM', studyTime);
  optional(dataset, '00080023', 'DA', studyDate);
  optional(dataset, '00080033', 'TM', studyTime);
  optional(dataset, '00080050', 'SH', text(header, '00080050'));
  optional(dataset, '00081030', 'LO', text(header, '00081030'));
  optional(dataset, '00200010', 'SH', text(header, '00200010'));
  dataset['00080090'] = element('PN', []);
  dataset['00100010'] = element('PN', text(header, '00100010') === undefined ? [] : [{ Alphabetic: text(header, '00100010') }]);
  optional(dataset, '00100020', 'LO', text(header, '00100020'));
  optional(dataset, '00100021', 'LO', text(header, '00100021'));
  optional(dataset, '00100030', 'DA', text(header, '00100030'));
  optional(dataset, '00100040', 'CS', text(header, '00100040'));

  const dicomDict = new dcmjs.data.DicomDict({
    '00020001': element('OB', [new Uint8Array([0, 1]).buffer]),
    '00020002': element('UI', [KOS_SOP_CLASS_UID]),
    '00020003': element('UI', [sopInstanceUid]),
    '00020010': element('UI', [EXPLICIT_VR_LITTLE_ENDIAN]),
    '00020012': element('UI', [IMPLEMENTATION_CLASS_UID]),
  });
  dicomDict.dict = dataset;
  const bytes = new Uint8Array(dicomDict.write());

  const modalities: string[] = [];
  const bodyParts: string[] = [];
  for (const instance of instances) {
    const modality = text(instance.dataset, '00080060');
    if (modality !== undefined && !modalities.includes(modality)) modalities.push(modality);
    const bodyPart = text(instance.dataset, '00180015');
    if (bodyPart !== undefined && !bodyParts.includes(bodyPart)) bodyParts.push(bodyPart);
  }
  const issuerItem = firstValue(header, '00080051') as DicomJsonDataset | undefined;
  return {
    studyInstanceUid,
    sopInstanceUid,
    bytes,
    sha1: createHash('sha1').update(bytes).digest('hex'),
    instances,
    studyDate,
    studyTime,
    utcOffset: text(header, '00080201'),
    description: text(header, '00081030'),
    accessionNumber: text(header, '00080050'),
    accessionIssuerOid: issuerItem === undefined ? undefined : text(issuerItem, '00400032'),
    institution: text(header, '00080080'),
    modalities,
    bodyParts,
    patientName: text(header, '00100010'),
    patientBirthDate: text(header, '00100030'),
    patientSex: text(header, '00100040'),
  };
}
