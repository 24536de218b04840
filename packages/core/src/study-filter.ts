/**
 * Filtering of a patient's studies by modality, source, institution, type,
 * body region, date range and free text, through the shared terminology.
 *
 * Within one facet the choices are alternatives (CT or MR); across facets all
 * must hold (CT and from the last five years). An absent or empty facet does
 * not filter. The functions are pure and take "today" as an option, so a
 * filter gives the same result in every time zone and in tests.
 */
import type { Study } from './model.js';
import { defaultTerminology, type Terminology } from './terminology/terminology.js';
import type { BodyRegion, ModalityInfo } from './terminology/types.js';

/** Content that a study can contain: images, or reports and documents. */
export type StudyContentType = 'images' | 'reports';

export type DateRangePreset = 'all' | 'last-year' | 'last-5-years' | 'custom';

/** A date range: a preset relative to today, or a custom range of ISO calendar dates. */
export interface StudyDateRange {
  preset: DateRangePreset;
  /** First day, inclusive, as `YYYY-MM-DD`; `custom` only. */
  from?: string;
  /** Last day, inclusive, as `YYYY-MM-DD`; `custom` only. */
  to?: string;
}

/** The filter that `filterStudies`, the filter element, the timeline and the study list share. Plain JSON. */
export interface StudyFilter {
  /** Modality group ids from the terminology, such as `ct` or `xray`. */
  modalityGroups?: readonly string[];
  /** Modality codes, read through the terminology, so `DR` also finds DX. */
  modalities?: readonly string[];
  /** Also keep studies whose modalities no source sent. */
  includeUnknownModality?: boolean;
  /** `SourceInfo.id` values; a study matches when any of its sources is listed. */
  sourceIds?: readonly string[];
  /** Institution names, compared without case and surrounding spaces. */
  institutions?: readonly string[];
  types?: readonly StudyContentType[];
  /** Region ids from the terminology, such as `chest`. */
  bodyRegions?: readonly string[];
  /** Without it, or with preset `all`, undated studies stay in. With a range they are left out and counted. */
  dateRange?: StudyDateRange;
  /**
   * Words that must each occur, ignoring case and accents, in the
   * description, institution, accession number, a source's name, a modality
   * code or a body region name (in any language of the terminology).
   */
  search?: string;
}

export interface StudyFilterOptions {
  terminology?: Terminology;
  /** Today's calendar date for the presets, as `YYYY-MM-DD` or a Date read in UTC. Defaults to the current UTC date. */
  today?: string | Date;
}

export interface FilteredStudies {
  /** The matching studies, in input order. */
  studies: Study[];
  /** Number of studies in the input; values that are not studies are not counted. */
  total: number;
  /** Undated studies that match every other facet but are left out because a date range is set. */
  undatedExcluded: number;
}

/** A facet of the filter, for counts that ignore the facet's own choices. */
export type StudyFilterFacet = 'modality' | 'source' | 'institution' | 'type' | 'region' | 'date' | 'search';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The facts about one study that the filter reads, computed once per study and terminology. */
export interface StudyFacts {
  study: Study;
  modalities: readonly ModalityInfo[];
  sourceIds: readonly string[];
  /** Institution in the form the filter compares, or undefined. */
  institutionKey: string | undefined;
  regions: readonly BodyRegion[];
  /** First and last day (days since 1970-01-01) that the study's date covers, or undefined when undated. */
  days: readonly [number, number] | undefined;
  /** Searchable text in normalised form. */
  searchText: string;
}

const factsCache = new WeakMap<Terminology, WeakMap<object, StudyFacts>>();

/** Lower case without accents or surrounding spaces, for comparisons that ignore both. */
export function normalizeForSearch(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
}

/** Returns whether a value is usable as a study: an object with a string `studyInstanceUid`. */
export function isStudyLike(value: unknown): value is Study {
  return typeof value === 'object' && value !== null && typeof (value as Study).studyInstanceUid === 'string';
}

function dayNumber(year: number, month: number, day: number): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 literal.
  date.setUTCFullYear(year, month - 1, day);
  return Math.floor(date.getTime() / DAY_MS);
}

function lastDayOfMonth(year: number, month: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, 0);
  return date.getUTCDate();
}

/**
 * Returns the days that a study's date covers: one day for a full date, the
 * whole month or year for a date sent with less precision. Undefined for an
 * undated study or a timestamp without a finite `epochMs`, which the timeline
 * also shows as undated.
 */
export function studyDaySpan(study: Pick<Study, 'timestamp'>): readonly [number, number] | undefined {
  const timestamp = study.timestamp;
  if (typeof timestamp !== 'object' || timestamp === null) return undefined;
  if (typeof timestamp.epochMs !== 'number' || !Number.isFinite(timestamp.epochMs)) return undefined;
  const match = typeof timestamp.date === 'string' ? /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(timestamp.date) : null;
  if (match === null) {
    const day = Math.floor(timestamp.epochMs / DAY_MS);
    return [day, day];
  }
  const year = Number(match[1]);
  if (match[2] === undefined) return [dayNumber(year, 1, 1), dayNumber(year, 12, 31)];
  const month = Number(match[2]);
  if (match[3] === undefined) return [dayNumber(year, month, 1), dayNumber(year, month, lastDayOfMonth(year, month))];
  const day = dayNumber(year, month, Number(match[3]));
  return [day, day];
}

function readStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function computeFacts(study: Study, terminology: Terminology): StudyFacts {
  const modalities: ModalityInfo[] = [];
  for (const value of readStrings(study.modalities)) {
    if (value.trim() === '') continue;
    const info = terminology.resolveModality(value);
    if (!modalities.some((existing) => existing.code === info.code)) modalities.push(info);
  }
  const sources = Array.isArray(study.sources) ? study.sources.map((held) => held?.source).filter((source) => typeof source?.id === 'string') : [];
  const institution = typeof study.institution === 'string' ? normalizeForSearch(study.institution) : '';
  const anatomy = terminology.studyAnatomy({
    bodyParts: readStrings(study.bodyParts),
    anatomicRegions: Array.isArray(study.anatomicRegions) ? study.anatomicRegions : [],
  });

  const searchable: string[] = [];
  for (const text of [study.description, study.institution, study.accessionNumber]) {
    if (typeof text === 'string') searchable.push(text);
  }
  for (const source of sources) searchable.push(source.label);
  for (const info of modalities) searchable.push(info.code, info.sent);
  for (const region of anatomy.regions) searchable.push(...Object.values(region.names));
  searchable.push(...anatomy.unmapped);

  return {
    study,
    modalities,
    sourceIds: sources.map((source) => source.id),
    institutionKey: institution === '' ? undefined : institution,
    regions: anatomy.regions,
    days: studyDaySpan(study),
    searchText: normalizeForSearch(searchable.join('\n')),
  };
}

/** Returns what the filter reads of a study, cached per study object and terminology. */
export function studyFacts(study: Study, terminology: Terminology = defaultTerminology()): StudyFacts {
  let cache = factsCache.get(terminology);
  if (cache === undefined) {
    cache = new WeakMap();
    factsCache.set(terminology, cache);
  }
  let facts = cache.get(study);
  if (facts === undefined) {
    facts = computeFacts(study, terminology);
    cache.set(study, facts);
  }
  return facts;
}

function todayDay(today: string | Date | undefined): number {
  if (typeof today === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(today.trim());
    if (match !== null) return dayNumber(Number(match[1]), Number(match[2]), Number(match[3]));
  }
  const date = today instanceof Date && Number.isFinite(today.getTime()) ? today : new Date();
  return dayNumber(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function yearsBefore(day: number, years: number): number {
  const date = new Date(day * DAY_MS);
  const year = date.getUTCFullYear() - years;
  const month = date.getUTCMonth() + 1;
  // 29 February becomes 28 February in a year that has no 29th.
  return dayNumber(year, month, Math.min(date.getUTCDate(), lastDayOfMonth(year, month)));
}

/** Reads `YYYY-MM-DD`, `YYYY-MM` or `YYYY` as the first (`start`) or last day it covers. */
function parseBoundary(text: string | undefined, edge: 'start' | 'end'): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(text.trim());
  if (match === null) return undefined;
  const year = Number(match[1]);
  let month = edge === 'start' ? 1 : 12;
  if (match[2] !== undefined) month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;

  const last = lastDayOfMonth(year, month);
  let day = edge === 'start' ? 1 : last;
  if (match[3] !== undefined) day = Number(match[3]);
  if (day < 1 || day > last) return undefined;
  return dayNumber(year, month, day);
}

/**
 * Returns the days a date range covers, as day numbers (days since
 * 1970-01-01), or undefined when it does not filter: no range, `all`, or a
 * custom range without a valid boundary. Presets reach back from today and
 * have no end, so a study dated today in a time zone ahead of UTC still
 * shows. A custom range with `from` after `to` is read the other way round.
 */
export function resolveDateRange(
  range: StudyDateRange | undefined,
  today?: string | Date,
): { from: number | undefined; to: number | undefined } | undefined {
  if (typeof range !== 'object' || range === null) return undefined;
  switch (range.preset) {
    case 'last-year':
      return { from: yearsBefore(todayDay(today), 1), to: undefined };
    case 'last-5-years':
      return { from: yearsBefore(todayDay(today), 5), to: undefined };
    case 'custom': {
      let from = parseBoundary(range.from, 'start');
      let to = parseBoundary(range.to, 'end');
      if (from === undefined && to === undefined) return undefined;
      if (from !== undefined && to !== undefined && from > to) {
        // The boundaries were given the wrong way round; read them as the range between them.
        [from, to] = [parseBoundary(range.to, 'start'), parseBoundary(range.from, 'end')];
      }
      return { from, to };
    }
    default:
      return undefined;
  }
}

function nonEmpty<T>(values: readonly T[] | undefined): readonly T[] | undefined {
  return Array.isArray(values) && values.length > 0 ? values : undefined;
}

/** Returns whether a filter narrows anything: any facet with a choice, a date range or search text. */
export function isFilterActive(filter: StudyFilter | undefined | null, today?: string | Date): boolean {
  if (typeof filter !== 'object' || filter === null) return false;
  return (
    nonEmpty(filter.modalityGroups) !== undefined ||
    nonEmpty(filter.modalities) !== undefined ||
    filter.includeUnknownModality === true ||
    nonEmpty(filter.sourceIds) !== undefined ||
    nonEmpty(filter.institutions) !== undefined ||
    nonEmpty(filter.types) !== undefined ||
    nonEmpty(filter.bodyRegions) !== undefined ||
    resolveDateRange(filter.dateRange, today) !== undefined ||
    (typeof filter.search === 'string' && filter.search.trim() !== '')
  );
}

/** A compiled filter: one test per facet, so callers can apply all or all but one. */
export interface StudyMatcher {
  /** Returns whether a study passes every facet except the one named. */
  matches(facts: StudyFacts, except?: StudyFilterFacet): boolean;
  /** True when a date range is set. */
  readonly hasDateRange: boolean;
}

/**
 * Compiles a filter. Values of the wrong type are ignored rather than
 * thrown on, so that a host's malformed filter narrows less instead of
 * breaking the element that applies it.
 */
export function compileStudyFilter(filter: StudyFilter | undefined | null, options: StudyFilterOptions = {}): StudyMatcher {
  const terminology = options.terminology ?? defaultTerminology();
  const safe = typeof filter === 'object' && filter !== null ? filter : {};
  const groupIds = new Set(readStrings(nonEmpty(safe.modalityGroups)));
  const codes = new Set(readStrings(nonEmpty(safe.modalities)).map((code) => terminology.resolveModality(code).code));
  const unknownModality = safe.includeUnknownModality === true;
  const modalityFacet = groupIds.size > 0 || codes.size > 0 || unknownModality;
  const sourceIds = new Set(readStrings(nonEmpty(safe.sourceIds)));
  const institutions = new Set(readStrings(nonEmpty(safe.institutions)).map(normalizeForSearch));
  const types = new Set(readStrings(nonEmpty(safe.types)));
  const regionIds = new Set(readStrings(nonEmpty(safe.bodyRegions)));
  const range = resolveDateRange(safe.dateRange, options.today);
  const words = typeof safe.search === 'string' ? normalizeForSearch(safe.search).split(/\s+/).filter((word) => word !== '') : [];

  const tests: Record<StudyFilterFacet, ((facts: StudyFacts) => boolean) | undefined> = {
    modality: modalityFacet
      ? (facts) =>
          (unknownModality && facts.modalities.length === 0) ||
          facts.modalities.some((info) => groupIds.has(info.group.id) || codes.has(info.code))
      : undefined,
    source: sourceIds.size > 0 ? (facts) => facts.sourceIds.some((id) => sourceIds.has(id)) : undefined,
    institution:
      institutions.size > 0 ? (facts) => facts.institutionKey !== undefined && institutions.has(facts.institutionKey) : undefined,
    type:
      types.size > 0
        ? (facts) =>
            (types.has('images') && facts.modalities.some((info) => info.kind === 'image')) ||
            (types.has('reports') &&
              (facts.modalities.some((info) => info.kind === 'report') || (Array.isArray(facts.study.reports) && facts.study.reports.length > 0)))
        : undefined,
    region: regionIds.size > 0 ? (facts) => facts.regions.some((region) => regionIds.has(region.id)) : undefined,
    date:
      range !== undefined
        ? (facts) =>
            facts.days !== undefined &&
            (range.from === undefined || facts.days[1] >= range.from) &&
            (range.to === undefined || facts.days[0] <= range.to)
        : undefined,
    search: words.length > 0 ? (facts) => words.every((word) => facts.searchText.includes(word)) : undefined,
  };
  const active = (Object.entries(tests) as [StudyFilterFacet, ((facts: StudyFacts) => boolean) | undefined][]).filter(
    (entry): entry is [StudyFilterFacet, (facts: StudyFacts) => boolean] => entry[1] !== undefined,
  );

  return {
    hasDateRange: range !== undefined,
    matches(facts, except) {
      for (const [facet, test] of active) {
        if (facet !== except && !test(facts)) return false;
      }
      return true;
    },
  };
}

/**
 * Returns the studies that match a filter, in input order, with the number
 * of studies in the input and of undated studies that only the date range
 * left out. A study dated with a year or month only matches a range that
 * overlaps that year or month. Values that are not studies are skipped.
 */
export function filterStudies(
  studies: readonly unknown[] | undefined | null,
  filter: StudyFilter | undefined | null,
  options: StudyFilterOptions = {},
): FilteredStudies {
  const terminology = options.terminology ?? defaultTerminology();
  const matcher = compileStudyFilter(filter, { ...options, terminology });
  const result: FilteredStudies = { studies: [], total: 0, undatedExcluded: 0 };
  for (const value of Array.isArray(studies) ? studies : []) {
    if (!isStudyLike(value)) continue;
    result.total += 1;
    const facts = studyFacts(value, terminology);
    if (matcher.matches(facts)) result.studies.push(value);
    else if (matcher.hasDateRange && facts.days === undefined && matcher.matches(facts, 'date')) result.undatedExcluded += 1;
  }
  return result;
}
