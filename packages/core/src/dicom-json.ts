/**
 * Tolerant reading of the DICOM JSON model (PS3.18 annex F).
 *
 * Servers differ in what they send for the same attribute. Every reader here
 * accepts, for any tag and VR:
 * - an attribute without `Value`, with `Value: []`, or with `null` entries (empty);
 * - a bare value where an array belongs;
 * - several values joined with the DICOM separator `\` in one string;
 * - values made only of the matching wildcards `*` and `?`, which some servers echo back;
 * - numbers (IS, DS and the binary number VRs) sent as JSON strings, padded with spaces or in exponent form;
 * - person names as `{Alphabetic}`, as a bare string, or with an array inside `Alphabetic`;
 * - tag keys in lower-case hexadecimal.
 * A value that cannot be read is skipped and reported to the `onWarning`
 * callback without the value itself, and the rest of the dataset stays readable.
 */
import type { CodedConcept, PersonName } from './model.js';

export interface DicomJsonAttribute {
  vr?: string;
  Value?: unknown;
  BulkDataURI?: string;
  InlineBinary?: string;
}

/** One dataset in the DICOM JSON model: attributes keyed by 8-digit tag. */
export type DicomJsonDataset = Record<string, DicomJsonAttribute | undefined>;

/** Receives reading problems as plain sentences without values. */
export type WarningSink = (message: string) => void;

const lowerCaseTags = new Map<string, string>();

/** Returns an attribute, looking the tag up in upper and then lower case. */
export function getAttribute(dataset: DicomJsonDataset, tag: string): DicomJsonAttribute | undefined {
  const attribute = dataset[tag];
  if (attribute !== undefined) return typeof attribute === 'object' && attribute !== null ? attribute : undefined;
  let lower = lowerCaseTags.get(tag);
  if (lower === undefined) {
    lower = tag.toLowerCase();
    lowerCaseTags.set(tag, lower);
  }
  if (lower === tag) return undefined;
  const fallback = dataset[lower];
  return typeof fallback === 'object' && fallback !== null ? fallback : undefined;
}

/** Formats a tag as `(GGGG,EEEE)` for messages. */
export function formatTag(tag: string): string {
  const upper = tag.toUpperCase();
  return `(${upper.slice(0, 4)},${upper.slice(4, 8)})`;
}

/** Returns the raw values of an attribute as an array; empty when absent. */
export function readValues(dataset: DicomJsonDataset, tag: string): unknown[] {
  const attribute = getAttribute(dataset, tag);
  if (attribute === undefined) return [];
  const value = attribute.Value;
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function isWildcardOnly(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const character = text.charCodeAt(index);
    // '*' and '?'
    if (character !== 42 && character !== 63) return false;
  }
  return true;
}

function digitsOnly(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return false;
  }
  return true;
}

function pushStrings(target: string[], text: string): void {
  if (text.indexOf('\\') === -1) {
    const trimmed = text.replace(/\0+$/, '').trim();
    if (trimmed !== '' && !isWildcardOnly(trimmed)) target.push(trimmed);
    return;
  }
  for (const part of text.split('\\')) pushStrings(target, part);
}

/**
 * Reads the values of a string attribute (CS, LO, SH, UI, DA, TM and the
 * like), trimmed, with empty values and wildcard placeholders dropped.
 * Numbers are turned into their decimal text.
 */
export function readStrings(dataset: DicomJsonDataset, tag: string): string[] {
  const values = readValues(dataset, tag);
  const strings: string[] = [];
  for (const value of values) {
    if (typeof value === 'string') pushStrings(strings, value);
    else if (typeof value === 'number' && Number.isFinite(value)) strings.push(String(value));
  }
  return strings;
}

/** Reads the first value of a string attribute. */
export function readString(dataset: DicomJsonDataset, tag: string): string | undefined {
  const values = readValues(dataset, tag);
  // Fast path for the common shape: one plain string without separators.
  if (values.length === 1 && typeof values[0] === 'string') {
    const text = values[0];
    if (text.indexOf('\\') === -1) {
      const trimmed = text.trim();
      if (trimmed === '' || isWildcardOnly(trimmed)) return undefined;
      // UI values may be padded with NUL, which trim() keeps.
      return trimmed.charCodeAt(trimmed.length - 1) === 0 ? trimmed.replace(/\0+$/, '') : trimmed;
    }
  }
  return readStrings(dataset, tag)[0];
}

const DECIMAL_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseNumberText(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DECIMAL_PATTERN.test(trimmed)) return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : undefined;
}

/**
 * Reads the values of a number attribute (IS, DS, US, UL, SS, SL, FL, FD and
 * the like), whether sent as JSON numbers or as strings. A value that is not a
 * number becomes `null` in its position and is reported once per attribute.
 */
export function readNumbers(dataset: DicomJsonDataset, tag: string, onWarning?: WarningSink): (number | null)[] {
  const values = readValues(dataset, tag);
  const numbers: (number | null)[] = [];
  let invalid = false;
  const add = (value: unknown): void => {
    if (typeof value === 'number') {
      if (Number.isFinite(value)) numbers.push(value);
      else {
        numbers.push(null);
        invalid = true;
      }
      return;
    }
    if (typeof value !== 'string') {
      if (value !== null) {
        numbers.push(null);
        invalid = true;
      }
      return;
    }
    if (value.indexOf('\\') !== -1) {
      for (const part of value.split('\\')) add(part);
      return;
    }
    if (value.trim() === '') return;
    const number = parseNumberText(value);
    if (number === undefined) invalid = true;
    numbers.push(number ?? null);
  };
  for (const value of values) add(value);
  if (invalid && onWarning) {
    const vr = getAttribute(dataset, tag)?.vr ?? 'number';
    onWarning(`Attribute ${formatTag(tag)} contains a value that is not a valid ${vr} number; it is ignored.`);
  }
  return numbers;
}

/** Reads the first value of a number attribute; `undefined` when absent or invalid. */
export function readNumber(dataset: DicomJsonDataset, tag: string, onWarning?: WarningSink): number | undefined {
  const values = readValues(dataset, tag);
  if (values.length === 1 && typeof values[0] === 'number' && Number.isFinite(values[0])) return values[0];
  // Fast path for the common IS shape: one string of digits.
  if (values.length === 1 && typeof values[0] === 'string') {
    const text = values[0].trim();
    if (text.length > 0 && text.length < 16 && digitsOnly(text)) return Number(text);
  }
  const first = readNumbers(dataset, tag, onWarning)[0];
  return first === null ? undefined : first;
}

/** Reads the first value of an integer attribute (IS and the like); a non-integral value is reported and skipped. */
export function readInteger(dataset: DicomJsonDataset, tag: string, onWarning?: WarningSink): number | undefined {
  const number = readNumber(dataset, tag, onWarning);
  if (number === undefined) return undefined;
  if (!Number.isInteger(number)) {
    onWarning?.(`Attribute ${formatTag(tag)} contains a value that is not an integer; it is ignored.`);
    return undefined;
  }
  return number;
}

function personNameGroup(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const group = personNameGroup(item);
      if (group !== undefined) return group;
    }
  }
  return undefined;
}

function personNameFromValue(value: unknown): PersonName | undefined {
  if (typeof value === 'string') {
    // A bare string may carry all three groups separated by '='.
    const [alphabetic, ideographic, phonetic] = value.split('=');
    const name: PersonName = {};
    const groups = { alphabetic, ideographic, phonetic };
    for (const [key, group] of Object.entries(groups)) {
      const text = personNameGroup(group);
      if (text !== undefined) name[key as keyof PersonName] = text;
    }
    return Object.keys(name).length === 0 ? undefined : name;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const name: PersonName = {};
  const alphabetic = personNameGroup(record.Alphabetic ?? record.alphabetic);
  const ideographic = personNameGroup(record.Ideographic ?? record.ideographic);
  const phonetic = personNameGroup(record.Phonetic ?? record.phonetic);
  if (alphabetic !== undefined) name.alphabetic = alphabetic;
  if (ideographic !== undefined) name.ideographic = ideographic;
  if (phonetic !== undefined) name.phonetic = phonetic;
  return Object.keys(name).length === 0 ? undefined : name;
}

/** Reads the values of a PN attribute, skipping empty names. */
export function readPersonNames(dataset: DicomJsonDataset, tag: string): PersonName[] {
  const names: PersonName[] = [];
  for (const value of readValues(dataset, tag)) {
    const name = personNameFromValue(value);
    if (name !== undefined) names.push(name);
  }
  return names;
}

/** Reads the first non-empty value of a PN attribute. */
export function readPersonName(dataset: DicomJsonDataset, tag: string): PersonName | undefined {
  return readPersonNames(dataset, tag)[0];
}

/** Reads the items of a sequence (SQ) attribute, skipping items that are not objects. */
export function readSequence(dataset: DicomJsonDataset, tag: string): DicomJsonDataset[] {
  const items: DicomJsonDataset[] = [];
  for (const value of readValues(dataset, tag)) {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) items.push(value as DicomJsonDataset);
  }
  return items;
}

// Code sequence item attributes (PS3.3 section 8.8).
const CODE_VALUE = '00080100';
const CODING_SCHEME_DESIGNATOR = '00080102';
const CODE_MEANING = '00080104';
const LONG_CODE_VALUE = '00080119';
const URN_CODE_VALUE = '00080120';

/** Reads the coded concepts of a code sequence; items without any code value are skipped. */
export function readCodes(dataset: DicomJsonDataset, tag: string): CodedConcept[] {
  const codes: CodedConcept[] = [];
  for (const item of readSequence(dataset, tag)) {
    const code = readString(item, CODE_VALUE) ?? readString(item, LONG_CODE_VALUE) ?? readString(item, URN_CODE_VALUE);
    if (code === undefined) continue;
    const concept: CodedConcept = { code };
    const scheme = readString(item, CODING_SCHEME_DESIGNATOR);
    const meaning = readString(item, CODE_MEANING);
    if (scheme !== undefined) concept.scheme = scheme;
    if (meaning !== undefined) concept.meaning = meaning;
    codes.push(concept);
  }
  return codes;
}

/**
 * Checks that a parsed JSON value is an array of datasets, the shape of every
 * QIDO-RS and metadata response. Items that are not objects are dropped and
 * counted, so one bad item does not hide the others.
 */
export function readDatasetArray(json: unknown): { datasets: DicomJsonDataset[]; skipped: number } {
  if (!Array.isArray(json)) {
    if (typeof json === 'object' && json !== null) return { datasets: [json as DicomJsonDataset], skipped: 0 };
    throw new TypeError('Expected a JSON array of DICOM datasets.');
  }
  const datasets: DicomJsonDataset[] = [];
  let skipped = 0;
  for (const item of json) {
    if (typeof item === 'object' && item !== null && !Array.isArray(item)) datasets.push(item as DicomJsonDataset);
    else skipped++;
  }
  return { datasets, skipped };
}
