/**
 * Counts per filter choice, for filter controls that show how many studies
 * each choice would give. Each facet's counts apply every other facet of the
 * filter but not the facet's own choices, so choosing CT does not turn the
 * MR count into zero.
 */
import type { SourceInfo, Study } from './model.js';
import {
  compileStudyFilter,
  isStudyLike,
  studyFacts,
  type StudyContentType,
  type StudyFacts,
  type StudyFilter,
  type StudyFilterOptions,
} from './study-filter.js';
import { defaultTerminology } from './terminology/terminology.js';
import type { BodyRegion, ModalityGroup } from './terminology/types.js';

export interface ModalityGroupCount {
  group: ModalityGroup;
  count: number;
  /** Codes of the group that occur in the studies, as the terminology reads them (`DX` for `DR`), in first-seen order. */
  codes: string[];
}

export interface StudyFacetCounts {
  /** Studies in the input. */
  total: number;
  /** Studies that match the whole filter. */
  matching: number;
  /** Undated studies that only the date range leaves out. */
  undatedExcluded: number;
  /** Groups that occur in the studies, in the terminology's order. */
  modalityGroups: ModalityGroupCount[];
  /** Count of studies without modalities; listed even when zero so that hosts can decide to show it. */
  unknownModality: { present: number; count: number };
  /** Sources that hold any study: internal ones first, then by label. */
  sources: { source: SourceInfo; count: number }[];
  /** Institutions as first written, when the studies name any; compared without case. */
  institutions: { name: string; count: number }[];
  /** Both types, always listed. */
  types: { type: StudyContentType; count: number }[];
  /** Regions that occur in the studies, in the terminology's order. */
  regions: { region: BodyRegion; count: number }[];
}

function increment<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** Counts, for each choice that occurs in the studies, the studies that choosing it would give. */
export function countStudyFacets(
  studies: readonly unknown[] | undefined | null,
  filter: StudyFilter | undefined | null,
  options: StudyFilterOptions = {},
): StudyFacetCounts {
  const terminology = options.terminology ?? defaultTerminology();
  const matcher = compileStudyFilter(filter, { ...options, terminology });
  const all: StudyFacts[] = [];
  for (const value of Array.isArray(studies) ? studies : []) {
    if (isStudyLike(value)) all.push(studyFacts(value as Study, terminology));
  }

  const groupCodes = new Map<string, string[]>();
  const groupCounts = new Map<string, number>();
  const sourcesById = new Map<string, SourceInfo>();
  const sourceCounts = new Map<string, number>();
  const institutionNames = new Map<string, string>();
  const institutionCounts = new Map<string, number>();
  const typeCounts = new Map<StudyContentType, number>();
  const regionIds = new Set<string>();
  const regionCounts = new Map<string, number>();
  const unknownModality = { present: 0, count: 0 };
  let matching = 0;
  let undatedExcluded = 0;

  for (const facts of all) {
    const { study } = facts;
    if (matcher.matches(facts)) matching += 1;
    else if (matcher.hasDateRange && facts.days === undefined && matcher.matches(facts, 'date')) undatedExcluded += 1;

    // Which choices occur, from every study, so that controls do not come and go while the user filters.
    for (const info of facts.modalities) {
      const codes = groupCodes.get(info.group.id) ?? [];
      if (!codes.includes(info.code)) codes.push(info.code);
      groupCodes.set(info.group.id, codes);
    }
    if (facts.modalities.length === 0) unknownModality.present += 1;
    for (const studySource of Array.isArray(study.sources) ? study.sources : []) {
      const source = studySource?.source;
      if (typeof source?.id === 'string' && !sourcesById.has(source.id)) sourcesById.set(source.id, source);
    }
    if (facts.institutionKey !== undefined && !institutionNames.has(facts.institutionKey)) {
      institutionNames.set(facts.institutionKey, (study.institution as string).trim());
    }
    for (const region of facts.regions) regionIds.add(region.id);

    if (matcher.matches(facts, 'modality')) {
      for (const groupId of new Set(facts.modalities.map((info) => info.group.id))) increment(groupCounts, groupId);
      if (facts.modalities.length === 0) unknownModality.count += 1;
    }
    if (matcher.matches(facts, 'source')) {
      for (const id of new Set(facts.sourceIds)) increment(sourceCounts, id);
    }
    if (matcher.matches(facts, 'institution') && facts.institutionKey !== undefined) increment(institutionCounts, facts.institutionKey);
    if (matcher.matches(facts, 'type')) {
      if (facts.modalities.some((info) => info.kind === 'image')) increment(typeCounts, 'images');
      const hasReport = facts.modalities.some((info) => info.kind === 'report') || (Array.isArray(study.reports) && study.reports.length > 0);
      if (hasReport) increment(typeCounts, 'reports');
    }
    if (matcher.matches(facts, 'region')) {
      for (const region of facts.regions) increment(regionCounts, region.id);
    }
  }

  const sources = [...sourcesById.values()].sort(
    (a, b) => (a.kind === 'internal' ? 0 : 1) - (b.kind === 'internal' ? 0 : 1) || a.label.localeCompare(b.label),
  );
  return {
    total: all.length,
    matching,
    undatedExcluded,
    modalityGroups: terminology.modalityGroups
      .filter((group) => groupCodes.has(group.id))
      .map((group) => ({ group, count: groupCounts.get(group.id) ?? 0, codes: groupCodes.get(group.id) ?? [] })),
    unknownModality,
    sources: sources.map((source) => ({ source, count: sourceCounts.get(source.id) ?? 0 })),
    institutions: [...institutionNames.entries()].map(([key, name]) => ({ name, count: institutionCounts.get(key) ?? 0 })),
    types: (['images', 'reports'] as const).map((type) => ({ type, count: typeCounts.get(type) ?? 0 })),
    regions: terminology.bodyRegions.filter((region) => regionIds.has(region.id)).map((region) => ({ region, count: regionCounts.get(region.id) ?? 0 })),
  };
}
