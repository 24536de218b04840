import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { createTerminology, type Study, type StudyFilter } from '@studyline/core';
import './define.js';
import type { StudylineModalityFilter } from './modality-filter.js';
import type { StudylineFilterChangeEvent } from '../shared/filter-change-event.js';
import { daysAgo, filterHistory } from './test-support/filter-history.js';
import { makeStudy } from '../timeline/test-support/generate-history.js';

async function renderFilter(studies: Study[] | undefined = filterHistory(), attributes: Record<string, string> = {}): Promise<StudylineModalityFilter> {
  const element = await fixture<StudylineModalityFilter>(html`<studyline-modality-filter style="width: 760px"></studyline-modality-filter>`);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.studies = studies;
  await element.updateComplete;
  return element;
}

function shadow(element: StudylineModalityFilter): ShadowRoot {
  return element.shadowRoot!;
}

function facet(element: StudylineModalityFilter, name: string): HTMLFieldSetElement | null {
  return shadow(element).querySelector<HTMLFieldSetElement>(`fieldset[data-facet="${name}"]`);
}

function chip(element: StudylineModalityFilter, facetName: string, value: string): HTMLButtonElement {
  const button = facet(element, facetName)?.querySelector<HTMLButtonElement>(`.chip[data-value="${value}"]`);
  if (button === null || button === undefined) throw new Error(`No chip "${value}" in facet "${facetName}".`);
  return button;
}

/** Chip values with their visible counts, in order, for one facet. */
function chipCounts(element: StudylineModalityFilter, facetName: string): [string, number][] {
  return [...(facet(element, facetName)?.querySelectorAll<HTMLButtonElement>('button.chip') ?? [])]
    .filter((button) => button.dataset.value !== '')
    .map((button) => [button.dataset.value ?? '', Number(button.querySelector('.chip-count')?.textContent?.trim())]);
}

function pressed(button: Element): boolean {
  return button.getAttribute('aria-pressed') === 'true';
}

async function nextChange(element: StudylineModalityFilter, act: () => void): Promise<StudyFilter> {
  const listener = oneEvent(element, 'studyline-filter-change');
  act();
  const event = (await listener) as StudylineFilterChangeEvent;
  await element.updateComplete;
  return event.detail.filter;
}

function resultText(element: StudylineModalityFilter): string {
  return shadow(element).querySelector('.result')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

function moreButton(element: StudylineModalityFilter): HTMLButtonElement {
  const button = shadow(element).querySelector<HTMLButtonElement>('[part~="more-button"]');
  if (button === null) throw new Error('No "More filters" button.');
  return button;
}

/** Opens "More filters", as a user does before choosing in one of the facets behind it. */
async function openMoreFilters(element: StudylineModalityFilter): Promise<void> {
  if (moreButton(element).getAttribute('aria-expanded') !== 'true') moreButton(element).click();
  await element.updateComplete;
}

/** Returns whether an element of the filter takes space on screen. */
function shown(element: Element | null): boolean {
  return element !== null && element.getClientRects().length > 0;
}

describe('studyline-modality-filter', () => {
  describe('chips', () => {
    it('offers a chip per modality group with its count', async () => {
      const element = await renderFilter();

      expect(chipCounts(element, 'modality')).to.deep.equal([
        ['ct', 5],
        ['mr', 2],
        ['xray', 3],
        ['us', 1],
        ['nuclear', 1],
        ['reports', 2],
        ['unknown', 1],
      ]);
      expect(chip(element, 'modality', 'xray').textContent).to.contain('DX, CR');
      expect(chip(element, 'modality', 'xray').querySelector('.visually-hidden')!.textContent).to.equal(', 3 studies');
    });

    it('starts with no filter active', async () => {
      const element = await renderFilter();

      expect(element.matches(':state(filtered)')).to.equal(false);
      for (const name of ['modality', 'type', 'source']) {
        expect(pressed(facet(element, name)!.querySelector('.chip[data-value=""]')!), name).to.equal(true);
      }
      expect(shadow(element).querySelector<HTMLInputElement>('input[value="all"]')!.checked).to.equal(true);
      expect(resultText(element)).to.equal('13 of 13 studies shown');
      expect(shadow(element).querySelector('.clear')).to.equal(null);
    });

    it('fires a bubbling, composed change event with the filter', async () => {
      const element = await renderFilter();
      const listener = oneEvent(document, 'studyline-filter-change');

      chip(element, 'modality', 'ct').click();
      const event = (await listener) as StudylineFilterChangeEvent;
      await element.updateComplete;

      expect(event.bubbles).to.equal(true);
      expect(event.composed).to.equal(true);
      expect(event.detail.filter).to.deep.equal({ modalityGroups: ['ct'] });
      expect(element.filter).to.deep.equal({ modalityGroups: ['ct'] });
      expect(pressed(chip(element, 'modality', 'ct'))).to.equal(true);
      expect(element.matches(':state(filtered)')).to.equal(true);
      expect(resultText(element)).to.equal('5 of 13 studies shown');
    });

    it('selects several modalities and clears them with All', async () => {
      const element = await renderFilter();

      await nextChange(element, () => chip(element, 'modality', 'ct').click());
      const both = await nextChange(element, () => chip(element, 'modality', 'mr').click());
      expect(both).to.deep.equal({ modalityGroups: ['ct', 'mr'] });
      expect(resultText(element)).to.equal('7 of 13 studies shown');

      const withUnknown = await nextChange(element, () => chip(element, 'modality', 'unknown').click());
      expect(withUnknown).to.deep.equal({ modalityGroups: ['ct', 'mr'], includeUnknownModality: true });

      const cleared = await nextChange(element, () => facet(element, 'modality')!.querySelector<HTMLButtonElement>('.chip[data-value=""]')!.click());
      expect(cleared).to.deep.equal({});
      expect(pressed(chip(element, 'modality', 'ct'))).to.equal(false);
    });

    it('keeps each facet’s counts free of its own choices', async () => {
      const element = await renderFilter();

      await nextChange(element, () => chip(element, 'modality', 'ct').click());
      expect(chipCounts(element, 'modality').find(([value]) => value === 'mr')?.[1]).to.equal(2);

      await openMoreFilters(element);
      await nextChange(element, () => chip(element, 'source', 'noordwijk').click());
      expect(chipCounts(element, 'modality')).to.deep.include.members([
        ['ct', 0],
        ['mr', 1],
        ['xray', 1],
        ['us', 1],
      ]);
      expect(chipCounts(element, 'source')).to.deep.equal([
        ['rijnstad', 5],
        ['noordwijk', 0],
        ['regio-xds', 0],
      ]);
    });

    it('filters by content type', async () => {
      const element = await renderFilter();
      await openMoreFilters(element);

      expect(chipCounts(element, 'type')).to.deep.equal([
        ['images', 11],
        ['reports', 2],
      ]);
      const filter = await nextChange(element, () => chip(element, 'type', 'reports').click());
      expect(filter).to.deep.equal({ types: ['reports'] });
    });

    it('offers body regions from BodyPartExamined values', async () => {
      const element = await renderFilter();
      await openMoreFilters(element);
      const regions = chipCounts(element, 'region').map(([value]) => value);

      expect(regions).to.deep.equal(['head', 'chest', 'abdomen', 'pelvis', 'upper-extremity', 'lower-extremity', 'whole-body']);
      const filter = await nextChange(element, () => chip(element, 'region', 'abdomen').click());
      expect(filter).to.deep.equal({ bodyRegions: ['abdomen'] });
      expect(resultText(element)).to.equal('2 of 13 studies shown');
    });

    it('offers institutions only when there are several', async () => {
      const single = await renderFilter();
      expect(facet(single, 'institution')).to.equal(null);

      const studies = [
        makeStudy({ uid: 'a', date: '2020-01-01', institution: 'Rijnstad Ziekenhuis' }),
        makeStudy({ uid: 'b', date: '2021-01-01', institution: 'rijnstad ziekenhuis ' }),
        makeStudy({ uid: 'c', date: '2022-01-01', institution: 'Zeeland Kliniek' }),
      ];
      const element = await renderFilter(studies);
      await openMoreFilters(element);
      expect(chipCounts(element, 'institution')).to.deep.equal([
        ['Rijnstad Ziekenhuis', 2],
        ['Zeeland Kliniek', 1],
      ]);
      const filter = await nextChange(element, () => chip(element, 'institution', 'Zeeland Kliniek').click());
      expect(filter).to.deep.equal({ institutions: ['Zeeland Kliniek'] });
    });

    it('keeps the previous filter when the event is cancelled', async () => {
      const element = await renderFilter();
      element.addEventListener('studyline-filter-change', (event) => event.preventDefault());

      chip(element, 'modality', 'ct').click();
      await element.updateComplete;

      expect(element.filter).to.deep.equal({});
      expect(pressed(chip(element, 'modality', 'ct'))).to.equal(false);
    });

    it('shows a filter set by the host', async () => {
      const element = await renderFilter();
      element.filter = { modalityGroups: ['mr'], dateRange: { preset: 'last-5-years' }, search: 'knie' };
      await element.updateComplete;

      expect(pressed(chip(element, 'modality', 'mr'))).to.equal(true);
      expect(shadow(element).querySelector<HTMLInputElement>('input[value="last-5-years"]')!.checked).to.equal(true);
      expect(shadow(element).querySelector<HTMLInputElement>('input[type="search"]')!.value).to.equal('knie');
      expect(resultText(element)).to.equal('1 of 13 studies shown');
    });

    it('clears every filter with one button', async () => {
      const element = await renderFilter();
      element.filter = { modalityGroups: ['mr'], search: 'knie' };
      await element.updateComplete;

      const filter = await nextChange(element, () => shadow(element).querySelector<HTMLButtonElement>('.clear')!.click());

      expect(filter).to.deep.equal({});
      expect(shadow(element).querySelector<HTMLInputElement>('input[type="search"]')!.value).to.equal('');
    });
  });

  describe('more filters', () => {
    afterEach(async () => {
      await setViewport({ width: 800, height: 600 });
    });

    it('folds the other facets by default', async () => {
      const element = await renderFilter();
      const button = moreButton(element);
      const panel = shadow(element).getElementById(button.getAttribute('aria-controls') ?? '');

      expect(element.layout).to.equal('compact');
      expect(element.expanded).to.equal(false);
      expect(shown(shadow(element).querySelector('input[type="search"]'))).to.equal(true);
      expect(shown(facet(element, 'modality'))).to.equal(true);
      expect(shown(shadow(element).querySelector('[part~="summary"]'))).to.equal(true);
      for (const name of ['type', 'date', 'source', 'region']) expect(shown(facet(element, name)), name).to.equal(false);
      expect(panel?.getAttribute('part')).to.equal('more-facets');
      expect(button.getAttribute('aria-expanded')).to.equal('false');
      expect(button.textContent?.replace(/\s+/g, ' ').trim()).to.equal('More filters');
      expect(shadow(element).querySelector('[part~="more-count"]')).to.equal(null);
    });

    it('opens and closes with the button and keys', async () => {
      const element = await renderFilter();

      moreButton(element).click();
      await element.updateComplete;
      expect(element.expanded).to.equal(true);
      expect(element.hasAttribute('expanded')).to.equal(true);
      expect(moreButton(element).getAttribute('aria-expanded')).to.equal('true');
      for (const name of ['type', 'date', 'source', 'region']) expect(shown(facet(element, name)), name).to.equal(true);

      moreButton(element).focus();
      await sendKeys({ press: 'Enter' });
      await element.updateComplete;
      expect(element.expanded).to.equal(false);
      expect(shown(facet(element, 'date'))).to.equal(false);

      await sendKeys({ press: 'Space' });
      await element.updateComplete;
      expect(element.expanded).to.equal(true);
      expect(shown(facet(element, 'date'))).to.equal(true);
      expect(shadow(element).activeElement).to.equal(moreButton(element));
    });

    it('counts the active facets behind it', async () => {
      const element = await renderFilter();
      await openMoreFilters(element);

      await nextChange(element, () => chip(element, 'type', 'images').click());
      await nextChange(element, () => chip(element, 'source', 'noordwijk').click());
      await nextChange(element, () => chip(element, 'modality', 'mr').click());
      moreButton(element).click();
      await element.updateComplete;

      // Modality and search are in view, so only the type and source facets count.
      expect(element.expanded).to.equal(false);
      expect(shadow(element).querySelector('[part~="more-count"]')?.textContent?.trim()).to.equal('2');
      expect(moreButton(element).textContent?.replace(/\s+/g, ' ').trim()).to.equal('More filters 2, 2 active');
      expect(resultText(element)).to.equal('1 of 13 studies shown');

      await nextChange(element, () => shadow(element).querySelector<HTMLButtonElement>('.clear')!.click());
      expect(shadow(element).querySelector('[part~="more-count"]')).to.equal(null);
      expect(element.expanded, 'Clear leaves the button as the user set it').to.equal(false);
    });

    it('opens for a new choice in a folded facet', async () => {
      const element = await renderFilter();

      element.filter = { modalityGroups: ['ct'], search: 'thorax' };
      await element.updateComplete;
      expect(element.expanded, 'modality and search are in view').to.equal(false);

      element.filter = { modalityGroups: ['ct'], dateRange: { preset: 'last-5-years' } };
      await element.updateComplete;
      expect(element.expanded).to.equal(true);
      expect(shown(shadow(element).querySelector('input[value="last-5-years"]'))).to.equal(true);

      // A user who closes it keeps it closed while the same facets stay active.
      moreButton(element).click();
      await element.updateComplete;
      element.filter = { dateRange: { preset: 'last-year' } };
      await element.updateComplete;
      expect(element.expanded).to.equal(false);

      element.filter = { dateRange: { preset: 'last-year' }, bodyRegions: ['chest'] };
      await element.updateComplete;
      expect(element.expanded).to.equal(true);
    });

    it('starts open for a saved filter', async () => {
      const element = await fixture<StudylineModalityFilter>(
        html`<studyline-modality-filter .studies=${filterHistory()} .filter=${{ institutions: ['Noordwijk MC'] }}></studyline-modality-filter>`,
      );

      expect(element.expanded).to.equal(true);
      expect(shadow(element).querySelector('[part~="more-count"]')?.textContent?.trim()).to.equal('1');
    });

    it('shows every facet in the full layout', async () => {
      const element = await renderFilter(filterHistory(), { layout: 'full' });

      expect(shadow(element).querySelector('[part~="more-button"]')).to.equal(null);
      for (const name of ['modality', 'type', 'date', 'source', 'region']) expect(shown(facet(element, name)), name).to.equal(true);
      const filter = await nextChange(element, () => chip(element, 'type', 'reports').click());
      expect(filter).to.deep.equal({ types: ['reports'] });
    });

    it('takes under a third of the height at 1,400 px', async () => {
      await setViewport({ width: 1400, height: 900 });
      const element = await fixture<StudylineModalityFilter>(html`<studyline-modality-filter></studyline-modality-filter>`);
      element.studies = filterHistory();
      await element.updateComplete;
      const compact = element.getBoundingClientRect().height;
      const search = shadow(element).querySelector('input[type="search"]')!.getBoundingClientRect();
      const modality = facet(element, 'modality')!.getBoundingClientRect();

      element.layout = 'full';
      await element.updateComplete;
      const full = element.getBoundingClientRect().height;

      expect(compact).to.be.below(full / 3);
      expect(modality.top, 'search and modality share a row').to.be.below(search.bottom);
    });

    it('uses Dutch for the button', async () => {
      const element = await renderFilter(filterHistory(), { lang: 'nl' });
      element.filter = { sourceIds: ['noordwijk'] };
      await element.updateComplete;

      expect(moreButton(element).textContent?.replace(/\s+/g, ' ').trim()).to.equal('Meer filters 1, 1 actief');
    });

    it('falls back for an unknown layout', async () => {
      const element = await renderFilter(filterHistory(), { layout: 'sideways' });

      expect(element.layout).to.equal('compact');
      expect(shadow(element).querySelector('[part~="more-button"]')).to.not.equal(null);
    });

    it('passes axe folded with a count in the dark theme', async () => {
      const element = await renderFilter(filterHistory(), { theme: 'dark' });
      element.filter = { types: ['images'], modalityGroups: ['ct'] };
      await element.updateComplete;
      moreButton(element).click();
      await element.updateComplete;

      expect(element.expanded).to.equal(false);
      await expect(element).to.be.accessible();
    });
  });

  describe('search and dates', () => {
    it('searches as the user types', async () => {
      const element = await renderFilter();
      shadow(element).querySelector<HTMLInputElement>('input[type="search"]')!.focus();

      const listener = oneEvent(element, 'studyline-filter-change');
      await sendKeys({ type: 'rz-9001' });
      await listener;
      await element.updateComplete;

      expect(element.filter.search).to.equal('rz-9001');
      expect(resultText(element)).to.equal('1 of 13 studies shown');
    });

    it('applies a date preset and notes hidden undated studies', async () => {
      const element = await renderFilter();
      await openMoreFilters(element);

      const filter = await nextChange(element, () => shadow(element).querySelector<HTMLInputElement>('input[value="last-year"]')!.click());

      expect(filter).to.deep.equal({ dateRange: { preset: 'last-year' } });
      expect(resultText(element)).to.equal('4 of 13 studies shown');
      expect(shadow(element).querySelector('.note')!.textContent?.trim()).to.equal('1 study without a date is hidden by the date range.');
    });

    it('takes a custom range from the From and To fields', async () => {
      const element = await renderFilter();
      await openMoreFilters(element);
      await nextChange(element, () => shadow(element).querySelector<HTMLInputElement>('input[value="custom"]')!.click());
      const from = shadow(element).querySelector<HTMLInputElement>('input[data-boundary="from"]')!;
      const to = shadow(element).querySelector<HTMLInputElement>('input[data-boundary="to"]')!;

      from.value = daysAgo(600);
      let filter = await nextChange(element, () => from.dispatchEvent(new Event('change', { bubbles: true })));
      expect(filter.dateRange).to.deep.equal({ preset: 'custom', from: daysAgo(600) });

      to.value = daysAgo(100);
      filter = await nextChange(element, () => to.dispatchEvent(new Event('change', { bubbles: true })));
      expect(filter.dateRange).to.deep.equal({ preset: 'custom', from: daysAgo(600), to: daysAgo(100) });
      expect(resultText(element)).to.equal('3 of 13 studies shown');

      // Back to all dates and to custom again restores the range.
      await nextChange(element, () => shadow(element).querySelector<HTMLInputElement>('input[value="all"]')!.click());
      expect(shadow(element).querySelector('input[data-boundary="from"]')).to.equal(null);
      filter = await nextChange(element, () => shadow(element).querySelector<HTMLInputElement>('input[value="custom"]')!.click());
      expect(filter.dateRange).to.deep.equal({ preset: 'custom', from: daysAgo(600), to: daysAgo(100) });
    });
  });

  describe('keyboard', () => {
    it('toggles a chip with Space and Enter', async () => {
      const element = await renderFilter();
      chip(element, 'modality', 'mr').focus();

      let listener = oneEvent(element, 'studyline-filter-change');
      await sendKeys({ press: 'Space' });
      expect(((await listener) as StudylineFilterChangeEvent).detail.filter).to.deep.equal({ modalityGroups: ['mr'] });

      listener = oneEvent(element, 'studyline-filter-change');
      await sendKeys({ press: 'Enter' });
      expect(((await listener) as StudylineFilterChangeEvent).detail.filter).to.deep.equal({});
    });

    it('moves between date presets with the arrow keys', async () => {
      const element = await renderFilter();
      await openMoreFilters(element);
      shadow(element).querySelector<HTMLInputElement>('input[value="all"]')!.focus();

      const listener = oneEvent(element, 'studyline-filter-change');
      await sendKeys({ press: 'ArrowRight' });
      const event = (await listener) as StudylineFilterChangeEvent;

      expect(event.detail.filter).to.deep.equal({ dateRange: { preset: 'last-year' } });
    });
  });

  describe('language and theme', () => {
    it('uses Dutch labels and terminology names for lang="nl"', async () => {
      const element = await renderFilter(filterHistory(), { lang: 'nl' });
      await element.updateComplete;

      expect(facet(element, 'modality')!.querySelector('legend')!.textContent?.trim()).to.equal('Modaliteit');
      expect(chip(element, 'modality', 'xray').querySelector('.chip-label')!.textContent).to.equal('Röntgen');
      expect(chip(element, 'modality', 'us').querySelector('.visually-hidden')!.textContent).to.equal(', 1 onderzoek');
      expect(chip(element, 'region', 'abdomen').textContent).to.contain('Buik');
      expect(shadow(element).querySelector('input[value="last-5-years"]')!.parentElement!.textContent?.trim()).to.equal('Afgelopen 5 jaar');
      expect(resultText(element)).to.equal('13 van 13 onderzoeken getoond');
    });

    it('uses an institution’s terminology', async () => {
      const element = await renderFilter(filterHistory());
      element.terminology = createTerminology({ modalityGroups: { xray: { names: { en: 'Radiography' } } } });
      await element.updateComplete;

      expect(chip(element, 'modality', 'xray').querySelector('.chip-label')!.textContent).to.equal('Radiography');
    });

    it('paints the dark theme', async () => {
      const element = await renderFilter(filterHistory(), { theme: 'dark' });

      expect(getComputedStyle(element).backgroundColor).to.equal('rgb(17, 20, 23)');
    });
  });

  describe('layout', () => {
    afterEach(async () => {
      await setViewport({ width: 800, height: 600 });
    });

    it('wraps chips and stacks the date fields at 360 px', async () => {
      await setViewport({ width: 360, height: 800 });
      const element = await fixture<StudylineModalityFilter>(html`<studyline-modality-filter></studyline-modality-filter>`);
      element.studies = filterHistory();
      element.filter = { dateRange: { preset: 'custom' } };
      await element.updateComplete;

      const chips = [...facet(element, 'modality')!.querySelectorAll('.chip')].map((button) => button.getBoundingClientRect());
      expect(new Set(chips.map((box) => Math.round(box.top))).size).to.be.greaterThan(1);
      expect(Math.max(...chips.map((box) => box.right))).to.be.at.most(360);
      const from = shadow(element).querySelector('input[data-boundary="from"]')!.getBoundingClientRect();
      const to = shadow(element).querySelector('input[data-boundary="to"]')!.getBoundingClientRect();
      expect(to.top).to.be.greaterThan(from.bottom - 1);
      expect(Math.round(to.left)).to.equal(Math.round(from.left));
      expect(document.documentElement.scrollWidth).to.be.at.most(360);
    });
  });

  describe('bad input', () => {
    it('shows no chips for no studies', async () => {
      const element = await renderFilter([]);

      expect(element.matches(':state(empty)')).to.equal(true);
      expect(facet(element, 'modality')).to.equal(null);
      expect(resultText(element)).to.equal('0 of 0 studies shown');
    });

    it('ignores a studies value that is not an array', async () => {
      const element = await renderFilter('studies' as unknown as Study[]);

      expect(element.matches(':state(empty)')).to.equal(true);
    });

    it('skips values that are not studies and keeps odd codes', async () => {
      const odd = makeStudy({ uid: 'odd', date: '2020-01-01', modalities: ['ZZ'] });
      const element = await renderFilter([null, 5, { studyInstanceUid: 3 }, odd] as unknown as Study[]);

      expect(chipCounts(element, 'modality')).to.deep.equal([['other', 1]]);
      expect(chip(element, 'modality', 'other').textContent).to.contain('ZZ');
      expect(resultText(element)).to.equal('1 of 1 study shown');
    });

    it('reads a malformed filter from the host as no choice', async () => {
      const element = await renderFilter();
      element.filter = { modalityGroups: 'ct', dateRange: { preset: 'someday' }, types: ['videos'] } as unknown as StudyFilter;
      await element.updateComplete;

      expect(element.matches(':state(filtered)')).to.equal(false);
      expect(pressed(facet(element, 'modality')!.querySelector('.chip[data-value=""]')!)).to.equal(true);
      expect(resultText(element)).to.equal('13 of 13 studies shown');
    });
  });

  describe('accessibility', () => {
    afterEach(async () => {
      await setViewport({ width: 800, height: 600 });
    });

    it('passes axe in the light theme', async () => {
      const element = await renderFilter();
      element.filter = { modalityGroups: ['ct'], dateRange: { preset: 'custom', from: '2020-01-01' } };
      await element.updateComplete;

      await expect(element).to.be.accessible();
    });

    it('passes axe in the dark theme at 360 px', async () => {
      await setViewport({ width: 360, height: 800 });
      const element = await renderFilter(filterHistory(), { theme: 'dark', lang: 'nl' });
      element.filter = { sourceIds: ['noordwijk'], dateRange: { preset: 'last-year' } };
      await element.updateComplete;

      await expect(element).to.be.accessible();
    });
  });
});
