/**
 * The vertical layout of the timeline for narrow hosts: one section per year,
 * newest first, with a button per study. Large histories render in pages
 * ("show more" per year and for older years), never all rows at once.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import type { LocalizeController } from '../shared/localize.js';
import { modalityColor } from '../shared/theme.js';
import { primaryModality, type TimelineEntry } from './entries.js';
import { badgeText, modalityText, otherSourcesText, placeText, rowDateParts } from './study-text.js';
import type { YearGroup } from './vertical-groups.js';

export interface VerticalListOptions {
  localize: LocalizeController;
  groups: readonly YearGroup[];
  /** Number of year sections shown. */
  yearLimit: number;
  /** Rows shown per section, by `yearGroupKey`; sections without an entry show `rowsPage` rows. */
  rowLimits: ReadonlyMap<string, number>;
  rowsPage: number;
  /** The study whose row has tabindex 0, when shown; else the first row. */
  activeEntryIndex: number | undefined;
  selectedStudyUid: string | undefined;
  onShowMoreRows: (groupKey: string) => void;
  onShowOlderYears: () => void;
}

/** Returns a stable key for a year section: the year, or `undated`. */
export function yearGroupKey(group: YearGroup): string {
  return group.year === undefined ? 'undated' : String(group.year);
}

export function renderVerticalList(options: VerticalListOptions): TemplateResult {
  const { localize, rowsPage } = options;
  const shownEntries: TimelineEntry[] = [];
  const sections = options.groups.slice(0, options.yearLimit).map((group) => {
    const groupKey = yearGroupKey(group);
    const entries = group.entries.slice(0, options.rowLimits.get(groupKey) ?? rowsPage);
    shownEntries.push(...entries);
    return { group, groupKey, entries, hidden: group.entries.length - entries.length };
  });
  const activeShown = shownEntries.some((entry) => entry.index === options.activeEntryIndex);
  const tabStopIndex = activeShown ? options.activeEntryIndex : shownEntries[0]?.index;

  return html`
    <div part="list" class="list">
      ${sections.map(
        ({ group, groupKey, entries, hidden }) => html`
          <section part="year" class="year" aria-labelledby="year-${groupKey}">
            <h3 part="year-heading" class="year-heading" id="year-${groupKey}">
              <span>${group.year === undefined ? localize.term('undatedLane') : localize.formatNumber(group.year, { useGrouping: false })}</span>
              <span class="year-count">${localize.plural('studyCount', group.entries.length)}</span>
            </h3>
            <ul class="rows" role="list">
              ${repeat(
                entries,
                (entry) => entry.index,
                (entry) => html`<li>${renderRow(options, entry, entry.index === tabStopIndex)}</li>`,
              )}
            </ul>
            ${hidden > 0
              ? html`<button part="show-more" class="button show-more" type="button" @click=${() => options.onShowMoreRows(groupKey)}>
                  ${localize.plural('showMore', Math.min(hidden, rowsPage))}
                </button>`
              : nothing}
          </section>
        `,
      )}
      ${options.groups.length > options.yearLimit
        ? html`<button part="show-more" class="button show-more" type="button" @click=${options.onShowOlderYears}>
            ${localize.term('showOlderYears')}
          </button>`
        : nothing}
    </div>
  `;
}

function renderRow(options: VerticalListOptions, entry: TimelineEntry, tabStop: boolean): TemplateResult {
  const { localize } = options;
  const selected = options.selectedStudyUid !== undefined && entry.study.studyInstanceUid === options.selectedStudyUid;
  const description = typeof entry.study.description === 'string' ? entry.study.description : '';
  const { date, detail } = rowDateParts(localize, entry);
  const badge = badgeText(localize, entry);
  const others = otherSourcesText(localize, entry);
  // An internal study that external sources also hold gets a badge; any other multi-source study names its sources.
  let extra: TemplateResult | typeof nothing = nothing;
  if (badge !== '') extra = html`<span part="badge" class="badge-text">${badge}</span>`;
  else if (others !== '') extra = html`<span>${others}</span>`;
  return html`<button
    part=${selected ? 'row selected' : 'row'}
    class="row"
    type="button"
    data-key="r${entry.index}"
    tabindex=${tabStop ? '0' : '-1'}
    aria-current=${ifDefined(selected ? 'true' : undefined)}
  >
    <span class="row-date">${date}</span>
    <span part="modality-chip" class="chip" style="--_mark-color: ${modalityColor(primaryModality(entry))}">${modalityText(localize, entry)}</span>
    <span class="row-description">${description}</span>
    <span class="row-detail">${detail}</span>
    <span class="row-source">
      <span>${placeText(entry)}</span>
      ${extra}
    </span>
  </button>`;
}
