/**
 * Generation of the sample history: copies of the template files, rewritten
 * with dcmjs for one fictional patient, written into a cache folder with one
 * sub-folder per source.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DcmjsDataset, DcmjsElement } from 'dcmjs';
import { readPart10 } from './dicom-file.js';
import {
  SAMPLE_PATIENT,
  SAMPLE_STUDIES,
  SOP_CLASS_BY_MODALITY,
  TEMPLATE_FILES,
  type SeriesPlan,
  type StudyPlan,
  type TemplateName,
} from './sample-history.js';
import { deriveUid } from './uid.js';

/**
 * Version of the generator's output. Raise it whenever the generator writes
 * different files for the same plan, so that existing caches are rebuilt.
 */
export const SAMPLE_DATA_VERSION = 1;

export const DEFAULT_SEED = 'studyline-sample-history';

const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_TEMPLATES_DIR = join(PACKAGE_DIR, 'fixtures', 'templates');
export const DEFAULT_SAMPLE_DATA_DIR = join(PACKAGE_DIR, '.cache', 'sample-data');

const MARKER_FILE = 'generator.json';

/** Identifies this generator as the writer of the files, in place of the toolkit that wrote the template. */
const IMPLEMENTATION_CLASS_UID = '1.2.826.0.1.3680043.8.498.0.1';
const IMPLEMENTATION_VERSION_NAME = 'STUDYLINE_SG_1';

export interface SampleDataOptions {
  /** Folder for the generated files. Default `packages/sample-gateway/.cache/sample-data`. */
  dataDir?: string;
  templatesDir?: string;
  /** Seed of the UIDs. Another seed gives another set of UIDs for the same history. */
  seed?: string;
  studies?: readonly StudyPlan[];
}

export interface SampleDataResult {
  dataDir: string;
  /** True when this call wrote the files, false when the cache was up to date. */
  generated: boolean;
  fileCount: number;
}

interface Marker {
  version: number;
  seed: string;
  planHash: string;
  fileCount: number;
}

function planHash(studies: readonly StudyPlan[]): string {
  return createHash('sha256').update(JSON.stringify(studies)).digest('hex');
}

async function readMarker(dataDir: string): Promise<Marker | undefined> {
  try {
    return JSON.parse(await readFile(join(dataDir, MARKER_FILE), 'utf8')) as Marker;
  } catch {
    return undefined;
  }
}

function markerMatches(marker: Marker | undefined, expected: Omit<Marker, 'fileCount'>): marker is Marker {
  return (
    marker !== undefined &&
    marker.version === expected.version &&
    marker.seed === expected.seed &&
    marker.planHash === expected.planHash
  );
}

/**
 * Makes sure the sample history exists in `dataDir` for the current
 * generator version, seed and plan, and writes it when it does not.
 *
 * The files are written to a temporary sibling folder that is then renamed,
 * so concurrent callers (such as test files run in parallel) never see half a
 * history: a caller that loses the race uses the winner's folder.
 */
export async function ensureSampleData(options: SampleDataOptions = {}): Promise<SampleDataResult> {
  const dataDir = options.dataDir ?? DEFAULT_SAMPLE_DATA_DIR;
  const studies = options.studies ?? SAMPLE_STUDIES;
  const expected = { version: SAMPLE_DATA_VERSION, seed: options.seed ?? DEFAULT_SEED, planHash: planHash(studies) };

  const existing = await readMarker(dataDir);
  if (markerMatches(existing, expected)) return { dataDir, generated: false, fileCount: existing.fileCount };

  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temporaryDir = `${dataDir}.tmp-${suffix}`;
  await mkdir(temporaryDir, { recursive: true });
  try {
    const fileCount = await writeHistory(temporaryDir, options.templatesDir ?? DEFAULT_TEMPLATES_DIR, expected.seed, studies);
    const marker: Marker = { ...expected, fileCount };
    await writeFile(join(temporaryDir, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);

    const current = await readMarker(dataDir);
    if (markerMatches(current, expected)) {
      // Another caller finished first, and its folder may be in use already.
      return { dataDir, generated: false, fileCount: current.fileCount };
    }
    // An outdated or incomplete history goes aside first, since rename does not replace a non-empty folder.
    const outdatedDir = `${dataDir}.old-${suffix}`;
    await rename(dataDir, outdatedDir).catch(() => undefined);
    await rm(outdatedDir, { recursive: true, force: true });
    try {
      await rename(temporaryDir, dataDir);
    } catch (error) {
      const winner = await readMarker(dataDir);
      if (markerMatches(winner, expected)) return { dataDir, generated: false, fileCount: winner.fileCount };
      throw error;
    }
    return { dataDir, generated: true, fileCount };
  } finally {
    await rm(temporaryDir, { recursive: true, force: true });
  }
}

async function writeHistory(outputDir: string, templatesDir: string, seed: string, studies: readonly StudyPlan[]): Promise<number> {
  const templates = new Map<TemplateName, Uint8Array>();
  for (const [name, file] of Object.entries(TEMPLATE_FILES) as [TemplateName, string][]) {
    templates.set(name, await readFile(join(templatesDir, file)));
  }

  let fileCount = 0;
  for (const study of studies) {
    for (const [seriesIndex, series] of study.series.entries()) {
      for (let instanceIndex = 0; instanceIndex < series.instances; instanceIndex++) {
        const template = templates.get(series.template);
        if (template === undefined) throw new Error(`The plan names template "${series.template}", which does not exist.`);
        const bytes = new Uint8Array(rewriteTemplate(template, { seed, study, series, seriesIndex, instanceIndex }));
        for (const source of study.sources) {
          const folder = join(outputDir, source, study.key);
          await mkdir(folder, { recursive: true });
          await writeFile(join(folder, `series-${seriesIndex + 1}-instance-${instanceIndex + 1}.dcm`), bytes);
          fileCount++;
        }
      }
    }
  }
  return fileCount;
}

interface InstancePlan {
  seed: string;
  study: StudyPlan;
  series: SeriesPlan;
  seriesIndex: number;
  instanceIndex: number;
}

function element(vr: string, values: unknown[]): DcmjsElement {
  return { vr, Value: values };
}

/** Top-level UI elements that the generator sets itself. It removes every other top-level UID of a template. */
const KEPT_UID_TAGS = new Set(['00080016', '00080018', '0020000D', '0020000E', '00200052']);

/**
 * Elements of the templates that refer to other objects, people or the
 * original acquisition, and would be wrong in the rewritten copy.
 */
const REMOVED_TAGS = [
  '0008002A', // AcquisitionDateTime
  '00080081', // InstitutionAddress
  '00081040', // InstitutionalDepartmentName
  '00081048', // PhysiciansOfRecord
  '00081050', // PerformingPhysicianName
  '00081060', // NameOfPhysiciansReadingStudy
  '00081070', // OperatorsName
  '00081110', // ReferencedStudySequence
  '00081111', // ReferencedPerformedProcedureStepSequence
  '00081115', // ReferencedSeriesSequence
  '00081120', // ReferencedPatientSequence
  '00081140', // ReferencedImageSequence
  '00082111', // DerivationDescription
  '00082112', // SourceImageSequence
  '00089215', // DerivationCodeSequence
  '00204000', // ImageComments
  '00400244', // PerformedProcedureStepStartDate
  '00400245', // PerformedProcedureStepStartTime
  '00400253', // PerformedProcedureStepID
  '00400254', // PerformedProcedureStepDescription
  '00400275', // RequestAttributesSequence
  '0040A360', // PredecessorDocumentsSequence
  '0040A375', // CurrentRequestedProcedureEvidenceSequence
  '0040A385', // PertinentOtherEvidenceSequence
  'FFFCFFFC', // DataSetTrailingPadding
];

/** Removed by group: patient (0010), clinical trial and de-identification (0012), study scheduling (0032). */
const REMOVED_GROUPS = new Set(['0010', '0012', '0032']);

function setOrDelete(dataset: DcmjsDataset, tag: string, vr: string, value: string | undefined): void {
  if (value === undefined) delete dataset[tag];
  else dataset[tag] = element(vr, [value]);
}

/** Last Sunday of a month, as a DA string. */
function lastSunday(year: number, month: number): string {
  const date = new Date(Date.UTC(year, month, 0));
  date.setUTCDate(date.getUTCDate() - date.getUTCDay());
  return date.toISOString().slice(0, 10).replaceAll('-', '');
}

/** Offset of Dutch local time from UTC on a date: +0200 in summer time (last Sunday of March to last Sunday of October). */
export function dutchUtcOffset(date: string): string {
  const year = Number(date.slice(0, 4));
  const summer = date >= lastSunday(year, 3) && date < lastSunday(year, 10);
  return summer ? '+0200' : '+0100';
}

function rewriteTemplate(template: Uint8Array, plan: InstancePlan): ArrayBuffer {
  const { seed, study, series, seriesIndex, instanceIndex } = plan;
  const dicomDict = readPart10(template);
  const dataset = dicomDict.dict;

  for (const tag of Object.keys(dataset)) {
    const group = tag.slice(0, 4);
    const isPrivate = parseInt(group, 16) % 2 === 1;
    const isOtherUid = dataset[tag]?.vr === 'UI' && !KEPT_UID_TAGS.has(tag);
    if (isPrivate || isOtherUid || REMOVED_GROUPS.has(group)) delete dataset[tag];
  }
  for (const tag of REMOVED_TAGS) delete dataset[tag];

  const sopClassUid = SOP_CLASS_BY_MODALITY[series.modality];
  if (sopClassUid === undefined) throw new Error(`No SOP Class UID is known for modality "${series.modality}".`);
  const studyUid = deriveUid(seed, 'study', study.key);
  const seriesUid = deriveUid(seed, 'series', study.key, seriesIndex);
  const sopInstanceUid = deriveUid(seed, 'instance', study.key, seriesIndex, instanceIndex);

  // dcmjs writes strings as UTF-8, so the data set must declare UTF-8.
  dataset['00080005'] = element('CS', ['ISO_IR 192']);
  dataset['00080016'] = element('UI', [sopClassUid]);
  dataset['00080018'] = element('UI', [sopInstanceUid]);
  for (const tag of ['00080012', '00080020', '00080021', '00080022', '00080023']) setOrDelete(dataset, tag, 'DA', study.date);
  for (const tag of ['00080013', '00080030', '00080031', '00080032', '00080033']) setOrDelete(dataset, tag, 'TM', study.time);
  setOrDelete(dataset, '00080201', 'SH', study.date === undefined ? undefined : dutchUtcOffset(study.date));
  dataset['00080050'] = element('SH', [study.accessionNumber]);
  if (study.accessionIssuer) {
    dataset['00080051'] = element('SQ', [
      {
        '00400031': element('UT', [study.accessionIssuer.localId]),
        '00400032': element('UT', [study.accessionIssuer.universalId]),
        '00400033': element('CS', [study.accessionIssuer.universalIdType]),
      },
    ]);
  } else {
    delete dataset['00080051'];
  }
  dataset['00080060'] = element('CS', [series.modality]);
  dataset['00080080'] = element('LO', [study.institution]);
  dataset['00080090'] = element('PN', study.referringPhysician ? [{ Alphabetic: study.referringPhysician }] : []);
  dataset['00081030'] = element('LO', [study.description]);
  dataset['0008103E'] = element('LO', [series.description]);

  dataset['00100010'] = element('PN', [{ Alphabetic: SAMPLE_PATIENT.name }]);
  dataset['00100020'] = element('LO', [SAMPLE_PATIENT.id]);
  dataset['00100021'] = element('LO', [SAMPLE_PATIENT.issuer]);
  dataset['00100030'] = element('DA', [SAMPLE_PATIENT.birthDate]);
  dataset['00100040'] = element('CS', [SAMPLE_PATIENT.sex]);

  if (series.modality !== 'SR') dataset['00180015'] = element('CS', [study.bodyPart]);
  dataset['0020000D'] = element('UI', [studyUid]);
  dataset['0020000E'] = element('UI', [seriesUid]);
  dataset['00200010'] = element('SH', [study.studyId]);
  dataset['00200011'] = element('IS', [seriesIndex + 1]);
  dataset['00200013'] = element('IS', [instanceIndex + 1]);
  if (dataset['00200052'] !== undefined) dataset['00200052'] = element('UI', [deriveUid(seed, 'frame-of-reference', study.key, seriesIndex)]);

  if (series.modality === 'SR') rewriteReport(dataset, study);

  dicomDict.meta['00020002'] = element('UI', [sopClassUid]);
  dicomDict.meta['00020003'] = element('UI', [sopInstanceUid]);
  dicomDict.meta['00020012'] = element('UI', [IMPLEMENTATION_CLASS_UID]);
  dicomDict.meta['00020013'] = element('SH', [IMPLEMENTATION_VERSION_NAME]);
  return dicomDict.write();
}

/** Dates and the verifying observer of the SR template, which belong to the original document. */
function rewriteReport(dataset: DcmjsDataset, study: StudyPlan): void {
  const dateTime = study.date === undefined ? undefined : `${study.date}${study.time ?? ''}`;
  setOrDelete(dataset, '0040A032', 'DT', dateTime);
  const observers = dataset['0040A073']?.Value;
  if (Array.isArray(observers)) {
    for (const item of observers as DcmjsDataset[]) {
      setOrDelete(item, '0040A030', 'DT', dateTime);
      item['0040A075'] = element('PN', [{ Alphabetic: 'Kok^Femke' }]);
      item['0040A027'] = element('LO', [study.institution]);
    }
  }
}
