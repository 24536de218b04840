/**
 * The JSON configuration with which an institution extends or overrides the
 * built-in terminology, and its validation.
 */
import { StudylineError } from '../errors.js';
import type { ModalityKind } from './types.js';

/** Display names by language tag; `en` is required for a new entry. */
export type NamesConfig = Record<string, string>;

/**
 * An institution's additions and changes to the terminology, loaded at run
 * time, for example from a JSON file next to the page:
 *
 * ```json
 * {
 *   "modalities": { "XR": "DX", "ECHO-HART": { "group": "us", "names": { "en": "Echocardiography", "nl": "Echo hart" } } },
 *   "modalityGroups": { "xray": { "names": { "nl": "Röntgenfoto" } } },
 *   "bodyParts": { "BORST": "chest", "THX": ["chest"] },
 *   "regionCodes": [{ "scheme": "2.16.840.1.113883.6.96", "code": "51185008", "regions": "chest" }]
 * }
 * ```
 */
export interface TerminologyConfig {
  /** New groups (with `kind` and `names.en`), or other names or kind for an existing group. */
  modalityGroups?: Record<string, { kind?: ModalityKind; names?: NamesConfig }>;
  /**
   * Local codes and changes to defined terms, keyed by the code as sent. A
   * string makes the key a synonym of that code (`"XR": "DX"`). An object
   * defines a new code (with `group`) or changes an existing one's group,
   * kind or names. An object with `sameAs` is the same as a string value.
   */
  modalities?: Record<string, string | { sameAs?: string; group?: string; kind?: ModalityKind; names?: NamesConfig }>;
  /** New regions (with `names.en`), or other names for an existing region. */
  bodyRegions?: Record<string, { names?: NamesConfig }>;
  /** BodyPartExamined values or local spellings and the region ids they map to; `[]` removes a built-in mapping. */
  bodyParts?: Record<string, string | string[]>;
  /** Coded anatomic regions in any writing of their scheme, and their region ids; `[]` removes a built-in mapping. */
  regionCodes?: { scheme: string; code: string; regions: string | string[] }[];
}

/** A terminology configuration that is not valid JSON or does not have the expected shape. */
export class TerminologyConfigError extends StudylineError {
  /** Every problem found, each naming the JSON path of the offending value. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    const listed = problems.slice(0, 5).join(' ');
    const more = problems.length > 5 ? ` (${problems.length - 5} more problems)` : '';
    super('invalid-argument', `Invalid terminology configuration: ${listed}${more}`);
    this.problems = problems;
  }
}

const TOP_LEVEL_KEYS = ['modalityGroups', 'modalities', 'bodyRegions', 'bodyParts', 'regionCodes'];
const KINDS: readonly ModalityKind[] = ['image', 'waveform', 'report', 'object'];
const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : `a ${typeof value}`;
}

function path(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

function checkNames(value: unknown, at: string, problems: string[]): void {
  if (value === undefined) return;
  if (!isRecord(value)) {
    problems.push(`${at} must be an object of names by language tag, such as {"en": "Chest"}, not ${describe(value)}.`);
    return;
  }
  for (const [language, name] of Object.entries(value)) {
    if (typeof name !== 'string' || name.trim() === '') problems.push(`${path(at, language)} must be a non-empty string.`);
  }
}

function checkKnownKeys(value: Record<string, unknown>, allowed: readonly string[], at: string, problems: string[]): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push(`${path(at, key)} is not a known setting; use ${allowed.join(', ')}.`);
  }
}

function checkKind(value: unknown, at: string, problems: string[]): void {
  if (value !== undefined && !KINDS.includes(value as ModalityKind)) {
    problems.push(`${at} must be one of ${KINDS.join(', ')}, not ${describe(value)}.`);
  }
}

function checkRegionList(value: unknown, at: string, problems: string[]): void {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string' || item.trim() === '')) {
    problems.push(`${at} must be a region id or an array of region ids, not ${describe(value)}.`);
  }
}

/**
 * Parses a configuration given as JSON text, or checks one given as an
 * object, and returns it typed. Throws `TerminologyConfigError` listing every
 * problem with its JSON path. Checks the shape only; unknown group and region
 * ids are found when the configuration is applied.
 */
export function parseTerminologyConfig(input: unknown): TerminologyConfig {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new TerminologyConfigError([`The text is not valid JSON (${reason}).`]);
    }
  }
  if (!isRecord(value)) throw new TerminologyConfigError([`The configuration must be a JSON object, not ${describe(value)}.`]);

  const problems: string[] = [];
  checkKnownKeys(value, TOP_LEVEL_KEYS, '$', problems);
  checkGroups(value.modalityGroups, problems);
  checkModalities(value.modalities, problems);
  checkRegions(value.bodyRegions, problems);
  checkBodyParts(value.bodyParts, problems);
  checkRegionCodes(value.regionCodes, problems);
  if (problems.length > 0) throw new TerminologyConfigError(problems);
  return value as TerminologyConfig;
}

function checkGroups(groups: unknown, problems: string[]): void {
  if (groups === undefined) return;
  if (!isRecord(groups)) {
    problems.push(`$.modalityGroups must be an object keyed by group id, not ${describe(groups)}.`);
    return;
  }
  for (const [id, group] of Object.entries(groups)) {
    const at = path('$.modalityGroups', id);
    if (!ID_PATTERN.test(id)) problems.push(`${at}: a group id must be lower-case letters, digits and hyphens.`);
    if (!isRecord(group)) {
      problems.push(`${at} must be an object with "kind" and "names", not ${describe(group)}.`);
      continue;
    }
    checkKnownKeys(group, ['kind', 'names'], at, problems);
    checkKind(group.kind, `${at}.kind`, problems);
    checkNames(group.names, `${at}.names`, problems);
  }
}

function checkModalities(modalities: unknown, problems: string[]): void {
  if (modalities === undefined) return;
  if (!isRecord(modalities)) {
    problems.push(`$.modalities must be an object keyed by modality code, not ${describe(modalities)}.`);
    return;
  }
  for (const [code, definition] of Object.entries(modalities)) {
    const at = path('$.modalities', code);
    if (code.trim() === '') problems.push(`${at}: a modality code must not be empty.`);
    if (typeof definition === 'string') {
      if (definition.trim() === '') problems.push(`${at} must name the code it stands for, such as "DX".`);
      continue;
    }
    if (!isRecord(definition)) {
      problems.push(`${at} must be a code such as "DX" or an object with "group", "kind" and "names", not ${describe(definition)}.`);
      continue;
    }
    checkKnownKeys(definition, ['sameAs', 'group', 'kind', 'names'], at, problems);
    if (definition.sameAs !== undefined) {
      if (typeof definition.sameAs !== 'string' || definition.sameAs.trim() === '') problems.push(`${at}.sameAs must be a modality code.`);
      if (definition.group !== undefined || definition.kind !== undefined || definition.names !== undefined) {
        problems.push(`${at} has "sameAs" together with "group", "kind" or "names"; a synonym takes those of the code it stands for.`);
      }
    }
    if (definition.group !== undefined && (typeof definition.group !== 'string' || definition.group.trim() === '')) {
      problems.push(`${at}.group must be a group id such as "xray".`);
    }
    checkKind(definition.kind, `${at}.kind`, problems);
    checkNames(definition.names, `${at}.names`, problems);
  }
}

function checkRegions(regions: unknown, problems: string[]): void {
  if (regions === undefined) return;
  if (!isRecord(regions)) {
    problems.push(`$.bodyRegions must be an object keyed by region id, not ${describe(regions)}.`);
    return;
  }
  for (const [id, region] of Object.entries(regions)) {
    const at = path('$.bodyRegions', id);
    if (!ID_PATTERN.test(id)) problems.push(`${at}: a region id must be lower-case letters, digits and hyphens.`);
    if (!isRecord(region)) {
      problems.push(`${at} must be an object with "names", not ${describe(region)}.`);
      continue;
    }
    checkKnownKeys(region, ['names'], at, problems);
    checkNames(region.names, `${at}.names`, problems);
  }
}

function checkBodyParts(bodyParts: unknown, problems: string[]): void {
  if (bodyParts === undefined) return;
  if (!isRecord(bodyParts)) {
    problems.push(`$.bodyParts must be an object keyed by body part, not ${describe(bodyParts)}.`);
    return;
  }
  for (const [spelling, regions] of Object.entries(bodyParts)) {
    const at = path('$.bodyParts', spelling);
    if (spelling.replace(/[^A-Za-z0-9]/g, '') === '') problems.push(`${at}: a body part must contain letters or digits.`);
    checkRegionList(regions, at, problems);
  }
}

function checkRegionCodes(regionCodes: unknown, problems: string[]): void {
  if (regionCodes === undefined) return;
  if (!Array.isArray(regionCodes)) {
    problems.push(`$.regionCodes must be an array of {"scheme", "code", "regions"} objects, not ${describe(regionCodes)}.`);
    return;
  }
  regionCodes.forEach((entry: unknown, index) => {
    const at = `$.regionCodes[${index}]`;
    if (!isRecord(entry)) {
      problems.push(`${at} must be an object with "scheme", "code" and "regions", not ${describe(entry)}.`);
      return;
    }
    checkKnownKeys(entry, ['scheme', 'code', 'regions'], at, problems);
    if (typeof entry.scheme !== 'string' || entry.scheme.trim() === '') problems.push(`${at}.scheme must be a coding scheme such as "SCT".`);
    if (typeof entry.code !== 'string' || entry.code.trim() === '') problems.push(`${at}.code must be a non-empty string.`);
    checkRegionList(entry.regions, `${at}.regions`, problems);
  });
}
