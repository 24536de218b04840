/**
 * One vocabulary across institutions: modality codes, modality groups and
 * body regions, with display names per language, extended or overridden by
 * an institution's JSON configuration.
 */
import type { CodedConcept, Study } from '../model.js';
import { normalizeCode } from './coding-schemes.js';
import { TerminologyConfigError, parseTerminologyConfig, type NamesConfig, type TerminologyConfig } from './config.js';
import { MODALITIES, MODALITY_GROUPS, MODALITY_SYNONYMS } from './modality-table.js';
import { BODY_PART_TERMS, BODY_REGIONS, EXTRA_REGION_CODES, LOCAL_BODY_PARTS } from './region-table.js';
import type { BodyRegion, LocalizedNames, ModalityGroup, ModalityInfo, ModalityKind, StudyAnatomy } from './types.js';

/** The group that unknown modality codes belong to. */
export const OTHER_MODALITY_GROUP = 'other';

interface ModalityEntry {
  code: string;
  group: string;
  kind: ModalityKind;
  names: LocalizedNames;
  retired: boolean;
}

interface TerminologyTables {
  groups: Map<string, ModalityGroup>;
  modalities: Map<string, ModalityEntry>;
  /** Built-in synonyms by lookup key. */
  synonyms: Map<string, string>;
  /** Configured synonyms by lookup key, which win over defined terms. */
  configuredSynonyms: Map<string, string>;
  regions: Map<string, BodyRegion>;
  bodyParts: Map<string, readonly string[]>;
  regionCodes: Map<string, readonly string[]>;
}

/** Upper case with everything but letters and digits removed: `pet/ct` and `PET-CT` give `PETCT`. */
export function terminologyLookupKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

function codeKey(scheme: string | undefined, code: string): string {
  return `${scheme ?? ''}|${code}`;
}

/**
 * Returns the name for a language tag: the whole tag (`pt-BR`), then its
 * primary subtag (`pt`), then English. Case-insensitive.
 */
export function localizedName(names: LocalizedNames, language: string): string {
  const requested = language.trim().toLowerCase();
  const primary = requested.split('-')[0];
  let primaryMatch: string | undefined;
  for (const [tag, name] of Object.entries(names)) {
    const lower = tag.toLowerCase();
    if (lower === requested) return name;
    if (lower === primary) primaryMatch = name;
  }
  return primaryMatch ?? names.en;
}

function mergeNames(base: LocalizedNames | undefined, added: NamesConfig | undefined): LocalizedNames | undefined {
  if (added === undefined) return base;
  const merged: Record<string, string> = { ...base };
  for (const [language, name] of Object.entries(added)) merged[language] = name.trim();
  return typeof merged.en === 'string' ? (merged as LocalizedNames) : undefined;
}

function builtInTables(): TerminologyTables {
  const groups = new Map(MODALITY_GROUPS.map((group) => [group.id, { ...group } as ModalityGroup]));
  const modalities = new Map(
    MODALITIES.map((row) => [row.code, { code: row.code, group: row.group, kind: row.kind, names: row.names, retired: row.retired === true }]),
  );
  const synonyms = new Map(Object.entries(MODALITY_SYNONYMS));
  const regions = new Map(BODY_REGIONS.map((region) => [region.id, { ...region } as BodyRegion]));
  const bodyParts = new Map<string, readonly string[]>();
  const regionCodes = new Map<string, string[]>();
  const addCode = (code: string, regionIds: readonly string[]): void => {
    const key = codeKey('SCT', code);
    const existing = regionCodes.get(key) ?? [];
    // Table L-1 gives some codes to two terms (THORAX and CHEST); the regions of both apply.
    regionCodes.set(key, [...existing, ...regionIds.filter((id) => !existing.includes(id))]);
  };
  for (const [term, code, ...regionIds] of BODY_PART_TERMS) {
    bodyParts.set(terminologyLookupKey(term), regionIds);
    if (code !== null) addCode(code, regionIds);
  }
  for (const [code, ...regionIds] of EXTRA_REGION_CODES) addCode(code, regionIds);
  for (const [spelling, ...regionIds] of LOCAL_BODY_PARTS) bodyParts.set(terminologyLookupKey(spelling), regionIds);
  return { groups, modalities, synonyms, configuredSynonyms: new Map(), regions, bodyParts, regionCodes };
}

function copyTables(tables: TerminologyTables): TerminologyTables {
  return {
    groups: new Map(tables.groups),
    modalities: new Map(tables.modalities),
    synonyms: new Map(tables.synonyms),
    configuredSynonyms: new Map(tables.configuredSynonyms),
    regions: new Map(tables.regions),
    bodyParts: new Map(tables.bodyParts),
    regionCodes: new Map(tables.regionCodes),
  };
}

/**
 * A terminology: the built-in tables, possibly extended by configuration.
 * Instances are immutable; `extend` returns a new one. Every lookup accepts
 * any input without throwing, and keeps unknown codes with their text.
 */
export class Terminology {
  private readonly tables: TerminologyTables;
  private readonly groupList: readonly ModalityGroup[];
  private readonly regionList: readonly BodyRegion[];

  private static builtInInstance: Terminology | undefined;

  /** Use `createTerminology` or `defaultTerminology`. */
  private constructor(tables: TerminologyTables) {
    this.tables = tables;
    this.groupList = [...tables.groups.values()];
    this.regionList = [...tables.regions.values()];
  }

  /** Returns the terminology of the built-in tables, created on first use and shared afterwards. */
  static builtIn(): Terminology {
    Terminology.builtInInstance ??= new Terminology(builtInTables());
    return Terminology.builtInInstance;
  }

  /** Modality groups in display order: image groups first, `other` last. */
  get modalityGroups(): readonly ModalityGroup[] {
    return this.groupList;
  }

  /** Body regions in display order. */
  get bodyRegions(): readonly BodyRegion[] {
    return this.regionList;
  }

  modalityGroup(id: string): ModalityGroup | undefined {
    return this.tables.groups.get(id);
  }

  bodyRegion(id: string): BodyRegion | undefined {
    return this.tables.regions.get(id);
  }

  /**
   * Reads a modality code as any archive sends it: a defined term (`CT`), a
   * retired one (`ST`), a synonym (`DR`, `pet-ct`, `MRT`) or an unknown code,
   * which is kept as sent in the `other` group with `known: false`.
   */
  resolveModality(value: string): ModalityInfo {
    const sent = typeof value === 'string' ? value.trim() : '';
    const upper = sent.toUpperCase();
    const key = terminologyLookupKey(sent);
    const { modalities, configuredSynonyms, synonyms } = this.tables;
    const code =
      configuredSynonyms.get(key) ??
      (modalities.has(upper) ? upper : undefined) ??
      (modalities.has(key) ? key : undefined) ??
      synonyms.get(key);
    const entry = code === undefined ? undefined : modalities.get(code);
    if (entry === undefined) {
      const other = this.otherGroup();
      return { code: upper, sent, known: false, retired: false, group: other, kind: undefined, names: { en: sent } };
    }
    return {
      code: entry.code,
      sent,
      known: true,
      retired: entry.retired,
      group: this.tables.groups.get(entry.group) ?? this.otherGroup(),
      kind: entry.kind,
      names: entry.names,
    };
  }

  /** Returns the regions of a BodyPartExamined value or a local spelling, or an empty array when none is known. */
  resolveBodyPart(value: string): readonly BodyRegion[] {
    if (typeof value !== 'string') return [];
    return this.regionsOf(this.tables.bodyParts.get(terminologyLookupKey(value)));
  }

  /**
   * Returns the regions of a coded anatomic region, whichever way its scheme
   * is written (`SCT`, `SNOMED-CT`, `2.16.840.1.113883.6.96`,
   * `urn:oid:2.16.840.1.113883.6.96` or `http://snomed.info/sct`).
   */
  resolveRegionCode(concept: Pick<CodedConcept, 'code' | 'scheme'>): readonly BodyRegion[] {
    if (typeof concept?.code !== 'string') return [];
    const { scheme, code } = normalizeCode(concept.scheme, concept.code);
    return this.regionsOf(this.tables.regionCodes.get(codeKey(scheme, code)));
  }

  /**
   * Maps a study's BodyPartExamined values and anatomic region codes to the
   * region list. What maps to no region is returned as display text, never dropped.
   */
  studyAnatomy(study: Pick<Study, 'bodyParts' | 'anatomicRegions'>): StudyAnatomy {
    const regionIds = new Set<string>();
    const unmapped: string[] = [];
    const addUnmapped = (text: string): void => {
      if (text !== '' && !unmapped.includes(text)) unmapped.push(text);
    };

    for (const part of Array.isArray(study?.bodyParts) ? study.bodyParts : []) {
      if (typeof part !== 'string') continue;
      const regions = this.resolveBodyPart(part);
      if (regions.length === 0) addUnmapped(part.trim());
      for (const region of regions) regionIds.add(region.id);
    }
    for (const concept of Array.isArray(study?.anatomicRegions) ? study.anatomicRegions : []) {
      if (typeof concept !== 'object' || concept === null || typeof concept.code !== 'string') continue;
      const regions = this.resolveRegionCode(concept);
      if (regions.length === 0) {
        const meaning = typeof concept.meaning === 'string' ? concept.meaning.trim() : '';
        addUnmapped(meaning !== '' ? meaning : [concept.scheme, concept.code].filter(Boolean).join(' ').trim());
      }
      for (const region of regions) regionIds.add(region.id);
    }
    return { regions: this.regionList.filter((region) => regionIds.has(region.id)), unmapped };
  }

  /**
   * Returns a new terminology with an institution's configuration applied
   * over this one. Accepts the configuration as JSON text or as an object.
   * Throws `TerminologyConfigError` naming every invalid value, such as a
   * synonym of an unknown code or a body part mapped to an unknown region.
   */
  extend(config: TerminologyConfig | string): Terminology {
    const parsed = parseTerminologyConfig(config);
    const tables = copyTables(this.tables);
    const problems: string[] = [];
    applyGroups(tables, parsed, problems);
    applyRegions(tables, parsed, problems);
    applyModalities(tables, parsed, problems);
    applyBodyParts(tables, parsed, problems);
    applyRegionCodes(tables, parsed, problems);
    if (problems.length > 0) throw new TerminologyConfigError(problems);
    return new Terminology(tables);
  }

  private otherGroup(): ModalityGroup {
    return this.tables.groups.get(OTHER_MODALITY_GROUP) as ModalityGroup;
  }

  private regionsOf(ids: readonly string[] | undefined): readonly BodyRegion[] {
    if (ids === undefined) return [];
    return ids.flatMap((id) => this.tables.regions.get(id) ?? []);
  }
}

function applyGroups(tables: TerminologyTables, config: TerminologyConfig, problems: string[]): void {
  for (const [id, change] of Object.entries(config.modalityGroups ?? {})) {
    const existing = tables.groups.get(id);
    const names = mergeNames(existing?.names, change.names);
    const kind = change.kind ?? existing?.kind;
    if (names === undefined || kind === undefined) {
      problems.push(`$.modalityGroups.${id} is a new group and needs "kind" and an English name in "names.en".`);
      continue;
    }
    if (existing !== undefined) {
      tables.groups.set(id, { id, kind, names });
      continue;
    }
    // New groups go before `other`, which stays last.
    const entries = [...tables.groups.entries()];
    const otherIndex = entries.findIndex(([groupId]) => groupId === OTHER_MODALITY_GROUP);
    entries.splice(otherIndex === -1 ? entries.length : otherIndex, 0, [id, { id, kind, names }]);
    tables.groups = new Map(entries);
  }
}

function applyRegions(tables: TerminologyTables, config: TerminologyConfig, problems: string[]): void {
  for (const [id, change] of Object.entries(config.bodyRegions ?? {})) {
    const names = mergeNames(tables.regions.get(id)?.names, change.names);
    if (names === undefined) {
      problems.push(`$.bodyRegions.${id} is a new region and needs an English name in "names.en".`);
      continue;
    }
    tables.regions.set(id, { id, names });
  }
}

function applyModalities(tables: TerminologyTables, config: TerminologyConfig, problems: string[]): void {
  const entries = Object.entries(config.modalities ?? {});
  const synonymOf = (definition: (typeof entries)[number][1]): string | undefined =>
    typeof definition === 'string' ? definition : definition.sameAs;

  // Definitions first, so that synonyms may point at codes that the same configuration adds.
  for (const [rawCode, definition] of entries) {
    if (synonymOf(definition) !== undefined || typeof definition === 'string') continue;
    const code = rawCode.trim().toUpperCase();
    const at = `$.modalities[${JSON.stringify(rawCode)}]`;
    const existing = tables.modalities.get(code);
    const groupId = definition.group?.trim() ?? existing?.group;
    const group = groupId === undefined ? undefined : tables.groups.get(groupId);
    if (group === undefined) {
      problems.push(
        groupId === undefined
          ? `${at} is a new code and needs a "group".`
          : `${at}.group: there is no group "${groupId}"; known groups are ${[...tables.groups.keys()].join(', ')}.`,
      );
      continue;
    }
    const names = mergeNames(existing?.names ?? { en: code }, definition.names) ?? { en: code };
    tables.modalities.set(code, {
      code,
      group: group.id,
      kind: definition.kind ?? existing?.kind ?? group.kind,
      names,
      retired: existing?.retired ?? false,
    });
    tables.configuredSynonyms.delete(terminologyLookupKey(code));
  }

  for (const [rawCode, definition] of entries) {
    const target = synonymOf(definition);
    if (target === undefined) continue;
    const at = `$.modalities[${JSON.stringify(rawCode)}]`;
    const targetCode = target.trim().toUpperCase();
    const resolved = tables.modalities.has(targetCode)
      ? targetCode
      : (tables.configuredSynonyms.get(terminologyLookupKey(target)) ?? tables.synonyms.get(terminologyLookupKey(target)));
    if (resolved === undefined || !tables.modalities.has(resolved)) {
      problems.push(`${at}: "${target}" is not a known modality code; define it in "modalities" first.`);
      continue;
    }
    const key = terminologyLookupKey(rawCode);
    if (key === '') {
      problems.push(`${at}: a modality code must contain letters or digits.`);
      continue;
    }
    tables.configuredSynonyms.set(key, resolved);
  }
}

function checkRegionIds(tables: TerminologyTables, regions: string | string[], at: string, problems: string[]): string[] | undefined {
  const ids = (typeof regions === 'string' ? [regions] : regions).map((id) => id.trim());
  const unknown = ids.filter((id) => !tables.regions.has(id));
  if (unknown.length === 0) return ids;
  problems.push(`${at}: unknown region ${unknown.map((id) => `"${id}"`).join(', ')}; known regions are ${[...tables.regions.keys()].join(', ')}.`);
  return undefined;
}

function applyBodyParts(tables: TerminologyTables, config: TerminologyConfig, problems: string[]): void {
  for (const [spelling, regions] of Object.entries(config.bodyParts ?? {})) {
    const ids = checkRegionIds(tables, regions, `$.bodyParts[${JSON.stringify(spelling)}]`, problems);
    if (ids === undefined) continue;
    const key = terminologyLookupKey(spelling);
    if (ids.length === 0) tables.bodyParts.delete(key);
    else tables.bodyParts.set(key, ids);
  }
}

function applyRegionCodes(tables: TerminologyTables, config: TerminologyConfig, problems: string[]): void {
  (config.regionCodes ?? []).forEach((entry, index) => {
    const ids = checkRegionIds(tables, entry.regions, `$.regionCodes[${index}].regions`, problems);
    if (ids === undefined) return;
    const { scheme, code } = normalizeCode(entry.scheme, entry.code);
    const key = codeKey(scheme, code);
    if (ids.length === 0) tables.regionCodes.delete(key);
    else tables.regionCodes.set(key, ids);
  });
}

/** Returns the built-in terminology, shared by every caller that gives none. */
export function defaultTerminology(): Terminology {
  return Terminology.builtIn();
}

/**
 * Creates a terminology from the built-in tables with an institution's
 * configuration applied, given as JSON text or an object. Throws
 * `TerminologyConfigError` for an invalid configuration.
 */
export function createTerminology(config?: TerminologyConfig | string): Terminology {
  return config === undefined ? defaultTerminology() : defaultTerminology().extend(config);
}
