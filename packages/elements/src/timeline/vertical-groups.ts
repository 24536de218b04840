/**
 * Grouping by year for the vertical (narrow) layout of the timeline.
 */
import type { TimelineEntry } from './entries.js';

export interface YearGroup {
  /** Calendar year (UTC reading of the study's wall-clock date), or undefined for the undated group. */
  year: number | undefined;
  /** Newest first; ties in input order. */
  entries: TimelineEntry[];
}

/** Groups entries by year, newest year first, with the undated group (if any) last. */
export function groupByYear(entries: readonly TimelineEntry[]): YearGroup[] {
  const byYear = new Map<number, TimelineEntry[]>();
  const undated: TimelineEntry[] = [];
  for (const entry of entries) {
    if (entry.time === undefined) {
      undated.push(entry);
      continue;
    }
    const year = new Date(entry.time).getUTCFullYear();
    let list = byYear.get(year);
    if (list === undefined) {
      list = [];
      byYear.set(year, list);
    }
    list.push(entry);
  }

  const groups: YearGroup[] = [...byYear.entries()]
    .sort(([yearA], [yearB]) => yearB - yearA)
    .map(([year, list]) => ({
      year,
      entries: list.sort((a, b) => (b.time as number) - (a.time as number) || a.index - b.index),
    }));
  if (undated.length > 0) groups.push({ year: undefined, entries: undated });
  return groups;
}
