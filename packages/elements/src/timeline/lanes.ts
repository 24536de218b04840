/**
 * Assignment of studies to the timeline's lanes, by source or by modality.
 */
import type { SourceInfo } from '@studyline/core';
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

/** Modalities in the order their lanes appear; others follow alphabetically, then the lane without a modality. */
export const MODALITY_LANE_ORDER: readonly string[] = ['CT', 'MR', 'PT', 'NM', 'CR', 'DX', 'MG', 'US', 'XA', 'RF', 'SR', 'DOC'];

function laneKey(entry: TimelineEntry, mode: LaneMode): string {
  if (mode === 'source') return `source:${entry.source?.id ?? ''}`;
  return `modality:${primaryModality(entry) ?? ''}`;
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
 * sits in the lane of its first modality. Undated entries are returned apart.
 */
export function assignLanes(entries: readonly TimelineEntry[], mode: LaneMode, collator: Intl.Collator): LaneLayout {
  const byKey = new Map<string, Lane>();
  const undated: TimelineEntry[] = [];

  for (const entry of entries) {
    if (entry.time === undefined) {
      undated.push(entry);
      continue;
    }
    const id = laneKey(entry, mode);
    let lane = byKey.get(id);
    if (lane === undefined) {
      lane = { id, kind: mode, entries: [], times: new Float64Array(0) };
      if (mode === 'source') lane.source = entry.source;
      else lane.modality = primaryModality(entry);
      byKey.set(id, lane);
    }
    lane.entries.push(entry);
  }

  const lanes = [...byKey.values()];
  for (const lane of lanes) {
    lane.entries.sort(compareEntriesByTime);
    lane.times = Float64Array.from(lane.entries, (entry) => entry.time as number);
  }
  lanes.sort((a, b) => (mode === 'source' ? compareSourceLanes(a, b, collator) : compareModalityLanes(a, b, collator)));
  return { lanes, undated };
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
