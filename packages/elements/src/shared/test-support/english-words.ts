/**
 * Finds English words on screen in an element that shows another language,
 * for tests that render an element with `lang="nl"`.
 *
 * The words it looks for come from the English message catalog, the
 * terminology's English names and the English month names. Every word that
 * the Dutch counterparts also use is dropped, so "Retry" counts and "Status"
 * and "CT" do not. It reads the text and the accessible names (`aria-label`,
 * `title`, `placeholder` and the like) of the element's shadow root and of
 * every shadow root inside it.
 *
 * It leaves out text inside an element with `lang="en"`, such as an import's
 * technical details, which are English on purpose. It also leaves out words
 * in capitals, which are codes such as the BodyPartExamined value `CHEST`,
 * and the texts that the caller names as data, which the element shows as
 * its source sent them.
 */
import { defaultTerminology, localizedName, type LocalizedNames } from '@studyline/core';
import { en } from '../messages/en.js';
import { nl } from '../messages/nl.js';
import type { StudylineMessages } from '../messages/types.js';

/** Words shorter than this are left out, because short words such as "in", "is" and "op" occur in both languages. */
const MIN_WORD_LENGTH = 3;
const ATTRIBUTES = ['aria-label', 'aria-roledescription', 'aria-valuetext', 'title', 'placeholder', 'alt'];
/** Words of the English names that Dutch uses as well, although the Dutch names have another word ("Buik" for "Abdomen"). */
const DUTCH_TOO = ['abdomen'];
/** Modality codes whose English and Dutch names are checked, besides every modality group and body region. */
const MODALITY_CODES = ['CT', 'MR', 'CR', 'DX', 'US', 'MG', 'NM', 'PT', 'XA', 'RF', 'SR', 'DOC', 'KO', 'PR', 'SEG', 'ECG', 'OT'];

function wordsOf(text: string): string[] {
  return text
    .replace(/\{\w+\}/g, ' ')
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length >= MIN_WORD_LENGTH);
}

/** Returns the words of a text on screen, lower case, without the words in capitals. */
function shownWordsOf(text: string): string[] {
  return text
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length >= MIN_WORD_LENGTH && word !== word.toUpperCase())
    .map((word) => word.toLowerCase());
}

function catalogTexts(catalog: StudylineMessages): string[] {
  return Object.values(catalog).flatMap((message) => (typeof message === 'string' ? [message] : Object.values(message as Record<string, string>)));
}

function terminologyTexts(language: string): string[] {
  const terminology = defaultTerminology();
  const names: LocalizedNames[] = [
    ...terminology.modalityGroups.map((group) => group.names),
    ...terminology.bodyRegions.map((region) => region.names),
    ...MODALITY_CODES.map((code) => terminology.resolveModality(code).names),
  ];
  return names.map((entry) => localizedName(entry, language));
}

function monthNames(language: string): string[] {
  return Array.from({ length: 12 }, (_, month) => {
    const date = Date.UTC(2021, month, 15);
    return ['long', 'short'].map((length) => new Intl.DateTimeFormat(language, { month: length as 'long' | 'short', timeZone: 'UTC' }).format(date));
  }).flat();
}

function vocabulary(language: 'en' | 'nl'): Set<string> {
  const catalog = language === 'en' ? en : nl;
  const texts = [...catalogTexts(catalog), ...terminologyTexts(language), ...monthNames(language)];
  return new Set(texts.flatMap(wordsOf));
}

let englishOnly: ReadonlySet<string> | undefined;

/** Returns the words that only the English texts use. */
export function englishOnlyWords(): ReadonlySet<string> {
  if (englishOnly === undefined) {
    const dutch = new Set([...vocabulary('nl'), ...DUTCH_TOO]);
    englishOnly = new Set([...vocabulary('en')].filter((word) => !dutch.has(word)));
  }
  return englishOnly;
}

/** One English word found on screen, with the text that contains it and the place of that text. */
export interface EnglishWord {
  word: string;
  text: string;
  /** The tag and classes of the element that contains the text, and the attribute name when the text is an attribute's value. */
  where: string;
}

function describe(element: Element, attribute?: string): string {
  const classes = typeof element.className === 'string' && element.className.trim() !== '' ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
  return `${element.localName}${classes}${attribute === undefined ? '' : ` [${attribute}]`}`;
}

function isEnglishOnPurpose(node: Node): boolean {
  const element = node instanceof Element ? node : node.parentElement;
  return element?.closest('[lang="en"], style, script') != null;
}

function collectTexts(root: ShadowRoot, found: { text: string; where: string }[]): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    if (isEnglishOnPurpose(node)) continue;
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.textContent?.trim() ?? '';
      if (text !== '') found.push({ text, where: describe(node.parentElement as Element) });
      continue;
    }
    const element = node as Element;
    for (const attribute of ATTRIBUTES) {
      const value = element.getAttribute(attribute);
      if (value !== null && value.trim() !== '') found.push({ text: value, where: describe(element, attribute) });
    }
    if (element.shadowRoot !== null) collectTexts(element.shadowRoot, found);
  }
}

/**
 * Returns the English words in the text and the accessible names of an
 * element's shadow root and the shadow roots inside it, each once. `data`
 * lists texts of the test's studies and sources, such as a study
 * description or a server's message, whose words do not count.
 */
export function englishWordsIn(element: Element, data: readonly string[] = []): EnglishWord[] {
  const root = element.shadowRoot;
  if (root === null) throw new Error(`<${element.localName}> has no open shadow root to read.`);
  const texts: { text: string; where: string }[] = [];
  collectTexts(root, texts);
  const words = englishOnlyWords();
  const found = new Map<string, EnglishWord>();
  for (const { text, where } of texts) {
    const withoutData = data.reduce((remaining, item) => remaining.split(item).join(' '), text);
    for (const word of shownWordsOf(withoutData)) {
      if (words.has(word) && !found.has(word)) found.set(word, { word, text, where });
    }
  }
  return [...found.values()];
}
