/**
 * Per-element localisation: each element follows its own `lang`, not one
 * language for the whole page.
 *
 * `@lit/localize` keeps one locale per page, so it cannot show a Dutch
 * timeline next to an English one. This controller resolves the language of
 * its host and formats messages, numbers and dates with `Intl` in that language.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { warnOnce, type StudyTimestamp } from '@studyline/core';
import { en } from './messages/en.js';
import type { PluralMessage, StudylineMessages } from './messages/types.js';

export type { PluralMessage, StudylineMessages } from './messages/types.js';

/** Keys of messages that are plain texts. */
export type TextKey = { [K in keyof StudylineMessages]: StudylineMessages[K] extends string ? K : never }[keyof StudylineMessages];
/** Keys of messages with plural forms. */
export type PluralKey = { [K in keyof StudylineMessages]: StudylineMessages[K] extends PluralMessage ? K : never }[keyof StudylineMessages];

export type MessageParameters = Readonly<Record<string, string | number>>;

const FALLBACK_LANGUAGE = 'en';

/** Catalogs by lower-case language tag, for example `nl` or `pt-br`. */
const catalogs = new Map<string, StudylineMessages>([['en', en]]);

/**
 * Built-in catalogs other than English, by lower-case language tag. Each is a
 * chunk of its own that loads when an element first needs that language, so
 * that a page in English does not download it.
 */
const catalogLoaders = new Map<string, () => Promise<StudylineMessages>>([['nl', () => import('./messages/nl.js').then((module) => module.nl)]]);
const catalogLoads = new Map<string, Promise<void>>();

const connectedControllers = new Set<LocalizeController>();
let languageObserver: MutationObserver | undefined;

/**
 * Adds or replaces the catalog for a language (`de`, `pt-BR`). Elements that
 * are connected re-render in the new language where it applies.
 */
export function registerMessages(language: string, messages: StudylineMessages): void {
  catalogs.set(language.toLowerCase(), messages);
  for (const controller of connectedControllers) controller.refresh(true);
}

/**
 * Returns the language that applies to an element: its own non-empty `lang`,
 * else the closest ancestor's (crossing shadow roots to their hosts), else
 * `document.documentElement.lang`, else `navigator.language`.
 */
export function resolveLanguage(element: Element): string {
  let node: Element | null = element;
  while (node !== null) {
    const withLanguage = node.closest('[lang]:not([lang=""])');
    if (withLanguage !== null) return withLanguage.getAttribute('lang') ?? FALLBACK_LANGUAGE;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return document.documentElement.lang || navigator.language || FALLBACK_LANGUAGE;
}

/**
 * Picks the catalog for a language tag, first by the whole tag and then by its
 * primary subtag. Returns the catalog and the locale to give `Intl`: the tag
 * itself when a catalog matches, so `en-GB` keeps British date order, or
 * English when none does, so that texts and dates share one language.
 */
export function selectCatalog(
  language: string,
  preferred: readonly string[] = globalThis.navigator?.languages ?? [],
): { messages: StudylineMessages; locale: string } {
  let canonical: string;
  try {
    canonical = Intl.getCanonicalLocales(language)[0] ?? FALLBACK_LANGUAGE;
  } catch {
    // An invalid tag such as `en_US` or `x` throws a RangeError.
    return { messages: en, locale: FALLBACK_LANGUAGE };
  }
  const lower = canonical.toLowerCase();
  const messages = catalogs.get(lower) ?? catalogs.get(lower.split('-')[0]);
  if (messages === undefined) return { messages: en, locale: FALLBACK_LANGUAGE };
  return { messages, locale: withPreferredRegion(canonical, preferred) };
}

/**
 * Gives a bare language tag the region of the user's first preferred tag of
 * that language, so that `lang="en"` formats dates as en-GB for a British
 * browser. A tag with a region stays as written.
 */
function withPreferredRegion(canonical: string, preferred: readonly string[]): string {
  if (canonical.includes('-')) return canonical;
  for (const tag of preferred) {
    if (typeof tag !== 'string' || !tag.toLowerCase().startsWith(`${canonical.toLowerCase()}-`)) continue;
    try {
      return Intl.getCanonicalLocales(tag)[0] ?? canonical;
    } catch {
      // A malformed browser preference is skipped.
    }
  }
  return canonical;
}

/**
 * Starts loading the built-in catalog for a language tag when it has not been
 * loaded or registered yet. Returns a promise that settles when the load
 * ends, or undefined when there is nothing to load. A failed load leaves the
 * language in English, logs a warning, and is tried again on the next call.
 */
export function loadCatalog(language: string): Promise<void> | undefined {
  let lower: string;
  try {
    lower = (Intl.getCanonicalLocales(language)[0] ?? FALLBACK_LANGUAGE).toLowerCase();
  } catch {
    return undefined;
  }
  const tag = [lower, lower.split('-')[0]].find((candidate) => catalogs.has(candidate) || catalogLoaders.has(candidate));
  if (tag === undefined || catalogs.has(tag)) return undefined;
  let load = catalogLoads.get(tag);
  if (load === undefined) {
    const loader = catalogLoaders.get(tag) as () => Promise<StudylineMessages>;
    load = loader().then(
      (messages) => {
        // A catalog that the page registered meanwhile wins over the built-in one.
        if (!catalogs.has(tag)) catalogs.set(tag, messages);
      },
      (error: unknown) => {
        catalogLoads.delete(tag);
        warnOnce(`The built-in "${tag}" messages failed to load, so Studyline elements show English: ${String(error)}`);
      },
    );
    catalogLoads.set(tag, load);
  }
  return load;
}

function fillPlaceholders(text: string, parameters: MessageParameters | undefined): string {
  if (parameters === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(parameters, name) ? String(parameters[name]) : placeholder,
  );
}

// Intl objects are costly to build, and a timeline formats hundreds of dates per frame.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();
const pluralRules = new Map<string, Intl.PluralRules>();
const listFormats = new Map<string, Intl.ListFormat>();
const collators = new Map<string, Intl.Collator>();

function cached<T>(cache: Map<string, T>, key: string, create: () => T): T {
  let value = cache.get(key);
  if (value === undefined) {
    value = create();
    cache.set(key, value);
  }
  return value;
}

/** `Intl.DateTimeFormat` options for a study date with the precision that its source sent. */
export function studyDateFormatOptions(
  timestamp: Pick<StudyTimestamp, 'precision'>,
  length: 'long' | 'short',
): Intl.DateTimeFormatOptions {
  const month = length === 'long' ? 'long' : 'short';
  switch (timestamp.precision) {
    case 'year':
      return { year: 'numeric' };
    case 'month':
      return { year: 'numeric', month };
    case 'day':
      return { year: 'numeric', month, day: 'numeric' };
    case 'hour':
    case 'minute':
      return { year: 'numeric', month, day: 'numeric', hour: '2-digit', minute: '2-digit' };
    case 'second':
    case 'fraction':
      return { year: 'numeric', month, day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' };
  }
}

/** The part of a Lit host whose update this controller can delay. */
interface SchedulingHost {
  scheduleUpdate(): void | Promise<unknown>;
}

/**
 * A ReactiveController that resolves its host's language and re-renders the
 * host when `lang` changes on the host or on `<html>`.
 *
 * While the catalog of the host's language loads, the controller holds back
 * the host's updates, so that the host never paints in English first, and
 * its `updateComplete` resolves only after the update in its language.
 *
 * NOTE: a `lang` change on an ancestor inside another shadow root is not
 * observed; the host picks it up on its next connect or update.
 */
export class LocalizeController implements ReactiveController {
  private readonly host: ReactiveControllerHost & HTMLElement;
  private resolvedLanguage = FALLBACK_LANGUAGE;
  private catalog: StudylineMessages = en;
  private intlLocale = FALLBACK_LANGUAGE;
  private catalogLoad: Promise<void> | undefined;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.host = host;
    host.addController(this);
    this.holdUpdatesWhileLoading(host as unknown as SchedulingHost);
  }

  /** The language tag that applies to the host, as written in `lang` or by the browser. */
  get language(): string {
    return this.resolvedLanguage;
  }

  /** The locale that `Intl` formats with: the host's language when a catalog exists for it, else English. */
  get locale(): string {
    return this.intlLocale;
  }

  get messages(): StudylineMessages {
    return this.catalog;
  }

  hostConnected(): void {
    connectedControllers.add(this);
    observeLanguage(this.host);
    this.refresh(false);
  }

  hostDisconnected(): void {
    connectedControllers.delete(this);
    if (connectedControllers.size === 0) {
      languageObserver?.disconnect();
      languageObserver = undefined;
    }
  }

  /** Resolves the language again and requests an update when it changed, or always when `force` is set. */
  refresh(force: boolean): void {
    const language = resolveLanguage(this.host);
    if (!force && language === this.resolvedLanguage) return;
    this.resolvedLanguage = language;
    this.applyCatalog();
    const load = loadCatalog(language);
    if (load !== undefined) {
      const tracked: Promise<void> = load.then(() => {
        if (this.catalogLoad === tracked) this.catalogLoad = undefined;
        this.applyCatalog();
      });
      this.catalogLoad = tracked;
    }
    this.host.requestUpdate();
  }

  private applyCatalog(): void {
    const { messages, locale } = selectCatalog(this.resolvedLanguage);
    if (messages === this.catalog && locale === this.intlLocale) return;
    this.catalog = messages;
    this.intlLocale = locale;
    this.host.requestUpdate();
  }

  /**
   * Makes the host's `scheduleUpdate` wait for a catalog that is loading.
   * Lit awaits the promise that `scheduleUpdate` returns before it updates,
   * and `updateComplete` waits for it too. The controller wraps the method on
   * the host instance, so every element that uses this controller waits
   * without code of its own. An override in the host's class still runs.
   */
  private holdUpdatesWhileLoading(host: SchedulingHost): void {
    const scheduleUpdate = host.scheduleUpdate;
    if (typeof scheduleUpdate !== 'function') return;
    host.scheduleUpdate = async () => {
      while (this.catalogLoad !== undefined) await this.catalogLoad;
      return scheduleUpdate.call(host);
    };
  }

  /** Returns a text message with its `{placeholders}` filled in. */
  term(key: TextKey, parameters?: MessageParameters): string {
    return fillPlaceholders(this.catalog[key], parameters);
  }

  /**
   * Returns the plural form of a message for `count`. `{count}` is filled in
   * with the formatted number unless `parameters` gives it.
   */
  plural(key: PluralKey, count: number, parameters?: MessageParameters): string {
    const forms = this.catalog[key];
    const rules = cached(pluralRules, this.intlLocale, () => new Intl.PluralRules(this.intlLocale));
    const text = forms[rules.select(count)] ?? forms.other;
    return fillPlaceholders(text, { count: this.formatNumber(count), ...parameters });
  }

  formatNumber(value: number, options: Intl.NumberFormatOptions = {}): string {
    const key = `${this.intlLocale}|${JSON.stringify(options)}`;
    return cached(numberFormats, key, () => new Intl.NumberFormat(this.intlLocale, options)).format(value);
  }

  /**
   * Formats a calendar position in UTC. Studyline places local wall-clock
   * times on the time line as if they were UTC (see `StudyTimestamp.epochMs`),
   * so formatting in any other time zone would move dates.
   */
  formatDate(value: number | Date, options: Intl.DateTimeFormatOptions): string {
    return this.dateFormat(options).format(value);
  }

  /** Formats a range of calendar positions in UTC, for example "2–9 March 2021". */
  formatDateRange(start: number | Date, end: number | Date, options: Intl.DateTimeFormatOptions): string {
    return this.dateFormat(options).formatRange(start, end);
  }

  /**
   * Formats a study's date with the precision its source sent: `2021`,
   * `March 2021`, `4 March 2021` or `4 March 2021 at 14:30`. Returns the
   * "date unknown" text for a missing or unusable timestamp.
   */
  formatStudyDate(timestamp: StudyTimestamp | undefined, length: 'long' | 'short' = 'long'): string {
    if (timestamp === undefined || !Number.isFinite(timestamp.epochMs)) return this.term('undatedStudy');
    return this.formatDate(timestamp.epochMs, studyDateFormatOptions(timestamp, length));
  }

  /** Returns a note for dates without a day ("only the year is known"), or an empty string. */
  precisionNote(timestamp: StudyTimestamp | undefined): string {
    if (timestamp?.precision === 'year') return this.term('yearOnly');
    if (timestamp?.precision === 'month') return this.term('monthOnly');
    return '';
  }

  /** Joins names into a list: "A, B and C". */
  formatList(items: readonly string[]): string {
    return cached(listFormats, this.intlLocale, () => new Intl.ListFormat(this.intlLocale, { type: 'conjunction' })).format(items);
  }

  /** Returns a collator that sorts labels in the host's language. */
  collator(): Intl.Collator {
    return cached(collators, this.intlLocale, () => new Intl.Collator(this.intlLocale, { sensitivity: 'base', numeric: true }));
  }

  private dateFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
    const key = `${this.intlLocale}|${JSON.stringify(options)}`;
    return cached(dateFormats, key, () => new Intl.DateTimeFormat(this.intlLocale, { ...options, timeZone: 'UTC' }));
  }
}

function observeLanguage(host: HTMLElement): void {
  if (languageObserver === undefined) {
    languageObserver = new MutationObserver(() => {
      for (const controller of connectedControllers) controller.refresh(false);
    });
    // Covers `<html>` and every light-DOM ancestor; hosts inside shadow roots are observed one by one below.
    languageObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
  languageObserver.observe(host, { attributes: true, attributeFilter: ['lang'] });
}
