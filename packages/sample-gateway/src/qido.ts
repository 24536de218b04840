/**
 * QIDO-RS (PS3.18 section 10.6): parsing of search parameters, attribute
 * matching and the DICOM JSON results for the study, series and instance
 * levels.
 */
import { normalizeUid, type DicomJsonAttribute, type DicomJsonDataset } from '@studyline/core';
import { describeTag, dictionaryVr, isSequenceOrBinaryTag, resolveTag } from './dicom-file.js';
import type { InstanceRecord, InstanceStore } from './store.js';

export type QueryLevel = 'study' | 'series' | 'instance';

/** A search request that this gateway cannot run. The server responds with 400 and the message. */
export class QueryError extends Error {
  override readonly name = 'QueryError';
}

export interface QidoQuery {
  /** Match values by tag. Repeated parameters add values, and a record matches any of them. */
  matches: Map<string, string[]>;
  /** Tags to return besides the level's default attributes. */
  includeTags: Set<string>;
  includeAll: boolean;
  limit?: number;
  offset: number;
}

/** Parameters that are not attribute keys (PS3.18 section 8.3.4). */
const CONTROL_PARAMETERS = new Set(['limit', 'offset', 'includefield', 'fuzzymatching']);

function parseCount(name: string, value: string, minimum: number): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < minimum) {
    throw new QueryError(`The ${name} parameter must be an integer of at least ${minimum}, not "${value}".`);
  }
  return Number(value);
}

/**
 * Parses QIDO-RS query parameters. Keys are DICOM keywords or tags, and
 * `includefield` takes comma-separated lists, repeats and `all`. An empty
 * match value requests the attribute without filtering (universal matching).
 * Throws QueryError for unknown parameters, invalid numbers and sequence
 * matching, which this gateway does not support.
 */
export function parseQidoQuery(parameters: URLSearchParams): QidoQuery {
  const query: QidoQuery = { matches: new Map(), includeTags: new Set(), includeAll: false, offset: 0 };
  const seenControls = new Set<string>();
  for (const [name, value] of parameters) {
    const control = name.toLowerCase();
    if (CONTROL_PARAMETERS.has(control)) {
      if ((control === 'limit' || control === 'offset') && seenControls.has(control)) {
        throw new QueryError(`The ${control} parameter is given more than once.`);
      }
      seenControls.add(control);
      if (control === 'limit') query.limit = parseCount('limit', value, 1);
      else if (control === 'offset') query.offset = parseCount('offset', value, 0);
      else if (control === 'fuzzymatching') {
        if (value !== 'true' && value !== 'false') throw new QueryError(`The fuzzymatching parameter must be true or false, not "${value}".`);
      } else {
        for (const field of value.split(',').map((item) => item.trim()).filter((item) => item !== '')) {
          if (field.toLowerCase() === 'all') {
            query.includeAll = true;
            continue;
          }
          const tag = resolveTag(field);
          if (tag === undefined) throw new QueryError(`The includefield value "${field}" is not a DICOM keyword or tag.`);
          query.includeTags.add(tag);
        }
      }
      continue;
    }
    if (name.includes('.')) {
      throw new QueryError(`Matching on attributes inside sequences ("${name}") is not supported by this gateway.`);
    }
    const tag = resolveTag(name);
    if (tag === undefined) {
      throw new QueryError(`Unknown query parameter "${name}": it is neither a QIDO-RS parameter nor a DICOM keyword or tag.`);
    }
    if (isSequenceOrBinaryTag(tag)) {
      throw new QueryError(`Attribute "${name}" is a sequence or binary attribute, which QIDO-RS cannot match on.`);
    }
    if (value === '') {
      query.includeTags.add(tag);
      continue;
    }
    const values = query.matches.get(tag) ?? [];
    values.push(value);
    query.matches.set(tag, values);
  }
  return query;
}

// --- Matching ---

const DATE_RANGE = /^(\d{8})?-(\d{8})?$/;
const SINGLE_DATE = /^\d{8}$/;
const TIME_VALUE = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/;

/** Pads a TM value to `HHMMSS.ffffff` so that times of different precision compare as text. */
function normalizeTime(time: string): string {
  const [whole, fraction = ''] = time.split('.');
  return `${whole.padEnd(6, '0')}.${fraction.padEnd(6, '0')}`;
}

function rangeMatcher(tag: string, value: string, kind: 'DA' | 'TM'): (candidate: string) => boolean {
  const valid = kind === 'DA' ? SINGLE_DATE : TIME_VALUE;
  const normalize = kind === 'DA' ? (text: string) => text : normalizeTime;
  if (valid.test(value)) return (candidate) => normalize(candidate) === normalize(value);
  const dash = value.indexOf('-');
  const from = dash === -1 ? '' : value.slice(0, dash);
  const to = dash === -1 ? '' : value.slice(dash + 1);
  const validRange =
    dash !== -1 && (from !== '' || to !== '') && (from === '' || valid.test(from)) && (to === '' || valid.test(to));
  if (kind === 'DA' && !DATE_RANGE.test(value)) {
    throw new QueryError(`The value "${value}" for ${describeTag(tag)} is not a DICOM date (YYYYMMDD) or date range (A-B, A-, -B).`);
  }
  if (!validRange) throw new QueryError(`The value "${value}" for ${describeTag(tag)} is not a valid ${kind} value or range.`);
  return (candidate) => {
    const normalized = normalize(candidate);
    return (from === '' || normalized >= normalize(from)) && (to === '' || normalized <= normalize(to));
  };
}

function wildcardMatcher(value: string, ignoreCase: boolean): (candidate: string) => boolean {
  if (!/[*?]/.test(value)) {
    return ignoreCase ? (candidate) => candidate.toLowerCase() === value.toLowerCase() : (candidate) => candidate === value;
  }
  const pattern = value.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${pattern}$`, ignoreCase ? 'i' : '');
  return (candidate) => regex.test(candidate);
}

/** Attributes that identify the patient: exact matching only, because wildcards would let a search find other patients. */
const EXACT_MATCH_TAGS = new Set(['00100020', '00100021']);

/** Builds the test of one query value against one attribute's values, following the attribute's VR. */
function valueMatcher(tag: string, value: string): (candidate: string) => boolean {
  const vr = dictionaryVr(tag);
  if (EXACT_MATCH_TAGS.has(tag)) return (candidate) => candidate === value;
  if (vr === 'UI') {
    const uids = new Set(value.split(/[,\\]/).map((uid) => normalizeUid(uid)).filter((uid) => uid !== ''));
    return (candidate) => uids.has(normalizeUid(candidate));
  }
  if (vr === 'DA') return rangeMatcher(tag, value, 'DA');
  if (vr === 'TM') return rangeMatcher(tag, value, 'TM');
  if (vr === 'CS') {
    // A list of code strings, such as ModalitiesInStudy=CT,MR, matches any of them.
    const matchers = value.split(/[,\\]/).filter((item) => item !== '').map((item) => wildcardMatcher(item, false));
    return (candidate) => matchers.some((matcher) => matcher(candidate));
  }
  if (vr !== undefined && /^(DS|IS|US|SS|UL|SL|FL|FD|SV|UV)$/.test(vr)) {
    const number = Number(value);
    if (!Number.isFinite(number)) throw new QueryError(`The value "${value}" for ${describeTag(tag)} is not a number.`);
    return (candidate) => Number(candidate) === number;
  }
  return wildcardMatcher(value, vr === 'PN');
}

/** Returns the values of an attribute as text for matching, person names by their component groups. */
function attributeTexts(attribute: DicomJsonAttribute | undefined): string[] {
  if (attribute === undefined || !Array.isArray(attribute.Value)) return [];
  const texts: string[] = [];
  for (const value of attribute.Value) {
    if (typeof value === 'string' || typeof value === 'number') texts.push(String(value));
    else if (typeof value === 'object' && value !== null && attribute.vr === 'PN') {
      for (const group of Object.values(value as Record<string, unknown>)) if (typeof group === 'string') texts.push(group);
    }
  }
  return texts;
}

// --- Result attributes ---

/** Attributes every study result carries (PS3.18 table 10.6.3-3, with IssuerOfPatientID). */
const STUDY_DEFAULT_TAGS = [
  '00080005', '00080020', '00080030', '00080050', '00080056', '00080061', '00080090', '00080201', '00081190',
  '00100010', '00100020', '00100021', '00100030', '00100040', '0020000D', '00200010', '00201206', '00201208',
];
/** Added by `includefield=all` at the study level. */
const STUDY_ALL_TAGS = ['00080051', '00080062', '00080080', '00081030', '00081060', '00180015'];
/** Attributes every series result carries (PS3.18 table 10.6.3-4, with the study UID, SeriesDate and SeriesTime). */
const SERIES_DEFAULT_TAGS = [
  '00080005', '00080021', '00080031', '00080056', '00080060', '00080201', '0008103E', '00081190', '0020000D',
  '0020000E', '00200011', '00201209',
];
const SERIES_ALL_TAGS = ['00080070', '00080080', '00180015', '00181030', '00200060'];
/** Attributes every instance result carries (PS3.18 table 10.6.3-5, with the study and series UIDs and Modality). */
const INSTANCE_DEFAULT_TAGS = [
  '00080005', '00080016', '00080018', '00080056', '00080060', '00080201', '00081190', '0020000D', '0020000E',
  '00200013', '00280008', '00280010', '00280011', '00280100',
];
const DEFAULT_TAGS: Readonly<Record<QueryLevel, readonly string[]>> = {
  study: STUDY_DEFAULT_TAGS,
  series: SERIES_DEFAULT_TAGS,
  instance: INSTANCE_DEFAULT_TAGS,
};
const ALL_TAGS: Readonly<Record<'study' | 'series', readonly string[]>> = { study: STUDY_ALL_TAGS, series: SERIES_ALL_TAGS };

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function uniqueStrings(values: Iterable<string | undefined>): string[] {
  const unique: string[] = [];
  for (const value of values) if (value !== undefined && value !== '' && !unique.includes(value)) unique.push(value);
  return unique;
}

function firstText(dataset: DicomJsonDataset, tag: string): string | undefined {
  const values = dataset[tag]?.Value;
  const value = Array.isArray(values) ? values[0] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Computes the attributes of a study, series or instance that no single file holds. */
function computedAttributes(level: QueryLevel, instances: readonly InstanceRecord[], retrieveUrl: string): DicomJsonDataset {
  const computed: DicomJsonDataset = {
    '00080056': { vr: 'CS', Value: ['ONLINE'] },
    '00081190': { vr: 'UR', Value: [retrieveUrl] },
  };
  if (level === 'study') {
    const modalities = uniqueStrings(instances.map((instance) => firstText(instance.dataset, '00080060')));
    const sopClasses = uniqueStrings(instances.map((instance) => instance.sopClassUid));
    const bodyParts = uniqueStrings(instances.map((instance) => firstText(instance.dataset, '00180015')));
    const seriesCount = new Set(instances.map((instance) => instance.seriesInstanceUid)).size;
    computed['00080061'] = modalities.length > 0 ? { vr: 'CS', Value: modalities } : { vr: 'CS' };
    computed['00080062'] = { vr: 'UI', Value: sopClasses };
    computed['00201206'] = { vr: 'IS', Value: [seriesCount] };
    computed['00201208'] = { vr: 'IS', Value: [instances.length] };
    // Body parts of all series, since a study-level attribute has no single file to come from.
    if (bodyParts.length > 0) computed['00180015'] = { vr: 'CS', Value: bodyParts };
  } else if (level === 'series') {
    computed['00201209'] = { vr: 'IS', Value: [instances.length] };
  }
  return computed;
}

/** Finds an attribute's value for a group of instances: the first instance that has a value wins. */
function firstAttribute(instances: readonly InstanceRecord[], tag: string): DicomJsonAttribute | undefined {
  let empty: DicomJsonAttribute | undefined;
  for (const instance of instances) {
    const attribute = instance.dataset[tag];
    if (attribute === undefined) continue;
    if (attribute.Value !== undefined || attribute.InlineBinary !== undefined) return attribute;
    empty ??= attribute;
  }
  return empty;
}

function buildResult(
  level: QueryLevel,
  instances: readonly InstanceRecord[],
  retrieveUrl: string,
  query: QidoQuery,
): DicomJsonDataset {
  const computed = computedAttributes(level, instances, retrieveUrl);
  const defaults = DEFAULT_TAGS[level];
  const tags = new Set([...defaults, ...query.includeTags]);
  if (query.includeAll) {
    // At the instance level `all` means every attribute of the file.
    const extra = level === 'instance' ? Object.keys(instances[0]?.dataset ?? {}) : ALL_TAGS[level];
    for (const tag of extra) tags.add(tag);
    for (const tag of Object.keys(computed)) tags.add(tag);
  }

  const result: DicomJsonDataset = {};
  for (const tag of [...tags].sort()) {
    const attribute = computed[tag] ?? firstAttribute(instances, tag);
    if (attribute !== undefined) {
      result[tag] = attribute;
    } else if (defaults.includes(tag) && tag !== '00280008') {
      // A default return attribute without a value is sent empty (PS3.18 section 10.6.3.3).
      result[tag] = { vr: dictionaryVr(tag) ?? 'UN' };
    }
  }
  return result;
}

// --- Searches ---

export interface SearchScope {
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
}

export interface SearchOutcome {
  results: DicomJsonDataset[];
  /** Text of a `Warning: 299` header, when the source capped the result. */
  warning?: string;
}

interface Candidate {
  instances: InstanceRecord[];
  retrieveUrl: string;
}

/** Tells whether a group of instances matches every match key: one instance value matching one query value is enough. */
function candidateMatches(
  level: QueryLevel,
  candidate: Candidate,
  matchers: readonly { tag: string; test: (value: string) => boolean }[],
): boolean {
  const computed = computedAttributes(level, candidate.instances, candidate.retrieveUrl);
  return matchers.every(({ tag, test }) => {
    const texts =
      computed[tag] !== undefined
        ? attributeTexts(computed[tag])
        : candidate.instances.flatMap((instance) => attributeTexts(instance.dataset[tag]));
    return texts.some(test);
  });
}

function compareStudiesNewestFirst(a: Candidate, b: Candidate): number {
  const dateA = firstText(a.instances[0].dataset, '00080020');
  const dateB = firstText(b.instances[0].dataset, '00080020');
  if (dateA === undefined || dateB === undefined) {
    if (dateA !== dateB) return dateA === undefined ? 1 : -1;
  } else if (dateA !== dateB) {
    return dateA < dateB ? 1 : -1;
  }
  const timeA = normalizeTime(firstText(a.instances[0].dataset, '00080030') ?? '');
  const timeB = normalizeTime(firstText(b.instances[0].dataset, '00080030') ?? '');
  if (timeA !== timeB) return timeA < timeB ? 1 : -1;
  return compareText(a.instances[0].studyInstanceUid, b.instances[0].studyInstanceUid);
}

function groupBy<K>(instances: readonly InstanceRecord[], key: (instance: InstanceRecord) => K): InstanceRecord[][] {
  const groups = new Map<K, InstanceRecord[]>();
  for (const instance of instances) {
    const list = groups.get(key(instance));
    if (list) list.push(instance);
    else groups.set(key(instance), [instance]);
  }
  return [...groups.values()];
}

export interface SearchContext {
  store: InstanceStore;
  /** Base URL of the source's DICOMweb root, without a trailing slash, for RetrieveURL. */
  baseUrl: string;
  /** Maximum number of study results, beyond which the source reports truncation. */
  maxResults?: number;
  /** Warn-agent of Warning headers, such as `127.0.0.1:8080`. */
  warnAgent: string;
}

/**
 * Runs a QIDO-RS search at one level within a scope. Studies come newest
 * first with undated ones last, series by SeriesNumber and instances by
 * InstanceNumber. A source with `maxResults` returns at most that many
 * studies and a warning, and `offset` does not reach the studies beyond the cap.
 */
export function search(level: QueryLevel, scope: SearchScope, query: QidoQuery, context: SearchContext): SearchOutcome {
  const { store, baseUrl } = context;
  const matchers = [...query.matches].flatMap(([tag, values]) => {
    const tests = values.map((value) => valueMatcher(tag, value));
    return [{ tag, test: (candidate: string) => tests.some((test) => test(candidate)) }];
  });

  const scoped = scope.studyInstanceUid !== undefined
    ? store.studyInstances(scope.studyInstanceUid, scope.seriesInstanceUid)
    : store.allInstances();

  let candidates: Candidate[];
  if (level === 'study') {
    candidates = groupBy(scoped, (instance) => instance.studyInstanceUid).map((instances) => ({
      instances,
      retrieveUrl: `${baseUrl}/studies/${instances[0].studyInstanceUid}`,
    }));
  } else if (level === 'series') {
    candidates = groupBy(scoped, (instance) => instance.seriesInstanceUid).map((instances) => ({
      instances,
      retrieveUrl: `${baseUrl}/studies/${instances[0].studyInstanceUid}/series/${instances[0].seriesInstanceUid}`,
    }));
  } else {
    candidates = scoped.map((instance) => ({
      instances: [instance],
      retrieveUrl: `${baseUrl}/studies/${instance.studyInstanceUid}/series/${instance.seriesInstanceUid}/instances/${instance.sopInstanceUid}`,
    }));
  }

  let matched = candidates.filter((candidate) => candidateMatches(level, candidate, matchers));
  if (level === 'study') matched.sort(compareStudiesNewestFirst);

  let warning: string | undefined;
  if (level === 'study' && context.maxResults !== undefined && matched.length > context.maxResults) {
    warning = `299 ${context.warnAgent} "Result limited to ${context.maxResults} of ${matched.length} matching studies"`;
    matched = matched.slice(0, context.maxResults);
  }
  const end = query.limit === undefined ? undefined : query.offset + query.limit;
  const page = matched.slice(query.offset, end);
  return {
    results: page.map((candidate) => buildResult(level, candidate.instances, candidate.retrieveUrl, query)),
    warning,
  };
}
