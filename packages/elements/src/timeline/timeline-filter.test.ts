import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import type { Study, StudyFilter } from '@studyline/core';
import './define.js';
import '../modality-filter/define.js';
import '../study-list/define.js';
import type { StudylineModalityFilter } from '../modality-filter/modality-filter.js';
import { filterHistory } from '../modality-filter/test-support/filter-history.js';
import type { StudylineStudyList } from '../study-list/study-list.js';
import type { StudylineTimeline } from './timeline.js';
import { NOORDWIJK, OWN_ARCHIVE, REGIONAL_XDS, incompleteOutcome } from './test-support/generate-history.js';

async function settle(element: StudylineTimeline): Promise<void> {
  await element.updateComplete;
  await nextFrame();
  await nextFrame();
  await element.updateComplete;
}

async function renderTimeline(studies: Study[], filter?: StudyFilter, attributes: Record<string, string> = {}): Promise<StudylineTimeline> {
  const element = await fixture<StudylineTimeline>(html`<studyline-timeline style="width: 760px"></studyline-timeline>`);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.studies = studies;
  element.filter = filter;
  await settle(element);
  return element;
}

function shadow(element: HTMLElement): ShadowRoot {
  return element.shadowRoot!;
}

/** Studies behind the shown marks, clusters and rows. */
function shownStudies(element: StudylineTimeline): number {
  const marks = shadow(element).querySelectorAll('.mark, .row').length;
  const clustered = [...shadow(element).querySelectorAll('.cluster')].reduce((sum, cluster) => sum + Number(cluster.textContent!.replace(/\D/g, '')), 0);
  return marks + clustered;
}

function laneIds(element: StudylineTimeline): string[] {
  return [...shadow(element).querySelectorAll<HTMLElement>('[data-lane-id]')].map((lane) => lane.dataset.laneId ?? '');
}

async function announcement(element: StudylineTimeline): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  await element.updateComplete;
  return shadow(element).querySelector('[aria-live="polite"]')!.textContent?.trim() ?? '';
}

describe('studyline-timeline filter', () => {
  it('shows every study without a filter', async () => {
    const element = await renderTimeline(filterHistory());

    expect(shownStudies(element)).to.equal(13);
    expect(element.matches(':state(filtered)')).to.equal(false);
  });

  it('hides studies outside a modality filter and announces the count', async () => {
    const element = await renderTimeline(filterHistory());

    element.filter = { modalityGroups: ['ct'] };
    await settle(element);

    expect(shownStudies(element)).to.equal(5);
    expect(element.matches(':state(filtered)')).to.equal(true);
    expect([...shadow(element).querySelectorAll('.mark')].every((mark) => mark.getAttribute('aria-label')!.includes('CT'))).to.equal(true);
    expect(await announcement(element)).to.equal('5 of 13 studies visible');
  });

  it('removes lanes of sources without matching studies', async () => {
    const element = await renderTimeline(filterHistory(), { modalityGroups: ['mr'] });

    expect(laneIds(element)).to.deep.equal(['source:rijnstad', 'source:noordwijk']);
    expect(shownStudies(element)).to.equal(2);
  });

  it('leaves undated studies out of a date range', async () => {
    const element = await renderTimeline(filterHistory(), { dateRange: { preset: 'last-year' } });

    expect(shownStudies(element)).to.equal(4);
    expect(laneIds(element)).to.not.include('undated');
    expect(await announcementAfterChange(element, { dateRange: { preset: 'last-5-years' } })).to.equal('9 of 13 studies visible');
  });

  it('keeps the source banners while filtering', async () => {
    const element = await renderTimeline(filterHistory(), { sourceIds: [OWN_ARCHIVE.id] });
    element.sources = [
      { source: OWN_ARCHIVE, status: { state: 'complete' }, studyCount: 8 },
      incompleteOutcome(NOORDWIJK, 'The server returned the first 3 studies only.', 3),
      { source: REGIONAL_XDS, status: { state: 'complete' }, studyCount: 2 },
    ];
    await settle(element);

    expect(laneIds(element)).to.deep.equal(['source:rijnstad', 'undated']);
    const banner = shadow(element).querySelector('[part="banner"]')!;
    expect(banner.getAttribute('data-source-id')).to.equal('noordwijk');
    expect(element.matches(':state(incomplete)')).to.equal(true);
  });

  it('says so when the filter leaves no study', async () => {
    const element = await renderTimeline(filterHistory(), { search: 'no such study' });

    expect(shadow(element).querySelector('[part="empty"]')!.textContent?.trim()).to.equal('No studies match the filter');
    expect(element.matches(':state(empty)')).to.equal(false);
    expect(element.matches(':state(filtered)')).to.equal(true);
  });

  it('announces in Dutch', async () => {
    const element = await renderTimeline(filterHistory(), undefined, { lang: 'nl' });

    element.filter = { modalityGroups: ['xray'] };
    await settle(element);

    expect(await announcement(element)).to.equal('3 van 13 onderzoeken zichtbaar');
    element.filter = { search: 'niets' };
    await settle(element);
    expect(shadow(element).querySelector('[part="empty"]')!.textContent?.trim()).to.equal('Geen onderzoeken voldoen aan het filter');
  });

  it('filters the vertical layout', async () => {
    const element = await renderTimeline(filterHistory(), { modalityGroups: ['xray', 'us'] }, { layout: 'vertical' });

    expect(shadow(element).querySelectorAll('.row')).to.have.length(4);
  });

  it('selects a study after filtering', async () => {
    const element = await renderTimeline(filterHistory(), { modalityGroups: ['us'] });
    const listener = oneEvent(element, 'studyline-study-select');

    shadow(element).querySelector<HTMLButtonElement>('.mark')!.click();
    const event = await listener;

    expect(event.detail.study.studyInstanceUid).to.equal('f.6');
  });

  it('passes axe with a filter', async () => {
    const element = await renderTimeline(filterHistory(), { modalityGroups: ['ct', 'mr'] }, { theme: 'dark' });

    await expect(element).to.be.accessible();
  });
});

async function announcementAfterChange(element: StudylineTimeline, filter: StudyFilter): Promise<string> {
  element.filter = filter;
  await settle(element);
  return announcement(element);
}

describe('filter, timeline and list together', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('narrows the timeline and the list from the filter’s chips', async () => {
    const page = await fixture<HTMLDivElement>(html`<div style="width: 760px">
      <studyline-modality-filter></studyline-modality-filter>
      <studyline-timeline></studyline-timeline>
      <studyline-study-list layout="table" sort-storage-key=""></studyline-study-list>
    </div>`);
    const filter = page.querySelector<StudylineModalityFilter>('studyline-modality-filter')!;
    const timeline = page.querySelector<StudylineTimeline>('studyline-timeline')!;
    const list = page.querySelector<StudylineStudyList>('studyline-study-list')!;
    const studies = filterHistory();
    filter.studies = studies;
    timeline.studies = studies;
    list.studies = studies;
    page.addEventListener('studyline-filter-change', (event) => {
      timeline.filter = event.detail.filter;
      list.filter = event.detail.filter;
    });
    await settle(timeline);

    shadow(filter).querySelector<HTMLButtonElement>('.chip[data-value="xray"]')!.click();
    await settle(timeline);
    await list.updateComplete;

    const xrayCount = Number(shadow(filter).querySelector('.chip[data-value="xray"] .chip-count')!.textContent);
    expect(xrayCount).to.equal(3);
    expect(shownStudies(timeline)).to.equal(3);
    expect(shadow(list).querySelectorAll('tbody tr')).to.have.length(3);
    expect(await announcement(timeline)).to.equal('3 of 13 studies visible');

    shadow(filter).querySelector<HTMLButtonElement>('.chip[data-value="noordwijk"]')!.click();
    await settle(timeline);
    await list.updateComplete;

    expect(shownStudies(timeline)).to.equal(1);
    expect(shadow(list).querySelectorAll('tbody tr')).to.have.length(1);
    expect(shadow(list).querySelector('tbody tr')!.textContent).to.contain('Hand rechts');
  });
});
