import { LitElement, html, nothing, svg, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import {
  countStudyFacets,
  defaultTerminology,
  isFilterActive,
  localizedName,
  normalizeForSearch,
  warnOnce,
  type DateRangePreset,
  type LocalizedNames,
  type StudyDateRange,
  type StudyFacetCounts,
  type StudyFilter,
  type Study,
  type Terminology,
} from '@studyline/core';
import { controlStyles } from '../shared/controls.styles.js';
import { setCustomState } from '../shared/custom-states.js';
import { StudylineFilterChangeEvent } from '../shared/filter-change-event.js';
import { LocalizeController, type TextKey } from '../shared/localize.js';
import { checkedTheme, modalityColor, themeStyles, type StudylineTheme } from '../shared/theme.js';
import {
  activeFoldedFacets,
  cleanFilter,
  clearFacet,
  datePreset,
  sameFilter,
  toggleChoice,
  withCustomBoundary,
  withDatePreset,
  type FoldedFacet,
} from './filter-model.js';
import { modalityFilterStyles } from './modality-filter.styles.js';

/**
 * Value of the `layout` attribute. `compact` shows the search box and the
 * modality chips, with the other facets behind a "More filters" button;
 * `full` shows every facet at once.
 */
export type ModalityFilterLayout = 'compact' | 'full';

const LAYOUTS: readonly ModalityFilterLayout[] = ['compact', 'full'];

const CHEVRON_ICON = svg`<path d="M6 9l6 6 6-6" />`;

const DATE_PRESET_TERMS: readonly [DateRangePreset, TextKey][] = [
  ['all', 'filterDateAll'],
  ['last-year', 'filterDateLastYear'],
  ['last-5-years', 'filterDateLastFiveYears'],
  ['custom', 'filterDateCustom'],
];

/** One toggle chip of a facet. */
interface ChipOption {
  /** Value stored in the filter. */
  value: string;
  label: string;
  /** Small text after the label, such as the codes in a modality group. */
  detail?: string;
  count: number;
  pressed: boolean;
  /** CSS colour of the swatch before the label, for modality groups. */
  color?: string;
  title?: string;
}

let instanceCount = 0;

/**
 * Filter controls for one patient's studies: a chip per modality group that
 * occurs in the studies, with its count, and choices of content type, date
 * range, source, institution and body region, plus a search box. Modality
 * codes are read through a shared terminology, so CR, DX and DR count as one
 * X-ray chip whatever each hospital sends.
 *
 * The `compact` layout, the default, keeps the most used facets in view: the
 * search box and the modality chips, in one row where they fit. The other
 * facets fold away behind a "More filters" button that shows how many of
 * them are active, and that opens by itself when a filter with a choice in
 * one of them arrives. `layout="full"` shows every facet at once, for a host
 * that folds the whole filter away itself, as the patient history does on
 * narrow screens.
 *
 * No filter is active at first. Every change fires `studyline-filter-change`
 * with the whole filter; pass `event.detail.filter` to the `filter` property
 * of `<studyline-timeline>` or `<studyline-study-list>`.
 *
 * The class does not register itself. Import
 * `@studyline/elements/modality-filter/define.js` for the
 * `studyline-modality-filter` tag.
 *
 * @summary Chips and fields that narrow a patient's studies by modality, content, date, source, region and text.
 *
 * @event {StudylineFilterChangeEvent} studyline-filter-change - A user changed the filter; `detail.filter` is the whole new filter. Cancelable: `preventDefault()` keeps the previous filter.
 *
 * @slot - Extra controls after the result line, such as a layout switch.
 *
 * @csspart base - The form around everything.
 * @csspart search - The search field.
 * @csspart facet - Each group of choices (a fieldset).
 * @csspart legend - The name of a group of choices.
 * @csspart chip - Each choice chip, including "All".
 * @csspart chip-count - The number of studies on a chip.
 * @csspart more-button - The "More filters" button of the compact layout.
 * @csspart more-count - The number of active facets on the "More filters" button.
 * @csspart more-facets - The box with the content, date, source, institution and body region facets, which the "More filters" button shows and hides.
 * @csspart date-inputs - The From and To fields of a custom date range.
 * @csspart note - The note that undated studies are hidden.
 * @csspart summary - The line with the number of matching studies and the Clear button.
 * @csspart clear-button - The button that clears every filter.
 *
 * @cssprop --studyline-color-background - Background of the element.
 * @cssprop --studyline-color-surface - Background of chips.
 * @cssprop --studyline-color-text - Main text colour.
 * @cssprop --studyline-color-text-muted - Counts, codes and the result line.
 * @cssprop --studyline-color-border - Borders of chips and fields.
 * @cssprop --studyline-color-surface-raised - Background of fields and buttons.
 * @cssprop --studyline-color-accent - Border and marker of chosen chips, and the count of active facets.
 * @cssprop --studyline-color-accent-surface - Background of chosen chips and of the open "More filters" button.
 * @cssprop --studyline-color-focus-ring - Keyboard focus outline.
 * @cssprop --studyline-modality-ct - Swatch colour of the CT chip. Likewise `-mr`, `-cr`, `-dx`, `-us`, `-mg`, `-nm`, `-pt`, `-xa`, `-sr`, `-doc` and `-other`.
 * @cssprop --studyline-radius - Corner radius of fields.
 * @cssprop --studyline-font-size - Base font size.
 * @cssprop --studyline-font-family - Font family.
 *
 * @cssstate filtered - At least one choice narrows the studies.
 * @cssstate empty - There are no studies to filter.
 */
export class StudylineModalityFilter extends LitElement {
  static override styles = [themeStyles, controlStyles, modalityFilterStyles];

  /** The studies whose modalities, sources and regions the chips offer, and whose counts they show. Property only. */
  @property({ attribute: false })
  studies: Study[] | undefined;

  /** The current filter. Set it to restore a saved filter; the element sets it on every user change. Property only. */
  @property({ attribute: false })
  filter: StudyFilter = {};

  /** The terminology that reads modality codes and body parts; the built-in one by default. Property only. */
  @property({ attribute: false })
  terminology: Terminology | undefined;

  /** Colour theme: `light`, `dark`, or `auto` to follow the operating system. */
  @property({ reflect: true })
  theme: StudylineTheme = 'light';

  /** Accessible name of the filter. Defaults to "Filter studies" in the element's language. */
  @property()
  label: string | undefined;

  /** `compact` folds the facets after search and modality behind a "More filters" button; `full` shows every facet. */
  @property({ reflect: true })
  layout: ModalityFilterLayout = 'compact';

  /**
   * Shows the facets behind the "More filters" button of the compact layout.
   * The element sets it when the user presses the button, and when the
   * filter gets a choice in one of those facets.
   */
  @property({ type: Boolean, reflect: true })
  expanded = false;

  @state() private counts: StudyFacetCounts | undefined;

  private readonly localize = new LocalizeController(this);
  private readonly internals: ElementInternals;
  private readonly idPrefix = `studyline-filter-${++instanceCount}`;
  private cleanCurrent: StudyFilter = {};
  /** The facets behind "More filters" in which the current filter makes a choice. */
  private foldedActive: readonly FoldedFacet[] = [];
  /** The last custom range, kept while another preset is chosen, so that switching back restores it. */
  private lastCustomRange: StudyDateRange | undefined;

  constructor() {
    super();
    this.internals = this.attachInternals();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('theme')) this.theme = checkedTheme(this.theme, 'studyline-modality-filter');
    if (changed.has('studies') && this.studies !== undefined && this.studies !== null && !Array.isArray(this.studies)) {
      warnOnce('The `studies` property of studyline-modality-filter must be an array of Study objects; it was ignored.');
    }
    if (changed.has('layout') && !LAYOUTS.includes(this.layout)) {
      warnOnce('Unknown layout value on studyline-modality-filter; use "compact" or "full". Using "compact".');
      this.layout = 'compact';
    }
    if (changed.has('filter')) {
      const activeBefore = this.foldedActive;
      this.cleanCurrent = cleanFilter(this.filter);
      if (this.cleanCurrent.dateRange?.preset === 'custom') this.lastCustomRange = this.cleanCurrent.dateRange;
      this.foldedActive = activeFoldedFacets(this.cleanCurrent);
      // A new choice behind "More filters", such as a host's saved filter, opens it so that the choice is in view.
      if (this.foldedActive.some((facet) => !activeBefore.includes(facet))) this.expanded = true;
    }
    if (changed.has('studies') || changed.has('filter') || changed.has('terminology')) {
      const studies = Array.isArray(this.studies) ? this.studies : [];
      this.counts = countStudyFacets(studies, this.cleanCurrent, { terminology: this.currentTerminology() });
    }
    setCustomState(this.internals, 'filtered', isFilterActive(this.cleanCurrent));
    setCustomState(this.internals, 'empty', (this.counts?.total ?? 0) === 0);
  }

  protected override render(): TemplateResult {
    const counts = this.counts;
    const compact = this.layout === 'compact';
    return html`
      <form
        part="base"
        class="base ${this.layout}"
        role="search"
        aria-label=${this.label ?? this.localize.term('filterLabel')}
        @submit=${(event: Event) => event.preventDefault()}
      >
        ${this.renderSearch()} ${counts === undefined ? nothing : this.renderModalities(counts)}
        ${compact ? this.renderMoreButton() : nothing}
        <div part="more-facets" id="${this.idPrefix}-more" class="more-facets" ?hidden=${compact && !this.expanded}>
          ${counts === undefined ? nothing : this.renderTypes(counts)} ${this.renderDates(counts)}
          ${counts === undefined ? nothing : this.renderSources(counts)}
          ${counts === undefined ? nothing : this.renderInstitutions(counts)}
          ${counts === undefined ? nothing : this.renderRegions(counts)}
        </div>
        ${this.renderSummary(counts)}
      </form>
    `;
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  private renderSearch(): TemplateResult {
    const id = `${this.idPrefix}-search`;
    return html`
      <div class="field search-field">
        <label class="field-label" for=${id}>${this.localize.term('filterSearchLabel')}</label>
        <input
          part="search"
          id=${id}
          class="input"
          type="search"
          autocomplete="off"
          spellcheck="false"
          placeholder=${this.localize.term('filterSearchPlaceholder')}
          .value=${live(this.cleanCurrent.search ?? '')}
          @input=${(event: InputEvent) => this.change(cleanFilter({ ...this.cleanCurrent, search: (event.target as HTMLInputElement).value }))}
        />
      </div>
    `;
  }

  /** Renders the disclosure button of the compact layout, with the number of active facets behind it. */
  private renderMoreButton(): TemplateResult {
    const active = this.foldedActive.length;
    return html`
      <button
        part="more-button"
        class="button more-button ${active > 0 ? 'active' : ''}"
        type="button"
        aria-expanded=${this.expanded ? 'true' : 'false'}
        aria-controls="${this.idPrefix}-more"
        @click=${() => (this.expanded = !this.expanded)}
      >
        <svg class="icon chevron" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${CHEVRON_ICON}</svg>
        <span>${this.localize.term('filterMore')}</span>
        ${active === 0
          ? nothing
          : html`<span part="more-count" class="more-count" aria-hidden="true">${this.localize.formatNumber(active)}</span
              ><span class="visually-hidden">, ${this.localize.plural('filterMoreActive', active)}</span>`}
      </button>
    `;
  }

  private renderModalities(counts: StudyFacetCounts): TemplateResult | typeof nothing {
    if (counts.modalityGroups.length === 0 && counts.unknownModality.present === 0) return nothing;
    const chosenGroups = this.cleanCurrent.modalityGroups ?? [];
    const language = this.localize.locale;
    const options: ChipOption[] = counts.modalityGroups.map(({ group, count, codes }) => {
      const name = localizedName(group.names, language);
      const showCodes = codes.length > 1 || group.id === 'other';
      const titles = codes.map((code) => `${code}: ${this.modalityName(code, language)}`);
      return {
        value: group.id,
        label: name,
        detail: showCodes ? codes.join(', ') : undefined,
        count,
        pressed: chosenGroups.includes(group.id),
        color: modalityColor(codes[0]),
        title: titles.join('\n'),
      };
    });
    const unknown = counts.unknownModality;
    const noneChosen = chosenGroups.length === 0 && (this.cleanCurrent.modalities ?? []).length === 0 && !this.cleanCurrent.includeUnknownModality;
    return this.renderFacet('modality', 'filterModalityLegend', [
      this.renderAllChip(noneChosen, () => this.change(clearFacet(this.cleanCurrent, 'modalityGroups'))),
      ...options.map((option) => this.renderChip(option, () => this.change(toggleChoice(this.cleanCurrent, 'modalityGroups', option.value)))),
      unknown.present > 0
        ? this.renderChip(
            {
              value: 'unknown',
              label: this.localize.term('filterUnknownModality'),
              count: unknown.count,
              pressed: this.cleanCurrent.includeUnknownModality === true,
              color: modalityColor(undefined),
            },
            () => this.change(cleanFilter({ ...this.cleanCurrent, includeUnknownModality: !this.cleanCurrent.includeUnknownModality })),
          )
        : nothing,
    ]);
  }

  private renderTypes(counts: StudyFacetCounts): TemplateResult | typeof nothing {
    if (counts.total === 0) return nothing;
    const chosen = this.cleanCurrent.types ?? [];
    return this.renderFacet('type', 'filterTypeLegend', [
      this.renderAllChip(chosen.length === 0, () => this.change(clearFacet(this.cleanCurrent, 'types'))),
      ...counts.types.map(({ type, count }) =>
        this.renderChip(
          { value: type, label: this.localize.term(type === 'images' ? 'filterTypeImages' : 'filterTypeReports'), count, pressed: chosen.includes(type) },
          () => this.change(toggleChoice(this.cleanCurrent, 'types', type)),
        ),
      ),
    ]);
  }

  private renderSources(counts: StudyFacetCounts): TemplateResult | typeof nothing {
    // One source leaves nothing to choose.
    if (counts.sources.length < 2) return nothing;
    const chosen = this.cleanCurrent.sourceIds ?? [];
    return this.renderFacet('source', 'filterSourceLegend', [
      this.renderAllChip(chosen.length === 0, () => this.change(clearFacet(this.cleanCurrent, 'sourceIds'))),
      ...counts.sources.map(({ source, count }) =>
        this.renderChip(
          {
            value: source.id,
            label: source.label,
            detail: this.localize.term(source.kind === 'internal' ? 'internalSource' : 'externalSource'),
            count,
            pressed: chosen.includes(source.id),
          },
          () => this.change(toggleChoice(this.cleanCurrent, 'sourceIds', source.id)),
        ),
      ),
    ]);
  }

  private renderInstitutions(counts: StudyFacetCounts): TemplateResult | typeof nothing {
    if (counts.institutions.length < 2) return nothing;
    // Institutions compare as the core filter compares them: without case, accents and surrounding spaces.
    const chosen = (this.cleanCurrent.institutions ?? []).map(normalizeForSearch);
    return this.renderFacet('institution', 'filterInstitutionLegend', [
      this.renderAllChip(chosen.length === 0, () => this.change(clearFacet(this.cleanCurrent, 'institutions'))),
      ...counts.institutions.map(({ name, count }) =>
        this.renderChip({ value: name, label: name, count, pressed: chosen.includes(normalizeForSearch(name)) }, () =>
          this.change(this.toggleInstitution(name)),
        ),
      ),
    ]);
  }

  private renderRegions(counts: StudyFacetCounts): TemplateResult | typeof nothing {
    if (counts.regions.length === 0) return nothing;
    const chosen = this.cleanCurrent.bodyRegions ?? [];
    const language = this.localize.locale;
    return this.renderFacet('region', 'filterRegionLegend', [
      this.renderAllChip(chosen.length === 0, () => this.change(clearFacet(this.cleanCurrent, 'bodyRegions'))),
      ...counts.regions.map(({ region, count }) =>
        this.renderChip({ value: region.id, label: localizedName(region.names, language), count, pressed: chosen.includes(region.id) }, () =>
          this.change(toggleChoice(this.cleanCurrent, 'bodyRegions', region.id)),
        ),
      ),
    ]);
  }

  private renderDates(counts: StudyFacetCounts | undefined): TemplateResult {
    const preset = datePreset(this.cleanCurrent);
    const name = `${this.idPrefix}-date`;
    const undatedHidden = counts?.undatedExcluded ?? 0;
    return html`
      <fieldset part="facet" class="facet" data-facet="date">
        <legend part="legend" class="legend">${this.localize.term('filterDateLegend')}</legend>
        <div class="chips">
          ${DATE_PRESET_TERMS.map(
            ([value, term]) => html`
              <label class="chip radio-chip" part="chip">
                <input
                  type="radio"
                  name=${name}
                  value=${value}
                  .checked=${live(preset === value)}
                  @change=${() => this.change(withDatePreset(this.cleanCurrent, value, this.lastCustomRange))}
                />
                <span>${this.localize.term(term)}</span>
              </label>
            `,
          )}
        </div>
        ${preset === 'custom' ? this.renderCustomRange() : nothing}
        ${undatedHidden > 0 ? html`<p part="note" class="note">${this.localize.plural('filterUndatedHidden', undatedHidden)}</p>` : nothing}
      </fieldset>
    `;
  }

  private renderCustomRange(): TemplateResult {
    const range = this.cleanCurrent.dateRange;
    const boundary = (boundaryName: 'from' | 'to', term: TextKey): TemplateResult => {
      const id = `${this.idPrefix}-${boundaryName}`;
      return html`
        <div class="field">
          <label class="field-label" for=${id}>${this.localize.term(term)}</label>
          <input
            id=${id}
            class="input"
            type="date"
            data-boundary=${boundaryName}
            .value=${live(range?.[boundaryName] ?? '')}
            @change=${(event: Event) => this.change(withCustomBoundary(this.cleanCurrent, boundaryName, (event.target as HTMLInputElement).value))}
          />
        </div>
      `;
    };
    return html`<div part="date-inputs" class="date-inputs">${boundary('from', 'filterDateFrom')} ${boundary('to', 'filterDateTo')}</div>`;
  }

  private renderSummary(counts: StudyFacetCounts | undefined): TemplateResult {
    const total = counts?.total ?? 0;
    const matching = counts?.matching ?? 0;
    const active = isFilterActive(this.cleanCurrent);
    return html`
      <div part="summary" class="summary">
        <span class="result">
          ${this.localize.plural('filterResult', total, {
            matching: this.localize.formatNumber(matching),
            total: this.localize.formatNumber(total),
          })}
        </span>
        ${active
          ? html`<button part="clear-button" class="button clear" type="button" @click=${() => this.change({})}>
              ${this.localize.term('filterClear')}
            </button>`
          : nothing}
        <slot></slot>
      </div>
    `;
  }

  private renderFacet(facet: string, legend: TextKey, chips: readonly (TemplateResult | typeof nothing)[]): TemplateResult {
    return html`
      <fieldset part="facet" class="facet" data-facet=${facet}>
        <legend part="legend" class="legend">${this.localize.term(legend)}</legend>
        <div class="chips">${chips}</div>
      </fieldset>
    `;
  }

  private renderAllChip(pressed: boolean, onClick: () => void): TemplateResult {
    return html`<button part="chip" class="chip" type="button" data-value="" aria-pressed=${pressed ? 'true' : 'false'} @click=${onClick}>
      ${this.localize.term('filterAll')}
    </button>`;
  }

  private renderChip(option: ChipOption, onClick: () => void): TemplateResult {
    // The count is read out as words ("3 studies") after the visible text, so the accessible name keeps the visible label.
    return html`<button
      part="chip"
      class="chip"
      type="button"
      data-value=${option.value}
      aria-pressed=${option.pressed ? 'true' : 'false'}
      title=${ifDefined(option.title === '' ? undefined : option.title)}
      @click=${onClick}
    >
      ${option.color === undefined ? nothing : html`<span class="swatch" style="--_swatch-color: ${option.color}" aria-hidden="true"></span>`}
      <span class="chip-label">${option.label}</span>
      ${option.detail === undefined ? nothing : html`<span class="chip-detail">${option.detail}</span>`}
      <span part="chip-count" class="chip-count" aria-hidden="true">${this.localize.formatNumber(option.count)}</span>
      <span class="visually-hidden">, ${this.localize.plural('studyCount', option.count)}</span>
    </button>`;
  }

  // ---------------------------------------------------------------------------------------------
  // Changes

  private currentTerminology(): Terminology {
    return this.terminology ?? defaultTerminology();
  }

  private modalityName(code: string, language: string): string {
    const names: LocalizedNames = this.currentTerminology().resolveModality(code).names;
    return localizedName(names, language);
  }

  private toggleInstitution(name: string): StudyFilter {
    const key = normalizeForSearch(name);
    const current = this.cleanCurrent.institutions ?? [];
    const without = current.filter((item) => normalizeForSearch(item) !== key);
    return cleanFilter({ ...this.cleanCurrent, institutions: without.length === current.length ? [...current, name] : without });
  }

  /** Fires the change event and, unless a listener cancels it, shows the new filter. */
  private change(next: StudyFilter): void {
    if (sameFilter(next, this.cleanCurrent)) return;
    const event = new StudylineFilterChangeEvent({ filter: structuredClone(next) });
    if (!this.dispatchEvent(event)) {
      // Controls such as a radio button or a text field already show the new value; render the kept filter again.
      this.requestUpdate();
      return;
    }
    this.filter = next;
  }
}
