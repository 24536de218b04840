/**
 * Sorting of the study list and the stored sort.
 *
 * The sort is stored in `localStorage` under `studyline:study-list:sort` as
 * JSON such as `{"column":"date","direction":"descending"}`: a column and a
 * direction, never anything about a patient or a study.
 */
import { warnOnce } from '@studyline/core';
import type { TimelineEntry } from '../timeline/entries.js';
import { modalityText, placeText } from '../timeline/study-text.js';
import type { LocalizeController } from '../shared/localize.js';

/** The `localStorage` key under which the study list keeps the user's sort, unless the host sets another. */
export const STUDY_LIST_SORT_STORAGE_KEY = 'studyline:study-list:sort';

export type StudyListSortColumn = 'date' | 'modality' | 'description' | 'source';
export type StudyListSortDirection = 'ascending' | 'descending';

export interface StudyListSort {
  column: StudyListSortColumn;
  direction: StudyListSortDirection;
}

export const SORT_COLUMNS: readonly StudyListSortColumn[] = ['date', 'modality', 'description', 'source'];
const DIRECTIONS: readonly StudyListSortDirection[] = ['ascending', 'descending'];

/** Newest first. */
export const DEFAULT_SORT: StudyListSort = { column: 'date', direction: 'descending' };

/** Returns the direction a column starts with when the user picks it: dates newest first, texts A to Z. */
export function initialDirection(column: StudyListSortColumn): StudyListSortDirection {
  return column === 'date' ? 'descending' : 'ascending';
}

/** Returns a valid sort, or undefined for anything else, such as a stored value from another version. */
export function readSort(value: unknown): StudyListSort | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { column, direction } = value as Record<string, unknown>;
  if (!SORT_COLUMNS.includes(column as StudyListSortColumn) || !DIRECTIONS.includes(direction as StudyListSortDirection)) return undefined;
  return { column: column as StudyListSortColumn, direction: direction as StudyListSortDirection };
}

/**
 * Reads the stored sort. Returns undefined when nothing valid is stored or
 * storage is unavailable, as in a cross-site frame whose storage the browser
 * blocks (reading `localStorage` then throws a SecurityError).
 */
export function loadSort(key: string): StudyListSort | undefined {
  if (key === '') return undefined;
  try {
    const text = globalThis.localStorage?.getItem(key);
    return text === null || text === undefined ? undefined : readSort(JSON.parse(text));
  } catch {
    // Blocked storage and unreadable JSON both leave the default sort.
    return undefined;
  }
}

/** Stores the sort. When storage is blocked or full, the sort lasts for this page only. */
export function saveSort(key: string, sort: StudyListSort): void {
  if (key === '') return;
  try {
    globalThis.localStorage?.setItem(key, JSON.stringify({ column: sort.column, direction: sort.direction }));
  } catch (error) {
    warnOnce(`The study list could not store its sort under "${key}" (${error instanceof Error ? error.name : 'error'}); it is kept for this page only.`);
  }
}

function compareTime(a: TimelineEntry, b: TimelineEntry): number {
  // Returns 0 when either study is undated, because compareUndatedLast places those last in both directions.
  if (a.time === undefined || b.time === undefined) return 0;
  return a.time - b.time;
}

function compareUndatedLast(a: TimelineEntry, b: TimelineEntry): number {
  return (a.time === undefined ? 1 : 0) - (b.time === undefined ? 1 : 0);
}

/** Newest first, undated last, then by input position so that equal studies keep their order. */
function newestFirst(a: TimelineEntry, b: TimelineEntry): number {
  return compareUndatedLast(a, b) || -compareTime(a, b) || a.index - b.index;
}

function textOf(localize: LocalizeController, entry: TimelineEntry, column: Exclude<StudyListSortColumn, 'date'>): string {
  if (column === 'modality') return entry.modalities.length > 0 ? modalityText(localize, entry) : '';
  if (column === 'source') return placeText(entry);
  return typeof entry.study.description === 'string' ? entry.study.description.trim() : '';
}

/**
 * Sorts entries by a column, in a new array. Dates sort by time, so studies
 * on one day follow their time. Texts sort in the element's language with
 * empty values last, and ties fall back to newest first.
 */
export function sortEntries(entries: readonly TimelineEntry[], sort: StudyListSort, localize: LocalizeController): TimelineEntry[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  if (sort.column === 'date') {
    return [...entries].sort((a, b) => compareUndatedLast(a, b) || sign * compareTime(a, b) || a.index - b.index);
  }
  const collator = localize.collator();
  const column = sort.column;
  const keyed = entries.map((entry) => ({ entry, text: textOf(localize, entry, column) }));
  keyed.sort(
    (a, b) =>
      (a.text === '' ? 1 : 0) - (b.text === '' ? 1 : 0) || sign * collator.compare(a.text, b.text) || newestFirst(a.entry, b.entry),
  );
  return keyed.map(({ entry }) => entry);
}
