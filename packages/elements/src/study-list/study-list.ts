import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { repeat } from 'lit/directives/repeat.js';
import {
  compileStudyFilter,
  defaultTerminology,
  isFilterActive,
  studyFacts,
  warnOnce,
  type Study,
  type StudyFilter,
  type Terminology,
} from '@studyline/core';
import { controlStyles } from '../shared/controls.styles.js';
import { setCustomState } from '../shared/custom-states.js';
import { StudylineStudySelectEvent } from '../shared/events.js';
import { LocalizeController, type TextKey } from '../shared/localize.js';
import { checkedTheme, modalityColor, themeStyles, type StudylineTheme } from '../shared/theme.js';
import { prepareEntries, primaryModality, type TimelineEntry } from '../timeline/entries.js';
import { badgeText, modalityText, otherSourcesText, placeText, rowDateParts } from '../timeline/study-text.js';
import {
  DEFAULT_SORT,
  SORT_COLUMNS,
  STUDY_LIST_SORT_STORAGE_KEY,
  initialDirection,
  loadSort,
  readSort,
  saveSort,
  sortEntries,
  type StudyListSort,
  type StudyListSortColumn,
  type StudyListSortDirection,
} from './sort.js';
import { studyListStyles } from './study-list.styles.js';

export type StudyListLayout = 'auto' | 'table' | 'list';

/** Below this host width, in CSS pixels, `layout="auto"` shows a list in place of the table. */
const LIST_BREAKPOINT_PX = 560;
/** Rows shown at first and added by each "show more". */
const ROWS_PAGE = 100;

const LAYOUTS: readonly StudyListLayout[] = ['auto', 'table', 'list'];
const COLUMN_TERMS: Readonly<Record<StudyListSortColumn, TextKey>> = {
  date: 'listColumnDate',
  modality: 'listColumnModality',
  description: 'listColumnDescription',
  source: 'listColumnSource',
};

let instanceCount = 0;

/**
 * One patient's studies as a table, newest first, with a sort the user can
 * change by column (date, modality, description or source, either way). The
 * sort survives a new `filter` and a reload: it is stored in `localStorage`
 * under `studyline:study-list:sort` (see `sort-storage-key`), and contains
 * no patient data. Narrow hosts get a list with a sort field instead of the table.
 *
 * Give it the same `studies` and `filter` as `<studyline-timeline>`.
 *
 * The class does not register itself. Import
 * `@studyline/elements/study-list/define.js` for the `studyline-study-list` tag.
 *
 * @summary A sortable table of a patient's studies, with a list layout for narrow hosts.
 *
 * @event {StudylineStudySelectEvent} studyline-study-select - A user chose a study (click, tap, Enter or Space). Cancelable: `preventDefault()` keeps the current selection.
 *
 * @slot empty - Replaces the "No studies for this patient" message.
 *
 * @csspart base - The wrapper around everything.
 * @csspart sort-controls - The sort fields shown in the list layout.
 * @csspart table - The table.
 * @csspart header - A column header.
 * @csspart sort-button - The button in a column header that sorts by the column.
 * @csspart row - A study's row, in the table or the list.
 * @csspart selected - Added to the selected study's row.
 * @csspart row-button - The button that selects a row's study.
 * @csspart modality-chip - The modality in a row.
 * @csspart badge - The "also external" badge.
 * @csspart list - The list layout's list.
 * @csspart show-more - The button that shows more rows.
 * @csspart empty - The message when there are no studies, or none that match the filter.
 *
 * @cssprop --studyline-color-background - Background of the element.
 * @cssprop --studyline-color-surface - Background of rows.
 * @cssprop --studyline-color-text - Main text colour.
 * @cssprop --studyline-color-text-muted - Secondary text.
 * @cssprop --studyline-color-border - Borders of controls.
 * @cssprop --studyline-color-grid - Row separators.
 * @cssprop --studyline-color-accent - Marker of the selected row and the sorted column.
 * @cssprop --studyline-color-focus-ring - Keyboard focus outline.
 * @cssprop --studyline-color-mark-text - Text on modality chips.
 * @cssprop --studyline-modality-ct - Colour of CT chips. Likewise `-mr`, `-cr`, `-dx`, `-us`, `-mg`, `-nm`, `-pt`, `-xa`, `-sr`, `-doc` and `-other`.
 * @cssprop --studyline-radius - Corner radius of controls.
 * @cssprop --studyline-font-size - Base font size.
 * @cssprop --studyline-font-family - Font family.
 *
 * @cssstate loading - The host set `loading`.
 * @cssstate empty - There are no studies.
 * @cssstate filtered - The `filter` property narrows the studies.
 * @cssstate list - The list layout is shown.
 */
export class StudylineStudyList extends LitElement {
  static override styles = [themeStyles, controlStyles, studyListStyles];

  /** The studies to list. Property only. */
  @property({ attribute: false })
  studies: Study[] | undefined;

  /** A filter, for example from `<studyline-modality-filter>`; studies that do not match are hidden. Property only. */
  @property({ attribute: false })
  filter: StudyFilter | undefined;

  /** The terminology through which `filter` reads modality codes and body parts; the built-in one by default. Property only. */
  @property({ attribute: false })
  terminology: Terminology | undefined;

  /** Study Instance UID of the selected study. */
  @property({ attribute: 'selected-study-uid', reflect: true })
  selectedStudyUid: string | undefined;

  /** Shows the loading state. */
  @property({ type: Boolean, reflect: true })
  loading = false;

  /** `table`, `list`, or `auto`: a list when the element is narrower than 560 px. */
  @property({ reflect: true })
  layout: StudyListLayout = 'auto';

  /** Colour theme: `light`, `dark`, or `auto` to follow the operating system. */
  @property({ reflect: true })
  theme: StudylineTheme = 'light';

  /** Accessible name of the table. Defaults to "Studies" in the element's language. */
  @property()
  label: string | undefined;

  /**
   * The `localStorage` key under which the user's sort is kept, shared by every
   * study list with the same key. An empty string keeps the sort for the page only.
   */
  @property({ attribute: 'sort-storage-key' })
  sortStorageKey: string = STUDY_LIST_SORT_STORAGE_KEY;

  @state() private hostWidth = 0;
  @state() private rowLimit = ROWS_PAGE;
  @state() private activeEntryIndex: number | undefined;

  private currentSort: StudyListSort = DEFAULT_SORT;
  /** True once the host or the user chose a sort, which then wins over the stored one. */
  private sortChosen = false;
  private loadedSortKey: string | undefined;

  private readonly localize = new LocalizeController(this);
  private readonly internals: ElementInternals;
  private readonly resizeObserver: ResizeObserver;
  private resizeFrame = 0;
  private readonly idPrefix = `studyline-list-${++instanceCount}`;

  // Derived from the inputs in willUpdate.
  private studiesInput: unknown;
  private allEntries: TimelineEntry[] = [];
  private sortedEntries: TimelineEntry[] = [];
  private derivedKey: unknown[] = [];

  constructor() {
    super();
    this.internals = this.attachInternals();
    this.resizeObserver = new ResizeObserver((entries) => {
      const width = entries[entries.length - 1]?.contentRect.width;
      // Applied in the next frame: switching between table and list changes the height, and a page scroll bar that
      // comes or goes changes the width again within this frame, which the browser reports as a loop.
      cancelAnimationFrame(this.resizeFrame);
      this.resizeFrame = requestAnimationFrame(() => {
        if (width !== undefined && width !== this.hostWidth) this.hostWidth = width;
      });
    });
  }

  /** The sort in use: column and direction. Setting it sorts the list and stores the sort. Property only. */
  @property({ attribute: false })
  get sort(): StudyListSort {
    return this.currentSort;
  }

  set sort(value: StudyListSort) {
    const sort = readSort(value);
    if (sort === undefined) {
      warnOnce('The `sort` property of studyline-study-list needs a column (date, modality, description or source) and a direction (ascending or descending); it was ignored.');
      return;
    }
    const old = this.currentSort;
    this.currentSort = sort;
    this.sortChosen = true;
    this.requestUpdate('sort', old);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver.disconnect();
    cancelAnimationFrame(this.resizeFrame);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    this.normalizeAttributes(changed);
    if (this.loadedSortKey !== this.sortStorageKey) {
      // The stored sort applies unless the host set `sort` itself.
      this.loadedSortKey = this.sortStorageKey;
      const stored = loadSort(this.sortStorageKey);
      if (stored !== undefined && !this.sortChosen) this.currentSort = stored;
    }
    if (changed.has('sort') && this.sortChosen) saveSort(this.sortStorageKey, this.currentSort);
    if (changed.has('studies') || changed.has('filter')) this.rowLimit = ROWS_PAGE;
    this.updateDerivedData();

    setCustomState(this.internals, 'loading', this.loading);
    setCustomState(this.internals, 'empty', !this.loading && this.allEntries.length === 0);
    setCustomState(this.internals, 'filtered', isFilterActive(this.filter));
    setCustomState(this.internals, 'list', this.isList());
  }

  protected override render(): TemplateResult {
    return html`
      <section
        part="base"
        class="base"
        aria-label=${this.label ?? this.localize.term('studyListLabel')}
        aria-busy=${this.loading ? 'true' : 'false'}
        @keydown=${this.onKeydown}
        @click=${this.onClick}
      >
        ${this.renderBody()}
        <div id="${this.idPrefix}-hint" hidden>${this.localize.term('listKeyboardHint')}</div>
      </section>
    `;
  }

  // ---------------------------------------------------------------------------------------------
  // Inputs and derived data

  private normalizeAttributes(changed: PropertyValues<this>): void {
    if (changed.has('layout') && !LAYOUTS.includes(this.layout)) {
      warnOnce('Unknown layout value on studyline-study-list; use "auto", "table" or "list". Using "auto".');
      this.layout = 'auto';
    }
    if (changed.has('theme')) this.theme = checkedTheme(this.theme, 'studyline-study-list');
    if (typeof this.sortStorageKey !== 'string') this.sortStorageKey = STUDY_LIST_SORT_STORAGE_KEY;
  }

  private updateDerivedData(): void {
    if (this.studies !== this.studiesInput) {
      this.studiesInput = this.studies;
      if (this.studies !== undefined && this.studies !== null && !Array.isArray(this.studies)) {
        warnOnce('The `studies` property of studyline-study-list must be an array of Study objects; it was ignored.');
      }
      const prepared = prepareEntries(Array.isArray(this.studies) ? this.studies : []);
      for (const warning of prepared.warnings) warnOnce(warning);
      this.allEntries = prepared.entries;
    }
    const key = [this.allEntries, this.filter, this.terminology, this.currentSort, this.localize.locale];
    if (key.every((value, index) => value === this.derivedKey[index])) return;
    this.derivedKey = key;
    this.sortedEntries = sortEntries(this.filteredEntries(), this.currentSort, this.localize);
  }

  private filteredEntries(): TimelineEntry[] {
    if (!isFilterActive(this.filter)) return this.allEntries;
    const terminology = this.terminology ?? defaultTerminology();
    const matcher = compileStudyFilter(this.filter, { terminology });
    return this.allEntries.filter((entry) => matcher.matches(studyFacts(entry.study, terminology)));
  }

  private isList(): boolean {
    if (this.layout === 'list') return true;
    return this.layout === 'auto' && this.hostWidth > 0 && this.hostWidth < LIST_BREAKPOINT_PX;
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  private renderBody(): TemplateResult {
    if (this.sortedEntries.length === 0) {
      if (this.loading) return html`<div part="empty" class="message">${this.localize.term('loading')}</div>`;
      const text = this.allEntries.length > 0 ? this.localize.term('noMatchingStudies') : this.localize.term('empty');
      return html`<div part="empty" class="message">
        ${this.allEntries.length > 0 ? text : html`<slot name="empty">${text}</slot>`}
      </div>`;
    }
    const visibleRows = this.sortedEntries.slice(0, this.rowLimit);
    const hidden = this.sortedEntries.length - visibleRows.length;
    const active = visibleRows.some((entry) => entry.index === this.activeEntryIndex) ? this.activeEntryIndex : visibleRows[0]?.index;
    return html`
      <p class="count">
        ${this.localize.plural('studiesVisible', this.allEntries.length, {
          visible: this.localize.formatNumber(this.sortedEntries.length),
          total: this.localize.formatNumber(this.allEntries.length),
        })}
      </p>
      ${this.isList() ? html`${this.renderSortControls()} ${this.renderList(visibleRows, active)}` : this.renderTable(visibleRows, active)}
      ${hidden > 0
        ? html`<button part="show-more" class="button show-more" type="button" @click=${() => (this.rowLimit += ROWS_PAGE)}>
            ${this.localize.plural('showMore', Math.min(hidden, ROWS_PAGE))}
          </button>`
        : nothing}
    `;
  }

  private renderSortControls(): TemplateResult {
    const columnId = `${this.idPrefix}-sort-column`;
    const directionId = `${this.idPrefix}-sort-direction`;
    return html`
      <div part="sort-controls" class="sort-controls">
        <label class="field">
          <span class="field-label">${this.localize.term('listSortBy')}</span>
          <select id=${columnId} class="select" data-sort="column" @change=${this.onSortColumnSelect}>
            ${SORT_COLUMNS.map(
              (column) => html`<option value=${column} .selected=${this.currentSort.column === column}>
                ${this.localize.term(COLUMN_TERMS[column])}
              </option>`,
            )}
          </select>
        </label>
        <label class="field">
          <span class="field-label">${this.localize.term('listSortDirection')}</span>
          <select id=${directionId} class="select" data-sort="direction" @change=${this.onSortDirectionSelect}>
            <option value="ascending" .selected=${this.currentSort.direction === 'ascending'}>${this.localize.term('listSortAscending')}</option>
            <option value="descending" .selected=${this.currentSort.direction === 'descending'}>${this.localize.term('listSortDescending')}</option>
          </select>
        </label>
      </div>
    `;
  }

  private renderTable(rows: readonly TimelineEntry[], active: number | undefined): TemplateResult {
    return html`
      <div class="table-scroller">
        <table part="table" class="table">
          <caption class="visually-hidden">${this.label ?? this.localize.term('studyListLabel')}</caption>
          <thead>
            <tr>
              ${SORT_COLUMNS.map((column) => this.renderHeader(column))}
            </tr>
          </thead>
          <tbody>
            ${repeat(
              rows,
              (entry) => entry.index,
              (entry) => this.renderTableRow(entry, entry.index === active),
            )}
          </tbody>
        </table>
      </div>
    `;
  }

  private renderHeader(column: StudyListSortColumn): TemplateResult {
    const sorted = this.currentSort.column === column;
    const direction = sorted ? this.currentSort.direction : undefined;
    return html`<th part="header" scope="col" class="header" data-column=${column} aria-sort=${direction ?? 'none'}>
      <button part="sort-button" class="sort-button" type="button" @click=${() => this.sortByColumn(column)}>
        <span>${this.localize.term(COLUMN_TERMS[column])}</span>
        <svg class="sort-icon" viewBox="0 0 12 12" aria-hidden="true" data-direction=${direction ?? 'none'}>
          ${direction === 'ascending'
            ? html`<path d="M2 8l4-4 4 4" />`
            : direction === 'descending'
              ? html`<path d="M2 4l4 4 4-4" />`
              : html`<path d="M3 5l3-3 3 3M3 7l3 3 3-3" />`}
        </svg>
      </button>
    </th>`;
  }

  private renderTableRow(entry: TimelineEntry, tabStop: boolean): TemplateResult {
    const selected = this.isSelected(entry);
    const { date, detail } = rowDateParts(this.localize, entry);
    return html`<tr part=${selected ? 'row selected' : 'row'} class="row" data-key=${entry.index} aria-current=${ifDefined(selected ? 'true' : undefined)}>
      <td class="cell date-cell">${this.renderRowButton(entry, tabStop, date, detail)}<span class="detail">${detail}</span></td>
      <td class="cell">${this.renderModality(entry)}</td>
      <td class="cell description">${typeof entry.study.description === 'string' ? entry.study.description : ''}</td>
      <td class="cell source">${this.renderSource(entry)}</td>
    </tr>`;
  }

  private renderList(rows: readonly TimelineEntry[], active: number | undefined): TemplateResult {
    return html`<ul part="list" class="list" role="list">
      ${repeat(
        rows,
        (entry) => entry.index,
        (entry) => {
          const selected = this.isSelected(entry);
          const { date, detail } = rowDateParts(this.localize, entry);
          return html`<li part=${selected ? 'row selected' : 'row'} class="list-row" data-key=${entry.index} aria-current=${ifDefined(selected ? 'true' : undefined)}>
            <div class="list-top">${this.renderRowButton(entry, entry.index === active, date, detail)} ${this.renderModality(entry)}</div>
            <div class="description">${typeof entry.study.description === 'string' ? entry.study.description : ''}</div>
            <div class="list-bottom">${detail === '' ? nothing : html`<span class="detail">${detail}</span>`} ${this.renderSource(entry)}</div>
          </li>`;
        },
      )}
    </ul>`;
  }

  private renderRowButton(entry: TimelineEntry, tabStop: boolean, date: string, detail: string): TemplateResult {
    // The name starts with the date as shown, so that speech input users can say what they see.
    const description = typeof entry.study.description === 'string' ? entry.study.description.trim() : '';
    const name = [date, detail, modalityText(this.localize, entry), description, placeText(entry), otherSourcesText(this.localize, entry)]
      .filter((part) => part !== '')
      .join(', ');
    return html`<button
      part="row-button"
      class="row-button"
      type="button"
      data-entry=${entry.index}
      tabindex=${tabStop ? '0' : '-1'}
      aria-label=${name}
      aria-describedby="${this.idPrefix}-hint"
    >
      ${date}
    </button>`;
  }

  private renderModality(entry: TimelineEntry): TemplateResult {
    return html`<span part="modality-chip" class="chip" style="--_mark-color: ${modalityColor(primaryModality(entry))}">
      ${modalityText(this.localize, entry)}
    </span>`;
  }

  private renderSource(entry: TimelineEntry): TemplateResult {
    const badge = badgeText(this.localize, entry);
    const others = otherSourcesText(this.localize, entry);
    // A study of the own archive that an external source also has gets a badge. Other shared studies name their sources.
    let extra: TemplateResult | typeof nothing = nothing;
    if (badge !== '') extra = html`<span part="badge" class="badge">${badge}</span>`;
    else if (others !== '') extra = html`<span class="others">${others}</span>`;
    return html`<span class="source-text"><span>${placeText(entry)}</span> ${extra}</span>`;
  }

  private isSelected(entry: TimelineEntry): boolean {
    return this.selectedStudyUid !== undefined && entry.study.studyInstanceUid === this.selectedStudyUid;
  }

  // ---------------------------------------------------------------------------------------------
  // Interaction

  private sortByColumn(column: StudyListSortColumn): void {
    let direction = initialDirection(column);
    if (this.currentSort.column === column) direction = this.currentSort.direction === 'ascending' ? 'descending' : 'ascending';
    this.sort = { column, direction };
  }

  private onSortColumnSelect(event: Event): void {
    const column = (event.target as HTMLSelectElement).value as StudyListSortColumn;
    if (SORT_COLUMNS.includes(column)) this.sort = { column, direction: initialDirection(column) };
  }

  private onSortDirectionSelect(event: Event): void {
    const direction = (event.target as HTMLSelectElement).value as StudyListSortDirection;
    if (direction === 'ascending' || direction === 'descending') this.sort = { column: this.currentSort.column, direction };
  }

  private entryOfElement(element: Element | null): TimelineEntry | undefined {
    const row = element?.closest<HTMLElement>('[data-key]');
    if (row === null || row === undefined) return undefined;
    const index = Number(row.dataset.key);
    return this.sortedEntries.find((entry) => entry.index === index);
  }

  private onClick(event: MouseEvent): void {
    const target = event.composedPath()[0] as Element;
    // Clicks on controls other than the row button belong to those controls.
    if (target.closest?.('a, select, input, .sort-button, .show-more')) return;
    const entry = this.entryOfElement(target);
    if (entry === undefined) return;
    this.activeEntryIndex = entry.index;
    const selectEvent = new StudylineStudySelectEvent({ study: entry.study });
    if (this.dispatchEvent(selectEvent)) this.selectedStudyUid = entry.study.studyInstanceUid;
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const origin = event.composedPath()[0] as Element;
    if (!origin.matches?.('.row-button')) return;
    const buttons = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('.row-button')];
    const position = buttons.indexOf(origin as HTMLButtonElement);
    let target: HTMLButtonElement | undefined;
    if (event.key === 'ArrowDown') target = buttons[position + 1];
    else if (event.key === 'ArrowUp') target = buttons[position - 1];
    else if (event.key === 'Home') target = buttons[0];
    else if (event.key === 'End') target = buttons[buttons.length - 1];
    else return;
    event.preventDefault();
    if (target === undefined) return;
    this.activeEntryIndex = Number(target.dataset.entry);
    for (const button of buttons) button.tabIndex = button === target ? 0 : -1;
    target.focus();
  }
}
