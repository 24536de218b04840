/**
 * Pure helpers of the filter element: reading a host's filter safely and
 * building the next filter from a user's choice.
 */
import type { DateRangePreset, StudyContentType, StudyDateRange, StudyFilter } from '@studyline/core';

/** The facets whose choices are lists of ids or names. */
export type ListFacet = 'modalityGroups' | 'sourceIds' | 'institutions' | 'types' | 'bodyRegions';

/** The facets that the compact layout folds behind "More filters", by their `data-facet` names. */
export type FoldedFacet = 'type' | 'date' | 'source' | 'institution' | 'region';

const DATE_PRESETS: readonly DateRangePreset[] = ['all', 'last-year', 'last-5-years', 'custom'];
const CONTENT_TYPES: readonly StudyContentType[] = ['images', 'reports'];

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * Returns a copy of a filter with only well-formed values and without empty
 * facets, so that a host's malformed filter shows as "no choice" and events
 * carry clean JSON.
 */
export function cleanFilter(filter: unknown): StudyFilter {
  const source = typeof filter === 'object' && filter !== null ? (filter as Record<string, unknown>) : {};
  const clean: StudyFilter = {};
  const modalityGroups = stringList(source.modalityGroups);
  const modalities = stringList(source.modalities);
  const sourceIds = stringList(source.sourceIds);
  const institutions = stringList(source.institutions);
  const types = stringList(source.types).filter((type): type is StudyContentType => CONTENT_TYPES.includes(type as StudyContentType));
  const bodyRegions = stringList(source.bodyRegions);
  if (modalityGroups.length > 0) clean.modalityGroups = modalityGroups;
  if (modalities.length > 0) clean.modalities = modalities;
  if (source.includeUnknownModality === true) clean.includeUnknownModality = true;
  if (sourceIds.length > 0) clean.sourceIds = sourceIds;
  if (institutions.length > 0) clean.institutions = institutions;
  if (types.length > 0) clean.types = types;
  if (bodyRegions.length > 0) clean.bodyRegions = bodyRegions;
  const dateRange = cleanDateRange(source.dateRange);
  if (dateRange !== undefined) clean.dateRange = dateRange;
  if (typeof source.search === 'string' && source.search.trim() !== '') clean.search = source.search;
  return clean;
}

function cleanDateRange(value: unknown): StudyDateRange | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const range = value as Record<string, unknown>;
  const preset = range.preset as DateRangePreset;
  if (!DATE_PRESETS.includes(preset) || preset === 'all') return undefined;
  if (preset !== 'custom') return { preset };
  const clean: StudyDateRange = { preset };
  if (typeof range.from === 'string' && range.from !== '') clean.from = range.from;
  if (typeof range.to === 'string' && range.to !== '') clean.to = range.to;
  return clean;
}

/** Returns the filter with one choice of a list facet switched on or off. */
export function toggleChoice(filter: StudyFilter, facet: ListFacet, value: string): StudyFilter {
  const current = (filter[facet] as readonly string[] | undefined) ?? [];
  const next = current.includes(value) ? current.filter((item) => item !== value) : [...current, value];
  return cleanFilter({ ...filter, [facet]: next });
}

/**
 * Returns the filter without any choice in a list facet. For the modality
 * facet it also drops chosen codes and the "modality unknown" choice.
 */
export function clearFacet(filter: StudyFilter, facet: ListFacet): StudyFilter {
  const next: Record<string, unknown> = { ...filter, [facet]: [] };
  if (facet === 'modalityGroups') {
    next.modalities = [];
    next.includeUnknownModality = false;
  }
  return cleanFilter(next);
}

/** Returns the date preset a filter shows, `all` when it has none. */
export function datePreset(filter: StudyFilter): DateRangePreset {
  return filter.dateRange?.preset ?? 'all';
}

/** Returns the filter with another date preset, keeping custom boundaries when switching to `custom`. */
export function withDatePreset(filter: StudyFilter, preset: DateRangePreset, previousCustom: StudyDateRange | undefined): StudyFilter {
  if (preset === 'custom') return cleanFilter({ ...filter, dateRange: previousCustom ?? { preset: 'custom' } });
  return cleanFilter({ ...filter, dateRange: { preset } });
}

/** Returns the filter with one boundary of the custom range set, or cleared for an empty value. */
export function withCustomBoundary(filter: StudyFilter, boundary: 'from' | 'to', value: string): StudyFilter {
  const range: StudyDateRange = { preset: 'custom', from: filter.dateRange?.from, to: filter.dateRange?.to };
  range[boundary] = value === '' ? undefined : value;
  return cleanFilter({ ...filter, dateRange: range });
}

/** Returns the folded facets in which a clean filter makes a choice, in the order the element shows them. */
export function activeFoldedFacets(filter: StudyFilter): FoldedFacet[] {
  const active: FoldedFacet[] = [];
  if ((filter.types ?? []).length > 0) active.push('type');
  if (filter.dateRange !== undefined) active.push('date');
  if ((filter.sourceIds ?? []).length > 0) active.push('source');
  if ((filter.institutions ?? []).length > 0) active.push('institution');
  if ((filter.bodyRegions ?? []).length > 0) active.push('region');
  return active;
}

/** Returns whether two filters choose the same, ignoring the order within a facet. */
export function sameFilter(a: StudyFilter, b: StudyFilter): boolean {
  const canonical = (filter: StudyFilter): string => {
    const clean = cleanFilter(filter) as Record<string, unknown>;
    const sorted = Object.keys(clean)
      .sort()
      .map((key) => [key, Array.isArray(clean[key]) ? [...(clean[key] as string[])].sort() : clean[key]]);
    return JSON.stringify(sorted);
  };
  return canonical(a) === canonical(b);
}
