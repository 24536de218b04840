/**
 * Preparation of the studies a timeline shows: one entry per study with the
 * values that every render needs, and guards against malformed input from
 * hosts that build studies by hand.
 */
import type { SourceInfo, Study } from '@studyline/core';

/** A study with the values the timeline computes once per data change. */
export interface TimelineEntry {
  /** Position in the input array, an identity that stays unique when two studies share a UID. */
  index: number;
  study: Study;
  /** `timestamp.epochMs`, or undefined for an undated study or an unusable timestamp. */
  time: number | undefined;
  /** Modalities in upper case, without empty values. */
  modalities: string[];
  /** The source whose lane shows the study: the first internal source, else the first one. */
  source: SourceInfo | undefined;
  /** The other sources that hold the study. */
  otherSources: SourceInfo[];
}

export interface PreparedEntries {
  entries: TimelineEntry[];
  /** Plain-words problems with the input, without patient data, for a one-time console warning. */
  warnings: string[];
}

function isStudyLike(value: unknown): value is Study {
  return typeof value === 'object' && value !== null && typeof (value as Study).studyInstanceUid === 'string';
}

function readSources(study: Study): SourceInfo[] {
  if (!Array.isArray(study.sources)) return [];
  return study.sources
    .map((studySource) => studySource?.source)
    .filter((source): source is SourceInfo => typeof source === 'object' && source !== null && typeof source.id === 'string');
}

function readModalities(study: Study): string[] {
  if (!Array.isArray(study.modalities)) return [];
  const modalities: string[] = [];
  for (const value of study.modalities) {
    if (typeof value !== 'string') continue;
    const modality = value.trim().toUpperCase();
    if (modality !== '' && !modalities.includes(modality)) modalities.push(modality);
  }
  return modalities;
}

/**
 * Builds one entry per study. Skips values that are not studies (no string
 * `studyInstanceUid`) and treats a timestamp without a finite `epochMs` as
 * missing, so the study shows as undated and never at an invalid date.
 */
export function prepareEntries(studies: readonly unknown[]): PreparedEntries {
  const entries: TimelineEntry[] = [];
  let skipped = 0;
  let unusableTimestamps = 0;
  let withoutSources = 0;
  const seenUids = new Set<string>();
  let duplicateUids = 0;

  studies.forEach((value, index) => {
    if (!isStudyLike(value)) {
      skipped += 1;
      return;
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
    if (seenUids.has(study.studyInstanceUid)) duplicateUids += 1;
    seenUids.add(study.studyInstanceUid);
    entries.push({
      index,
      study,
      time,
      modalities: readModalities(study),
      source,
      otherSources: sources.filter((candidate) => candidate !== source),
    });
  });

  const warnings: string[] = [];
  if (skipped > 0) warnings.push('Some values in `studies` are not Study objects (no studyInstanceUid) and are not shown.');
  if (unusableTimestamps > 0) warnings.push('Some studies have a timestamp without a finite epochMs; they are shown as undated.');
  if (withoutSources > 0) warnings.push('Some studies list no source; they are shown in an "unknown source" lane.');
  if (duplicateUids > 0) warnings.push('Some studies share a Study Instance UID; merge them with mergeStudies() before showing them.');
  return { entries, warnings };
}

/** Returns the modality a study is coloured and grouped by: its first one. */
export function primaryModality(entry: TimelineEntry): string | undefined {
  return entry.modalities[0];
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
