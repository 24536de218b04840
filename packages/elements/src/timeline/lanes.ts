/**
 * Assignment of studies to the timeline's lanes, by source or by modality.
 */
import type { ModalityKind, SourceInfo } from '@studyline/core';
import { compareEntriesByTime, primaryModality, type TimelineEntry } from './entries.js';

export type LaneMode = 'source' | 'modality';

export interface Lane {
  /** `source:<id>`, `modality:<code>`, `source:` for studies without a source or `modality:` for those without a modality. */
  id: string;
  kind: LaneMode;
  /** The source of a source lane; undefined for the lane of studies without a source. */
  source?: SourceInfo;
  /** The modality of a modality lane; undefined for the lane of studies without a modality. */
  modality?: string;
  /** The kind of a modality lane's modality, when the terminology defines the code. */
  modalityKind?: ModalityKind;
  /** Dated entries, oldest first. */
  entries: TimelineEntry[];
  /** `entries[i].time`, for binary search. */
  times: Float64Array;
}

export interface LaneLayout {
  lanes: Lane[];
  /** Entries without a usable date, in input order. They are never placed on the time axis. */
  undated: TimelineEntry[];
}

/**
 * The order of modality lanes within each kind. With a terminology, image
 * lanes come first, then lanes of codes that it does not define, then reports,
 * waveforms and other non-image objects. Within each kind these codes lead
 * and the others follow alphabetically. The lane without a modality is last.
 */
export const MODALITY_LANE_ORDER: readonly string[] = ['CT', 'MR', 'PT', 'NM', 'CR', 'DX', 'MG', 'US', 'XA', 'RF', 'SR', 'DOC'];

/**
 * Ranks image lanes first, lanes of unknown kind next, and non-image lanes
 * last. Without a terminology no lane has a kind, and the order is the fixed
 * one alone.
 */
function laneKindRank(lane: Lane): number {
  if (lane.modalityKind === 'image') return 0;
  return lane.modalityKind === undefined ? 1 : 2;
}

/** Returns the value that a lane groups by: the source's id or the primary modality, '' for none. */
function laneValue(entry: TimelineEntry, mode: LaneMode): string {
  if (mode === 'source') return entry.source?.id ?? '';
  return primaryModality(entry) ?? '';
}

function compareSourceLanes(a: Lane, b: Lane, collator: Intl.Collator): number {
  // The lane of studies without a source goes last.
  if (a.source === undefined && b.source === undefined) return 0;
  if (a.source === undefined) return 1;
  if (b.source === undefined) return -1;
  const rankA = a.source.kind === 'internal' ? 0 : 1;
  const rankB = b.source.kind === 'internal' ? 0 : 1;
  if (rankA !== rankB) return rankA - rankB;
  return collator.compare(a.source.label, b.source.label) || collator.compare(a.source.id, b.source.id);
}

function compareModalityLanes(a: Lane, b: Lane, collator: Intl.Collator): number {
  // The lane of studies without a modality goes last.
  if (a.modality === undefined && b.modality === undefined) return 0;
  if (a.modality === undefined) return 1;
  if (b.modality === undefined) return -1;
  const kindA = laneKindRank(a);
  const kindB = laneKindRank(b);
  if (kindA !== kindB) return kindA - kindB;
  const rankA = MODALITY_LANE_ORDER.indexOf(a.modality);
  const rankB = MODALITY_LANE_ORDER.indexOf(b.modality);
  if (rankA !== rankB) {
    if (rankA === -1) return 1;
    if (rankB === -1) return -1;
    return rankA - rankB;
  }
  return collator.compare(a.modality, b.modality);
}

/**
 * Groups entries into lanes. In `source` mode each study sits in the lane of
 * its first internal source (else its first source): internal lanes come
 * first, then external ones, each by label. In `modality` mode each study
 * sits in the lane of its primary modality, the first image modality where it
 * has one (see `primaryModality`). Undated entries are returned apart.
 */
export function assignLanes(entries: readonly TimelineEntry[], mode: LaneMode, collator: Intl.Collator): LaneLayout {
  const byKey = new Map<string, Lane>();
  const undated: TimelineEntry[] = [];

  for (const entry of entries) {
    if (entry.time === undefined) {
      undated.push(entry);
      continue;
    }
    // Keyed by the bare value, so that no key string is built per entry. The lane's id adds the mode.
    const value = laneValue(entry, mode);
    let lane = byKey.get(value);
    if (lane === undefined) {
      lane = { id: `${mode}:${value}`, kind: mode, entries: [], times: new Float64Array(0) };
      if (mode === 'source') lane.source = entry.source;
      else {
        lane.modality = primaryModality(entry);
        lane.modalityKind = entry.modalityKinds[0];
      }
      byKey.set(value, lane);
    }
    lane.entries.push(entry);
  }

  const lanes = [...byKey.values()];
  for (const lane of lanes) {
    sortByTime(lane.entries);
    // A loop, because Float64Array.from with a mapping function takes the slower iterator path in V8.
    lane.times = new Float64Array(lane.entries.length);
    for (let position = 0; position < lane.entries.length; position += 1) lane.times[position] = lane.entries[position].time as number;
  }
  lanes.sort((a, b) => (mode === 'source' ? compareSourceLanes(a, b, collator) : compareModalityLanes(a, b, collator)));
  return { lanes, undated };
}

/**
 * Sorts a lane's dated entries as `compareEntriesByTime` does. The entries
 * arrive in input order, and inputs usually come sorted by date, newest first
 * (as `mergeStudies` and the adapters return them) or oldest first. Those two
 * cases take one pass instead of a comparison sort.
 */
export function sortByTime(entries: TimelineEntry[]): void {
  let ascending = true;
  let descending = true;
  for (let position = 1; position < entries.length && (ascending || descending); position += 1) {
    const before = entries[position - 1];
    const after = entries[position];
    const time = after.time as number;
    const previousTime = before.time as number;
    // Either shortcut needs equal times in input order, which is the order that the comparison wants for them.
    const tieOutOfOrder = time === previousTime && after.index < before.index;
    if (time < previousTime || tieOutOfOrder) ascending = false;
    if (time > previousTime || tieOutOfOrder) descending = false;
  }
  if (ascending) return;
  if (!descending) {
    entries.sort(compareEntriesByTime);
    return;
  }
  entries.reverse();
  // Reversing put each run of equal times in reverse input order; turn each run back.
  let runStart = 0;
  for (let position = 1; position <= entries.length; position += 1) {
    if (position < entries.length && entries[position].time === entries[runStart].time) continue;
    if (position - runStart > 1) reverseRange(entries, runStart, position);
    runStart = position;
  }
}

function reverseRange(entries: TimelineEntry[], start: number, end: number): void {
  for (let left = start, right = end - 1; left < right; left += 1, right -= 1) {
    const swap = entries[left];
    entries[left] = entries[right];
    entries[right] = swap;
  }
}

/** Returns the time range of all lanes, or undefined when no entry is dated. */
export function timeExtent(lanes: readonly Lane[]): [number, number] | undefined {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const lane of lanes) {
    if (lane.times.length === 0) continue;
    min = Math.min(min, lane.times[0]);
    max = Math.max(max, lane.times[lane.times.length - 1]);
  }
  return min <= max ? [min, max] : undefined;
}
