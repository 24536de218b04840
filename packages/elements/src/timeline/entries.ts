/**
 * Preparation of the studies a timeline shows: one entry per study with the
 * values that every render needs, and guards against malformed input from
 * hosts that build studies by hand.
 */
import type { ModalityKind, SourceInfo, Study, Terminology } from '@studyline/core';

/** A study with the values the timeline computes once per data change. */
export interface TimelineEntry {
  /** Position in the input array, an identity that stays unique when two studies share a UID. */
  index: number;
  study: Study;
  /** `timestamp.epochMs`, or undefined for an undated study or an unusable timestamp. */
  time: number | undefined;
  /**
   * Modalities in upper case, without empty values or duplicates. With a
   * terminology, each is the code that the terminology reads (`DX` for `DR`),
   * and image modalities come before reports and other non-image objects,
   * so that the first one is the study's image modality.
   */
  modalities: readonly string[];
  /** The code as sent for each of `modalities`, upper case: `DR` where `modalities` has `DX`. */
  sentModalities: readonly string[];
  /** The kind of each of `modalities`, or undefined for a code that the terminology does not define and without a terminology. */
  modalityKinds: readonly (ModalityKind | undefined)[];
  /** The source whose lane shows the study: the first internal source, else the first one. */
  source: SourceInfo | undefined;
  /** The other sources that hold the study. */
  otherSources: readonly SourceInfo[];
}

export interface PreparedEntries {
  entries: TimelineEntry[];
  /** Plain-words problems with the input, without patient data, for a one-time console warning. */
  warnings: string[];
}

function isStudyLike(value: unknown): value is Study {
  return typeof value === 'object' && value !== null && typeof (value as Study).studyInstanceUid === 'string';
}

// The loops below build entries for every study of a history on the first paint, so they avoid intermediate arrays.

const NO_SOURCES: readonly SourceInfo[] = Object.freeze([]);

function readSources(study: Study): SourceInfo[] {
  const sources: SourceInfo[] = [];
  if (!Array.isArray(study.sources)) return sources;
  for (const studySource of study.sources) {
    const source = studySource?.source;
    if (typeof source === 'object' && source !== null && typeof source.id === 'string') sources.push(source);
  }
  return sources;
}

/** A modality code as the timeline shows it: the terminology's code and kind. */
interface ReadModality {
  code: string;
  kind: ModalityKind | undefined;
}

type ModalityReader = (sent: string) => ReadModality;

/** Returns a reader that resolves each distinct code once. Without a terminology every code stays as sent. */
function modalityReader(terminology: Terminology | undefined): ModalityReader {
  if (terminology === undefined) return (sent) => ({ code: sent, kind: undefined });
  const cache = new Map<string, ReadModality>();
  return (sent) => {
    let read = cache.get(sent);
    if (read === undefined) {
      const info = terminology.resolveModality(sent);
      read = { code: info.code, kind: info.kind };
      cache.set(sent, read);
    }
    return read;
  };
}

/** Orders image modalities first, codes of unknown kind next, and reports, waveforms and other objects last. */
function kindRank(kind: ModalityKind | undefined): number {
  if (kind === 'image') return 0;
  return kind === undefined ? 1 : 2;
}

type EntryModalities = Pick<TimelineEntry, 'modalities' | 'sentModalities' | 'modalityKinds'>;

const NO_MODALITIES: EntryModalities = Object.freeze({ modalities: Object.freeze([]), sentModalities: Object.freeze([]), modalityKinds: Object.freeze([]) });

function readModalities(values: readonly unknown[], read: ModalityReader): EntryModalities {
  const modalities: string[] = [];
  const sentModalities: string[] = [];
  const modalityKinds: (ModalityKind | undefined)[] = [];
  for (const value of values) {
    if (typeof value !== 'string') continue;
    const sent = value.trim().toUpperCase();
    if (sent === '') continue;
    const modality = read(sent);
    if (modalities.includes(modality.code)) continue;
    modalities.push(modality.code);
    sentModalities.push(sent);
    modalityKinds.push(modality.kind);
  }
  // Image modalities go first. Array.prototype.sort is stable, so modalities of one rank keep the study's order.
  const order = modalities.map((_, position) => position).sort((a, b) => kindRank(modalityKinds[a]) - kindRank(modalityKinds[b]));
  return Object.freeze({
    modalities: Object.freeze(order.map((position) => modalities[position])),
    sentModalities: Object.freeze(order.map((position) => sentModalities[position])),
    modalityKinds: Object.freeze(order.map((position) => modalityKinds[position])),
  });
}

/**
 * Returns a function that reads a study's modalities. Studies share a few
 * distinct modality lists, so entries with equal lists share one frozen
 * result, which saves most of the allocations on the first paint of a large
 * history.
 */
function modalityListReader(read: ModalityReader): (study: Study) => EntryModalities {
  // Lists of one string are keyed by that string, longer lists of strings by their values joined with NUL.
  const byValue = new Map<string, EntryModalities>();
  const byList = new Map<string, EntryModalities>();
  return (study) => {
    const values: unknown = study.modalities;
    if (!Array.isArray(values) || values.length === 0) return NO_MODALITIES;
    let cache: Map<string, EntryModalities> | undefined;
    let key: string | undefined;
    if (values.length === 1 && typeof values[0] === 'string') {
      cache = byValue;
      key = values[0];
    } else if (values.every((value) => typeof value === 'string')) {
      cache = byList;
      key = values.join('\u0000');
    }
    // Lists with other values are rare and read without the cache.
    if (cache === undefined || key === undefined) return readModalities(values, read);
    let result = cache.get(key);
    if (result === undefined) {
      result = readModalities(values, read);
      cache.set(key, result);
    }
    return result;
  };
}

/**
 * Builds one entry per study. Skips values that are not studies (no string
 * `studyInstanceUid`) and treats a timestamp without a finite `epochMs` as
 * missing, so the study shows as undated and never at an invalid date. With
 * a terminology, modality codes are read through it: a local synonym such as
 * `DR` or `MRT` gets the defined term (`DX`, `MR`), and the code as sent is kept.
 */
export function prepareEntries(studies: readonly unknown[], terminology?: Terminology): PreparedEntries {
  const readStudyModalities = modalityListReader(modalityReader(terminology));
  const entries: TimelineEntry[] = [];
  let skipped = 0;
  let unusableTimestamps = 0;
  let withoutSources = 0;
  const seenUids = new Set<string>();
  let duplicateUids = 0;

  for (let index = 0; index < studies.length; index += 1) {
    const value = studies[index];
    if (!isStudyLike(value)) {
      skipped += 1;
      continue;
    }
    const study = value;
    let time: number | undefined;
    if (study.timestamp !== undefined && study.timestamp !== null) {
      const epochMs = (study.timestamp as { epochMs?: unknown }).epochMs;
      if (typeof epochMs === 'number' && Number.isFinite(epochMs)) time = epochMs;
      else unusableTimestamps += 1;
    }
    const sources = readSources(study);
    if (sources.length === 0) withoutSources += 1;
    const source = sources.find((candidate) => candidate.kind === 'internal') ?? sources[0];
    const uidCount = seenUids.size;
    seenUids.add(study.studyInstanceUid);
    if (seenUids.size === uidCount) duplicateUids += 1;
    const modalities = readStudyModalities(study);
    entries.push({
      index,
      study,
      time,
      modalities: modalities.modalities,
      sentModalities: modalities.sentModalities,
      modalityKinds: modalities.modalityKinds,
      source,
      otherSources: sources.length > 1 ? sources.filter((candidate) => candidate !== source) : NO_SOURCES,
    });
  }

  const warnings: string[] = [];
  if (skipped > 0) warnings.push('Some values in `studies` are not Study objects (no studyInstanceUid) and are not shown.');
  if (unusableTimestamps > 0) warnings.push('Some studies have a timestamp without a finite epochMs; they are shown as undated.');
  if (withoutSources > 0) warnings.push('Some studies list no source; they are shown in an "unknown source" lane.');
  if (duplicateUids > 0) warnings.push('Some studies share a Study Instance UID; merge them with mergeStudies() before showing them.');
  return { entries, warnings };
}

/** Returns the modality a study is coloured and grouped by: its first one, which is an image modality where it has one. */
export function primaryModality(entry: TimelineEntry): string | undefined {
  return entry.modalities[0];
}

/** Returns the code as sent of the study's primary modality, such as `DR` where `primaryModality` is `DX`. */
export function primarySentModality(entry: TimelineEntry): string | undefined {
  return entry.sentModalities[0];
}

/** Returns whether a study in an internal lane is also in an external source. */
export function isAlsoExternal(entry: TimelineEntry): boolean {
  return entry.source?.kind === 'internal' && entry.otherSources.some((source) => source.kind === 'external');
}

/** Sorts entries by time, oldest first, and by input position for equal times. Undated entries go last. */
export function compareEntriesByTime(a: TimelineEntry, b: TimelineEntry): number {
  const timeA = a.time ?? Number.POSITIVE_INFINITY;
  const timeB = b.time ?? Number.POSITIVE_INFINITY;
  if (timeA !== timeB) return timeA < timeB ? -1 : 1;
  return a.index - b.index;
}
