/**
 * Deterministic, made-up imaging histories for tests and stories. The same
 * options always give the same studies. Names of hospitals are fictional.
 */
import {
  StudylineError,
  buildTimestamp,
  type SourceInfo,
  type SourceOutcome,
  type Study,
  type StudySearchResult,
  type StudySource,
} from '@studyline/core';

export const OWN_ARCHIVE: SourceInfo = { id: 'rijnstad', label: 'Rijnstad Ziekenhuis', kind: 'internal' };
export const NOORDWIJK: SourceInfo = { id: 'noordwijk', label: 'Noordwijk MC', kind: 'external' };
export const REGIONAL_XDS: SourceInfo = { id: 'regio-xds', label: 'Regio XDS', kind: 'external', community: 'urn:oid:1.2.3.4' };

export const SAMPLE_SOURCES: readonly SourceInfo[] = [OWN_ARCHIVE, NOORDWIJK, REGIONAL_XDS];

const DESCRIPTIONS: Readonly<Record<string, readonly string[]>> = {
  CT: ['CT abdomen', 'CT thorax', 'CT brain', 'CT angiography'],
  MR: ['MR knee', 'MR brain', 'MR lumbar spine'],
  CR: ['Chest X-ray', 'Hand X-ray'],
  DX: ['Chest PA and lateral', 'Pelvis X-ray'],
  US: ['US abdomen', 'US thyroid'],
  MG: ['Screening mammography'],
  PT: ['PET-CT whole body'],
  NM: ['Bone scintigraphy'],
  XA: ['Coronary angiography'],
  SR: ['Dose report'],
};
const MODALITIES = Object.keys(DESCRIPTIONS);

/** A small, seeded pseudo-random generator (mulberry32) returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

export interface StudyFixture {
  uid: string;
  /** ISO date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; omit for an undated study. */
  date?: string;
  /** `HH:MM` or `HH:MM:SS`, only with a full date. */
  time?: string;
  modalities?: string[];
  description?: string;
  institution?: string;
  sources?: SourceInfo[];
}

/** Builds a Study from a few fields, with a timestamp as `@studyline/core` builds it. */
export function makeStudy(fixture: StudyFixture): Study {
  const sources = fixture.sources ?? [OWN_ARCHIVE];
  const study: Study = {
    studyInstanceUid: fixture.uid,
    modalities: fixture.modalities ?? ['CT'],
    modalitiesKnown: (fixture.modalities ?? ['CT']).length > 0,
    bodyParts: [],
    anatomicRegions: [],
    performingPhysicians: [],
    sources: sources.map((source): StudySource => ({ source })),
    reports: [],
    warnings: [],
  };
  if (fixture.description !== undefined) study.description = fixture.description;
  if (fixture.institution !== undefined) study.institution = fixture.institution;
  if (fixture.date !== undefined) {
    const [year, month, day] = fixture.date.split('-').map(Number);
    const [hour, minute, second] = fixture.time?.split(':').map(Number) ?? [];
    study.timestamp = buildTimestamp(
      { year, month, day },
      hour === undefined ? undefined : { hour, minute, second },
    );
  }
  return study;
}

export interface GenerateHistoryOptions {
  count: number;
  seed?: number;
  fromYear?: number;
  toYear?: number;
  sources?: readonly SourceInfo[];
  /** Number of extra studies without a date. */
  undatedCount?: number;
  /** Fraction of internal studies that an external source also holds. */
  sharedFraction?: number;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * Generates a history of `count` dated studies spread over the years, about
 * half in the first source, the rest in the others, newest first like
 * `mergeStudies` returns them, with a `complete` outcome per source.
 */
export function generateHistory(options: GenerateHistoryOptions): StudySearchResult {
  const random = seededRandom(options.seed ?? 1);
  const sources = options.sources ?? SAMPLE_SOURCES;
  const fromYear = options.fromYear ?? 1998;
  const toYear = options.toYear ?? 2024;
  const sharedFraction = options.sharedFraction ?? 0.05;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];

  const studies: Study[] = [];
  const total = options.count + (options.undatedCount ?? 0);
  for (let position = 0; position < total; position += 1) {
    const modality = pick(MODALITIES);
    const primary = position % 2 === 0 || sources.length === 1 ? sources[0] : sources[1 + Math.floor(random() * (sources.length - 1))];
    const held = [primary];
    if (primary.kind === 'internal' && sources.length > 1 && random() < sharedFraction) held.push(sources[1]);
    const dated = position < options.count;
    const year = fromYear + Math.floor(random() * (toYear - fromYear + 1));
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const withTime = random() < 0.7;
    studies.push(
      makeStudy({
        uid: `2.25.${options.seed ?? 1}${String(position).padStart(6, '0')}`,
        date: dated ? `${year}-${pad(month)}-${pad(day)}` : undefined,
        time: dated && withTime ? `${pad(7 + Math.floor(random() * 12))}:${pad(Math.floor(random() * 60))}` : undefined,
        modalities: modality === 'PT' ? ['PT', 'CT'] : [modality],
        description: pick(DESCRIPTIONS[modality]),
        sources: held,
      }),
    );
  }
  studies.sort((a, b) => (b.timestamp?.epochMs ?? Number.NEGATIVE_INFINITY) - (a.timestamp?.epochMs ?? Number.NEGATIVE_INFINITY));

  const outcomes = sources.map(
    (source): SourceOutcome => ({
      source,
      status: { state: 'complete' },
      studyCount: studies.filter((study) => study.sources.some((held) => held.source.id === source.id)).length,
    }),
  );
  return { studies, sources: outcomes };
}

/** Returns an outcome for a source that returned only part of its list. */
export function incompleteOutcome(source: SourceInfo, message: string, studyCount = 0): SourceOutcome {
  return { source, studyCount, status: { state: 'incomplete', reason: 'server-truncated', message } };
}

/** Returns an outcome for a source that failed. */
export function failedOutcome(source: SourceInfo, message: string): SourceOutcome {
  return { source, studyCount: 0, status: { state: 'failed', error: new StudylineError('network', message) } };
}
