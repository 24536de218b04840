/**
 * Texts about studies, lanes and clusters in the element's language: the
 * accessible names of marks and the lines of the tooltip.
 */
import type { LocalizeController } from '../shared/localize.js';
import { isAlsoExternal, primaryModality, primarySentModality, type TimelineEntry } from './entries.js';
import type { Lane } from './lanes.js';

/** Maximum characters of a modality code on a mark; longer codes are cut so the mark keeps its size. */
const MARK_TEXT_LENGTH = 3;

/**
 * Returns the short text on a mark: the first modality as the archive sent
 * it (`DR` in the DX lane), with `+` when the study has more, or `?` when it has none.
 */
export function markText(entry: TimelineEntry): string {
  const modality = primarySentModality(entry);
  if (modality === undefined) return '?';
  const code = modality.slice(0, MARK_TEXT_LENGTH);
  return entry.modalities.length > 1 ? `${code}+` : code;
}

/**
 * Returns the modalities as spoken and shown in full ("CT, PT"), with the
 * defined term after a code sent as a local synonym ("DR (DX)"), or the
 * "unknown modality" text.
 */
export function modalityText(localize: LocalizeController, entry: TimelineEntry): string {
  if (entry.modalities.length === 0) return localize.term('unknownModality');
  const texts = entry.modalities.map((code, position) => {
    const sent = entry.sentModalities[position];
    return sent === code ? code : `${sent} (${code})`;
  });
  return texts.join(', ');
}

/**
 * Returns where a study is held and was made: the source for the own archive
 * (with the institution when another one made the study), else the institution,
 * else the source.
 */
export function placeText(entry: TimelineEntry): string {
  const institution = typeof entry.study.institution === 'string' ? entry.study.institution.trim() : '';
  const label = entry.source?.label ?? '';
  if (institution === '' || institution.toLowerCase() === label.toLowerCase()) return label;
  // A study in the own archive that another institution made, such as an imported one, names both.
  if (entry.source?.kind === 'internal' && label !== '') return `${label} (${institution})`;
  return institution;
}

/** Returns the date with its precision note: "2021 (only the year is known)". */
export function dateText(localize: LocalizeController, entry: TimelineEntry, length: 'long' | 'short'): string {
  const timestamp = entry.time === undefined ? undefined : entry.study.timestamp;
  const date = localize.formatStudyDate(timestamp, length);
  const note = localize.precisionNote(timestamp);
  return note === '' ? date : `${date} (${note})`;
}

/**
 * Returns a row's date and a detail line for the vertical layout: the date
 * with the day (`4 Mar 2021`), and the time (`14:30`) or the precision note
 * (`only the year is known`) as the detail.
 */
export function rowDateParts(localize: LocalizeController, entry: TimelineEntry): { date: string; detail: string } {
  const timestamp = entry.time === undefined ? undefined : entry.study.timestamp;
  if (timestamp === undefined) return { date: localize.term('undatedStudy'), detail: '' };
  const withoutTime = timestamp.precision === 'year' || timestamp.precision === 'month' ? timestamp : { ...timestamp, precision: 'day' as const };
  const date = localize.formatStudyDate(withoutTime, 'short');
  let detail = localize.precisionNote(timestamp);
  if (timestamp.time !== undefined && detail === '') {
    const seconds = timestamp.precision === 'second' || timestamp.precision === 'fraction';
    detail = localize.formatDate(timestamp.epochMs, { hour: '2-digit', minute: '2-digit', ...(seconds ? { second: '2-digit' } : {}) });
  }
  return { date, detail };
}

/** Returns "also at Noordwijk MC" for a study that other sources hold too, else an empty string. */
export function otherSourcesText(localize: LocalizeController, entry: TimelineEntry): string {
  if (entry.otherSources.length === 0) return '';
  return localize.term('alsoHeldBy', { sources: localize.formatList(entry.otherSources.map((source) => source.label)) });
}

/**
 * Returns a study mark's accessible name, for example
 * "4 March 2021, CT, CT abdomen, Rijnstad Ziekenhuis".
 */
export function studyLabel(localize: LocalizeController, entry: TimelineEntry): string {
  const description = typeof entry.study.description === 'string' ? entry.study.description.trim() : '';
  const parts = [dateText(localize, entry, 'long'), modalityText(localize, entry), description, placeText(entry), otherSourcesText(localize, entry)];
  return parts.filter((part) => part !== '').join(', ');
}

/** Returns the text of the "also external" badge, or an empty string when the study has no such badge. */
export function badgeText(localize: LocalizeController, entry: TimelineEntry): string {
  return isAlsoExternal(entry) ? localize.term('alsoExternal') : '';
}

const CLUSTER_DATE_OPTIONS: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'long', day: 'numeric' };

/** Formats a time as a cluster's range shows it: "2 March 2021". */
export type DayFormatter = (time: number) => string;

/** Returns a date as a cluster's range shows it: "2 March 2021". */
export function clusterDayText(localize: LocalizeController, time: number): string {
  return localize.formatDate(time, CLUSTER_DATE_OPTIONS);
}

/**
 * Returns the date range of a cluster's studies ("2 March 2021 – 9 March 2021"),
 * or one date when all are on the same day. The two dates are formatted
 * apart, not with `Intl.DateTimeFormat.formatRange`, so that a caller can
 * cache each study's date: during a zoom most clusters are new in every
 * frame, and `formatRange` took about 40 µs per cluster in Chromium 156.
 */
export function clusterRangeText(
  localize: LocalizeController,
  first: TimelineEntry,
  last: TimelineEntry,
  formatDay: DayFormatter = (time) => clusterDayText(localize, time),
): string {
  if (first.time === undefined || last.time === undefined) return '';
  const start = formatDay(first.time);
  const end = formatDay(last.time);
  return start === end ? start : `${start} – ${end}`;
}

/** Returns a cluster's accessible name: "20 studies, 2 March 2021 – 9 March 2021. Activate to zoom in." */
export function clusterLabel(localize: LocalizeController, count: number, first: TimelineEntry, last: TimelineEntry, formatDay?: DayFormatter): string {
  return localize.plural('clusterLabel', count, { range: clusterRangeText(localize, first, last, formatDay) });
}

/** Returns counts per modality, most frequent first, such as "CT 12, MR 8", for at most `limit` modalities. */
export function modalitySummary(localize: LocalizeController, entries: readonly TimelineEntry[], limit = 4): string {
  const counts = new Map<string, number>();
  for (const entry of entries) {
    const modality = primaryModality(entry) ?? '?';
    counts.set(modality, (counts.get(modality) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, limit)
    .map(([modality, count]) => `${modality} ${localize.formatNumber(count)}`)
    .join(', ');
}

/** Returns the visible label of a lane. */
export function laneTitle(localize: LocalizeController, lane: Lane): string {
  if (lane.kind === 'source') return lane.source?.label ?? localize.term('unknownSourceLane');
  return lane.modality ?? localize.term('unknownModalityLane');
}

/** The text of a tooltip: a bold first line and further lines. */
export interface TooltipText {
  title: string;
  lines: string[];
}

/** Returns a study's tooltip: the date with its precision, modality and description, place, and other sources. */
export function studyTooltip(localize: LocalizeController, entry: TimelineEntry): TooltipText {
  const description = typeof entry.study.description === 'string' ? entry.study.description.trim() : '';
  const modalities = modalityText(localize, entry);
  const lines = [description === '' ? modalities : `${modalities} · ${description}`, placeText(entry), otherSourcesText(localize, entry)];
  return { title: dateText(localize, entry, 'long'), lines: lines.filter((line) => line !== '') };
}

/** Returns a cluster's tooltip: the number of studies, their date range and the most frequent modalities. */
export function clusterTooltip(localize: LocalizeController, entries: readonly TimelineEntry[]): TooltipText | undefined {
  const first = entries[0];
  const last = entries[entries.length - 1];
  if (first === undefined || last === undefined) return undefined;
  return {
    title: localize.plural('studyCount', entries.length),
    lines: [clusterRangeText(localize, first, last), modalitySummary(localize, entries)],
  };
}
