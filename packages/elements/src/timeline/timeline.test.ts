import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { emulateMedia, resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { StudylineError, type Study } from '@studyline/core';
import './define.js';
import type { StudylineTimeline } from './timeline.js';
import {
  NOORDWIJK,
  OWN_ARCHIVE,
  REGIONAL_XDS,
  failedOutcome,
  generateHistory,
  incompleteOutcome,
  makeStudy,
} from './test-support/generate-history.js';
import { ScriptedAdapter } from './test-support/scripted-adapter.js';

const DAY = 24 * 60 * 60 * 1000;

/** Waits until the element has measured itself (ResizeObserver) and rendered the result. */
async function settle(element: StudylineTimeline): Promise<void> {
  await element.updateComplete;
  await nextFrame();
  await nextFrame();
  await element.updateComplete;
}

async function renderTimeline(studies: Study[] | undefined, attributes: Record<string, string> = {}): Promise<StudylineTimeline> {
  const element = await fixture<StudylineTimeline>(html`<studyline-timeline style="width: 760px"></studyline-timeline>`);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.studies = studies;
  await settle(element);
  return element;
}

function shadow(element: StudylineTimeline): ShadowRoot {
  return element.shadowRoot!;
}

function marks(element: StudylineTimeline): HTMLButtonElement[] {
  return [...shadow(element).querySelectorAll<HTMLButtonElement>('.mark')];
}

function clusters(element: StudylineTimeline): HTMLButtonElement[] {
  return [...shadow(element).querySelectorAll<HTMLButtonElement>('.cluster')];
}

function laneLabels(element: StudylineTimeline): string[] {
  return [...shadow(element).querySelectorAll('.lane-label > span:first-child')].map((label) => label.textContent?.trim() ?? '');
}

function focusedLabel(element: StudylineTimeline): string {
  return shadow(element).activeElement?.getAttribute('aria-label') ?? '';
}

function span(element: StudylineTimeline): number {
  const range = element.visibleRange!;
  return range.end.getTime() - range.start.getTime();
}

/** Sum of the studies behind the shown marks and clusters. */
function shownStudies(element: StudylineTimeline): number {
  return marks(element).length + clusters(element).reduce((sum, cluster) => sum + Number(cluster.textContent!.replace(/\D/g, '')), 0);
}

const threeApart = [
  makeStudy({ uid: '1.1', date: '2012-05-10', modalities: ['MR'], description: 'MR knee' }),
  makeStudy({ uid: '1.2', date: '2016-08-20', modalities: ['US'], description: 'US abdomen' }),
  makeStudy({ uid: '1.3', date: '2021-03-04', modalities: ['CT'], description: 'CT abdomen' }),
];

/** Two lanes: the own archive (2012, 2016, 2021) and Noordwijk MC (2014, 2019). */
const twoLanes = [
  makeStudy({ uid: 'a', date: '2012-01-10', description: 'A' }),
  makeStudy({ uid: 'b', date: '2016-06-15', description: 'B' }),
  makeStudy({ uid: 'c', date: '2021-03-04', description: 'C' }),
  makeStudy({ uid: 'd', date: '2014-02-01', description: 'D', sources: [NOORDWIJK] }),
  makeStudy({ uid: 'e', date: '2019-09-09', description: 'E', sources: [NOORDWIJK] }),
];

function oneWeekOfStudies(): Study[] {
  return Array.from({ length: 20 }, (_, index) =>
    makeStudy({
      uid: `w.${index}`,
      date: `2018-04-${String(2 + Math.floor(index / 3)).padStart(2, '0')}`,
      time: `${String(8 + (index % 3) * 4).padStart(2, '0')}:00`,
      modalities: ['CR'],
    }),
  );
}

describe('studyline-timeline', () => {
  describe('marks and clusters', () => {
    it('shows three studies far apart as three marks', async () => {
      const element = await renderTimeline(threeApart);

      expect(marks(element)).to.have.length(3);
      expect(clusters(element)).to.have.length(0);
      expect(marks(element).map((mark) => mark.textContent?.trim())).to.deep.equal(['MR', 'US', 'CT']);
    });

    it('labels a mark with date, modality, description and source', async () => {
      const element = await renderTimeline(threeApart, { lang: 'en-GB' });

      expect(marks(element)[2].getAttribute('aria-label')).to.equal('4 March 2021, CT, CT abdomen, Rijnstad Ziekenhuis');
    });

    it('merges 20 studies in one week into one cluster when zoomed out', async () => {
      const element = await renderTimeline([...threeApart, ...oneWeekOfStudies()]);

      expect(clusters(element)).to.have.length(1);
      expect(clusters(element)[0].textContent?.trim()).to.equal('20');
      expect(marks(element)).to.have.length(3);
    });

    it('splits the cluster when zooming in', async () => {
      const element = await renderTimeline([...threeApart, ...oneWeekOfStudies()]);

      element.zoomToRange(Date.UTC(2018, 3, 1), Date.UTC(2018, 3, 10));
      await settle(element);

      expect(marks(element).length + clusters(element).length).to.be.greaterThan(1);
      expect(shownStudies(element)).to.equal(20);
    });

    it('zooms to a cluster’s studies when activated', async () => {
      const element = await renderTimeline([...threeApart, ...oneWeekOfStudies()]);
      const before = span(element);

      clusters(element)[0].click();
      await settle(element);

      const range = element.visibleRange!;
      expect(span(element)).to.be.lessThan(before / 100);
      expect(range.start.getTime()).to.be.at.most(Date.UTC(2018, 3, 2, 8));
      expect(range.end.getTime()).to.be.at.least(Date.UTC(2018, 3, 8, 16));
    });

    it('separates studies on the same day at the deepest zoom', async () => {
      const sameDay = [1, 2, 3].map((index) => makeStudy({ uid: `s.${index}`, date: '2020-02-02' }));
      const element = await renderTimeline(sameDay);

      element.zoomToRange(Date.UTC(2020, 1, 2), Date.UTC(2020, 1, 2, 1));
      await settle(element);

      expect(marks(element)).to.have.length(3);
      const positions = marks(element).map((mark) => mark.getBoundingClientRect().left);
      expect(new Set(positions).size).to.equal(3);
    });

    it('keeps the DOM small for 10,000 studies', async () => {
      const history = generateHistory({ count: 10_000, seed: 7 });
      const started = performance.now();
      const element = await renderTimeline(history.studies);
      const firstRender = performance.now() - started;

      expect(marks(element).length + clusters(element).length).to.be.below(1000);
      expect(shownStudies(element)).to.equal(10_000);

      const zoomStarted = performance.now();
      element.zoomIn();
      await element.updateComplete;
      const zoomRender = performance.now() - zoomStarted;
      expect(marks(element).length + clusters(element).length).to.be.below(1000);
      console.log(`10,000 studies: first render ${firstRender.toFixed(0)} ms, zoom render ${zoomRender.toFixed(0)} ms`);
    });
  });

  describe('lanes', () => {
    const mixed = [
      makeStudy({ uid: '1', date: '2015-01-01', modalities: ['MR'], sources: [REGIONAL_XDS] }),
      makeStudy({ uid: '2', date: '2016-01-01', modalities: ['CT'], sources: [NOORDWIJK] }),
      makeStudy({ uid: '3', date: '2017-01-01', modalities: ['US'], sources: [OWN_ARCHIVE] }),
      makeStudy({ uid: '4', date: '2018-01-01', modalities: ['CT'], sources: [OWN_ARCHIVE, NOORDWIJK] }),
    ];

    it('groups by source, own archive first, then external by label', async () => {
      const element = await renderTimeline(mixed);

      expect(laneLabels(element)).to.deep.equal(['Rijnstad Ziekenhuis', 'Noordwijk MC', 'Regio XDS']);
    });

    it('groups by modality through the attribute', async () => {
      const element = await renderTimeline(mixed, { 'lane-mode': 'modality' });

      expect(laneLabels(element)).to.deep.equal(['CT', 'MR', 'US']);
    });

    it('switches to modality lanes through the segmented control', async () => {
      const element = await renderTimeline(mixed);
      const button = shadow(element).querySelector<HTMLButtonElement>('[data-lane-mode="modality"]')!;

      button.click();
      await settle(element);

      expect(element.laneMode).to.equal('modality');
      expect(element.getAttribute('lane-mode')).to.equal('modality');
      expect(button.getAttribute('aria-pressed')).to.equal('true');
      expect(laneLabels(element)).to.deep.equal(['CT', 'MR', 'US']);
    });

    it('badges a shared study in the internal lane', async () => {
      const element = await renderTimeline(mixed);
      const internalLane = shadow(element).querySelector('[data-lane-id="source:rijnstad"]')!;
      const shared = [...internalLane.querySelectorAll('.mark')].find((mark) => mark.getAttribute('aria-label')?.includes('2018'));

      expect(shared).to.not.equal(undefined);
      expect(shared!.querySelector('.badge')).to.not.equal(null);
      expect(shared!.getAttribute('aria-label')).to.contain('also at Noordwijk MC');
    });

    it('puts undated studies in their own lane, off the axis', async () => {
      const undated = makeStudy({ uid: 'u1', modalities: ['CR'] });
      const broken = makeStudy({ uid: 'u2', date: '2020-01-01' });
      broken.timestamp = { ...broken.timestamp!, epochMs: Number.NaN };
      const element = await renderTimeline([...threeApart, undated, broken]);
      const undatedLane = shadow(element).querySelector('[data-lane-id="undated"]')!;

      expect(undatedLane.querySelectorAll('.mark')).to.have.length(2);
      expect(shadow(element).querySelector('.plot')!.querySelectorAll('.mark')).to.have.length(3);
      expect(undatedLane.querySelector('.mark')!.getAttribute('aria-label')).to.contain('Date unknown');
      expect(shadow(element).textContent).to.not.contain('Invalid');
    });

    it('shows only the undated lane when no study has a date', async () => {
      const element = await renderTimeline([makeStudy({ uid: 'u1' })]);

      expect(shadow(element).querySelector('.plot')).to.equal(null);
      expect(shadow(element).querySelectorAll('[data-lane-id="undated"] .mark')).to.have.length(1);
    });

    it('marks an unknown modality with text, not colour alone', async () => {
      const element = await renderTimeline([
        makeStudy({ uid: 'x1', date: '2010-01-01', modalities: [] }),
        makeStudy({ uid: 'x2', date: '2020-01-01', modalities: ['ZZ'] }),
      ]);
      const [none, unknown] = marks(element);

      expect(none.textContent?.trim()).to.equal('?');
      expect(none.getAttribute('aria-label')).to.contain('unknown modality');
      expect(unknown.textContent?.trim()).to.equal('ZZ');
      expect(unknown.getAttribute('style')).to.contain('--_sl-modality-other');
    });
  });

  describe('selection', () => {
    it('dispatches a cancelable select event with the study', async () => {
      const element = await renderTimeline(threeApart);
      const listener = oneEvent(element, 'studyline-study-select');

      marks(element)[1].click();
      const event = await listener;

      expect(event.detail.study.studyInstanceUid).to.equal('1.2');
      expect(event.cancelable).to.equal(true);
      await element.updateComplete;
      expect(element.selectedStudyUid).to.equal('1.2');
      expect(element.getAttribute('selected-study-uid')).to.equal('1.2');
      expect(marks(element)[1].getAttribute('aria-current')).to.equal('true');
    });

    it('keeps the selection when the event is cancelled', async () => {
      const element = await renderTimeline(threeApart);
      element.addEventListener('studyline-study-select', (event) => event.preventDefault());

      marks(element)[0].click();
      await element.updateComplete;

      expect(element.selectedStudyUid).to.equal(undefined);
      expect(marks(element)[0].hasAttribute('aria-current')).to.equal(false);
    });

    it('selects with Enter on a focused mark', async () => {
      const element = await renderTimeline(threeApart);
      marks(element)[0].focus();
      const listener = oneEvent(element, 'studyline-study-select');

      await sendKeys({ press: 'Enter' });
      const event = await listener;

      expect(event.detail.study.studyInstanceUid).to.equal('1.1');
    });

    it('shows the selected-study-uid attribute', async () => {
      const element = await renderTimeline(threeApart, { 'selected-study-uid': '1.3' });

      expect(marks(element)[2].getAttribute('aria-current')).to.equal('true');
      expect(marks(element)[0].hasAttribute('aria-current')).to.equal(false);
    });
  });

  describe('keyboard', () => {
    it('has one tab stop among the marks', async () => {
      const wrapper = await fixture(html`<div>
        <studyline-timeline style="width: 760px"></studyline-timeline>
        <button id="after">after</button>
      </div>`);
      const element = wrapper.querySelector('studyline-timeline')!;
      element.studies = twoLanes;
      await settle(element);
      const tabStops = [...shadow(element).querySelectorAll('[data-key]')].filter((mark) => mark.getAttribute('tabindex') === '0');

      expect(tabStops).to.have.length(1);
      (tabStops[0] as HTMLElement).focus();
      await sendKeys({ press: 'Tab' });
      expect(document.activeElement?.id).to.equal('after');
    });

    it('moves through time with Left, Right, Home and End', async () => {
      const element = await renderTimeline(twoLanes);
      shadow(element).querySelector<HTMLElement>('[data-key][tabindex="0"]')!.focus();
      expect(focusedLabel(element)).to.contain('2012');

      await sendKeys({ press: 'ArrowRight' });
      expect(focusedLabel(element)).to.contain('2016');
      await sendKeys({ press: 'ArrowRight' });
      expect(focusedLabel(element)).to.contain('2021');
      await sendKeys({ press: 'ArrowRight' });
      expect(focusedLabel(element)).to.contain('2021');
      await sendKeys({ press: 'ArrowLeft' });
      expect(focusedLabel(element)).to.contain('2016');
      await sendKeys({ press: 'Home' });
      expect(focusedLabel(element)).to.contain('2012');
      await sendKeys({ press: 'End' });
      expect(focusedLabel(element)).to.contain('2021');
    });

    it('moves between lanes with Up and Down to the nearest mark', async () => {
      const element = await renderTimeline(twoLanes);
      shadow(element).querySelector<HTMLElement>('[data-key][tabindex="0"]')!.focus();
      await sendKeys({ press: 'End' });

      await sendKeys({ press: 'ArrowDown' });
      expect(focusedLabel(element)).to.contain('2019');
      expect(focusedLabel(element)).to.contain('Noordwijk MC');
      await sendKeys({ press: 'ArrowUp' });
      expect(focusedLabel(element)).to.contain('2021');
    });

    it('zooms with + and - around the focused mark', async () => {
      const element = await renderTimeline(twoLanes);
      shadow(element).querySelector<HTMLElement>('[data-key][tabindex="0"]')!.focus();
      const before = span(element);

      await sendKeys({ press: '+' });
      await settle(element);
      expect(span(element)).to.be.closeTo(before / 2, before / 1000);
      expect(element.visibleRange!.start.getTime()).to.be.below(Date.UTC(2012, 0, 10));

      await sendKeys({ press: '-' });
      await settle(element);
      expect(span(element)).to.be.closeTo(before, before / 1000);
    });

    it('pans to a study outside the view', async () => {
      const element = await renderTimeline(twoLanes);
      element.zoomToRange(Date.UTC(2011, 6, 1), Date.UTC(2012, 6, 1));
      await settle(element);
      shadow(element).querySelector<HTMLElement>('[data-key][tabindex="0"]')!.focus();

      await sendKeys({ press: 'ArrowRight' });
      await settle(element);

      expect(focusedLabel(element)).to.contain('2016');
      const range = element.visibleRange!;
      expect(range.start.getTime()).to.be.below(Date.UTC(2016, 5, 15));
      expect(range.end.getTime()).to.be.above(Date.UTC(2016, 5, 15));
    });

    it('shows a tooltip on hover and hides it when the pointer leaves', async () => {
      const element = await renderTimeline(threeApart, { lang: 'en-GB' });
      const box = marks(element)[1].getBoundingClientRect();

      await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
      await element.updateComplete;
      expect(shadow(element).querySelector('.tooltip')?.textContent).to.contain('20 August 2016');

      await sendMouse({ type: 'move', position: [Math.round(box.left + box.width / 2), Math.round(box.top + 300)] });
      await new Promise((resolve) => setTimeout(resolve, 250));
      await element.updateComplete;
      await resetMouse();
      expect(shadow(element).querySelector('.tooltip')).to.equal(null);
    });

    it('shows a tooltip on focus and closes it with Escape', async () => {
      const element = await renderTimeline(threeApart, { lang: 'en-GB' });
      marks(element)[2].focus();
      await element.updateComplete;
      const tooltip = shadow(element).querySelector('.tooltip');

      expect(tooltip?.textContent).to.contain('4 March 2021');
      expect(tooltip?.textContent).to.contain('CT abdomen');
      expect(tooltip?.textContent).to.contain('Rijnstad Ziekenhuis');

      await sendKeys({ press: 'Escape' });
      await element.updateComplete;
      expect(shadow(element).querySelector('.tooltip')).to.equal(null);
    });
  });

  describe('zoom', () => {
    it('zooms with the toolbar buttons and fits again', async () => {
      const element = await renderTimeline(threeApart);
      const full = span(element);
      const zoomIn = shadow(element).querySelector<HTMLButtonElement>('[data-zoom="in"]')!;
      const fit = shadow(element).querySelector<HTMLButtonElement>('[data-zoom="fit"]')!;

      zoomIn.click();
      await settle(element);
      expect(span(element)).to.be.closeTo(full / 2, full / 1000);

      fit.click();
      await settle(element);
      expect(span(element)).to.be.closeTo(full, full / 1000);
    });

    it('stops zooming in at about three days', async () => {
      const element = await renderTimeline(threeApart);

      for (let step = 0; step < 20; step += 1) element.zoomIn();
      await settle(element);

      // Three days fill the track between the edge insets; the whole plot shows a little more.
      expect(span(element)).to.be.within(3 * DAY, 3.5 * DAY);
      expect(shadow(element).querySelector('[data-zoom="in"]')!.getAttribute('aria-disabled')).to.equal('true');
    });

    it('zooms with the mouse wheel', async () => {
      const element = await renderTimeline(threeApart);
      const before = span(element);
      const plot = shadow(element).querySelector('.plot')!.getBoundingClientRect();

      await sendMouse({ type: 'move', position: [Math.round(plot.left + plot.width / 2), Math.round(plot.top + 30)] });
      shadow(element)
        .querySelector('.plot')!
        .dispatchEvent(
          new WheelEvent('wheel', {
            deltaY: -300,
            bubbles: true,
            cancelable: true,
            clientX: plot.left + plot.width / 2,
            clientY: plot.top + 30,
          }),
        );
      await settle(element);
      await resetMouse();

      expect(span(element)).to.be.below(before);
    });

    it('announces the visible count after a zoom', async () => {
      const element = await renderTimeline(threeApart);

      element.zoomToRange(Date.UTC(2016, 0, 1), Date.UTC(2022, 0, 1));
      await new Promise((resolve) => setTimeout(resolve, 500));
      await element.updateComplete;

      expect(shadow(element).querySelector('[aria-live="polite"]')!.textContent?.trim()).to.equal('2 of 3 studies visible');
    });

    it('formats axis ticks in the element’s language', async () => {
      const element = await renderTimeline(threeApart, { lang: 'nl' });

      element.zoomToRange(Date.UTC(2019, 0, 1), Date.UTC(2019, 11, 31));
      await settle(element);
      const ticks = [...shadow(element).querySelectorAll('.tick')].map((tick) => tick.textContent?.trim());

      expect(ticks).to.include.members(['jan 2019', 'okt']);
    });
  });

  describe('language', () => {
    it('uses Dutch labels and month names for lang="nl"', async () => {
      const element = await renderTimeline(threeApart, { lang: 'nl' });

      expect(shadow(element).querySelector('[data-lane-mode="source"]')!.textContent?.trim()).to.equal('Bron');
      expect(shadow(element).querySelector('[data-zoom="fit"]')!.textContent?.trim()).to.equal('Alles tonen');
      expect(marks(element)[2].getAttribute('aria-label')).to.equal('4 maart 2021, CT, CT abdomen, Rijnstad Ziekenhuis');
      expect(shadow(element).querySelector('.lane-kind')!.textContent).to.equal('eigen archief');
    });

    it('follows a lang change', async () => {
      const element = await renderTimeline(threeApart);

      element.setAttribute('lang', 'nl');
      await new Promise((resolve) => setTimeout(resolve));
      await element.updateComplete;

      expect(shadow(element).querySelector('[data-lane-mode="modality"]')!.textContent?.trim()).to.equal('Modaliteit');
    });
  });

  describe('layout', () => {
    afterEach(async () => {
      await setViewport({ width: 800, height: 600 });
    });

    it('lists studies by year at 375 px', async () => {
      await setViewport({ width: 375, height: 800 });
      const element = await fixture<StudylineTimeline>(html`<studyline-timeline></studyline-timeline>`);
      element.studies = [...threeApart, makeStudy({ uid: 'u' }), makeStudy({ uid: '1.4', date: '2021-11-11', modalities: ['MG'] })];
      await settle(element);
      const headings = [...shadow(element).querySelectorAll('.year-heading > span:first-child')].map((heading) => heading.textContent);

      expect(element.matches(':state(vertical)')).to.equal(true);
      expect(shadow(element).querySelector('.plot')).to.equal(null);
      expect(headings).to.deep.equal(['2021', '2016', '2012', 'Undated']);
      expect(shadow(element).querySelectorAll('.row')).to.have.length(5);
      expect(shadow(element).querySelector('.year .row')!.textContent).to.contain('MG');
    });

    it('renders a large history incrementally in the vertical layout', async () => {
      const element = await renderTimeline(generateHistory({ count: 10_000, seed: 3 }).studies, { layout: 'vertical' });
      const rows = shadow(element).querySelectorAll('.row').length;

      expect(rows).to.be.below(1000);
      const firstMore = shadow(element).querySelector<HTMLButtonElement>('.year .show-more')!;
      firstMore.click();
      await element.updateComplete;
      expect(shadow(element).querySelectorAll('.row').length).to.be.greaterThan(rows);
    });

    it('shows the time or the precision of each row’s date', async () => {
      const element = await renderTimeline(
        [
          makeStudy({ uid: 'y', date: '2019', modalities: ['DOC'] }),
          makeStudy({ uid: 't', date: '2021-03-04', time: '14:30', modalities: ['CT'] }),
        ],
        { layout: 'vertical', lang: 'en-GB' },
      );
      const rows = [...shadow(element).querySelectorAll('.row')].map((row) => row.textContent?.replace(/\s+/g, ' ').trim());

      expect(rows[0]).to.contain('4 Mar 2021').and.contain('14:30');
      expect(rows[1]).to.contain('2019').and.contain('only the year is known');
    });

    it('moves between rows with Up and Down', async () => {
      const element = await renderTimeline(threeApart, { layout: 'vertical' });
      shadow(element).querySelector<HTMLElement>('.row[tabindex="0"]')!.focus();

      await sendKeys({ press: 'ArrowDown' });

      expect(shadow(element).activeElement?.textContent).to.contain('2016');
    });

    it('keeps the horizontal layout when asked, even when narrow', async () => {
      await setViewport({ width: 375, height: 800 });
      const element = await fixture<StudylineTimeline>(html`<studyline-timeline layout="horizontal"></studyline-timeline>`);
      element.studies = threeApart;
      await settle(element);

      expect(element.matches(':state(vertical)')).to.equal(false);
      expect(marks(element)).to.have.length(3);
    });
  });

  describe('theme', () => {
    afterEach(async () => {
      await emulateMedia({ colorScheme: 'light' });
    });

    it('changes background and mark colours in the dark theme', async () => {
      const light = await renderTimeline(threeApart);
      const dark = await renderTimeline(threeApart, { theme: 'dark' });

      expect(getComputedStyle(light).backgroundColor).to.equal('rgb(255, 255, 255)');
      expect(getComputedStyle(dark).backgroundColor).to.equal('rgb(17, 20, 23)');
      expect(getComputedStyle(marks(light)[2]).backgroundColor).to.equal('rgb(31, 95, 191)');
      expect(getComputedStyle(marks(dark)[2]).backgroundColor).to.equal('rgb(143, 184, 255)');
    });

    it('follows the system colour scheme with theme="auto"', async () => {
      await emulateMedia({ colorScheme: 'dark' });
      const element = await renderTimeline(threeApart, { theme: 'auto' });

      expect(getComputedStyle(element).backgroundColor).to.equal('rgb(17, 20, 23)');
    });

    it('lets a host override a modality colour from an ancestor', async () => {
      const wrapper = await fixture(html`<div style="--studyline-modality-ct: rgb(1, 2, 3)">
        <studyline-timeline theme="dark" style="width: 760px"></studyline-timeline>
      </div>`);
      const element = wrapper.querySelector('studyline-timeline')!;
      element.studies = threeApart;
      await settle(element);

      expect(getComputedStyle(marks(element)[2]).backgroundColor).to.equal('rgb(1, 2, 3)');
    });
  });

  describe('states', () => {
    it('shows a skeleton while loading', async () => {
      const element = await renderTimeline(undefined, { loading: '' });

      expect(element.matches(':state(loading)')).to.equal(true);
      expect(shadow(element).querySelector('.base')!.getAttribute('aria-busy')).to.equal('true');
      expect(shadow(element).querySelector('.skeleton')).to.not.equal(null);
    });

    it('says so when the patient has no studies', async () => {
      const element = await renderTimeline([]);

      expect(element.matches(':state(empty)')).to.equal(true);
      expect(shadow(element).querySelector('[part="empty"]')!.textContent?.trim()).to.equal('No studies for this patient');
    });

    it('shows an error with Retry when every source failed', async () => {
      const element = await renderTimeline([]);
      element.sources = [failedOutcome(OWN_ARCHIVE, 'Connection refused.'), failedOutcome(NOORDWIJK, 'No answer within 60 seconds.')];
      await element.updateComplete;
      const error = shadow(element).querySelector('[part="error"]')!;
      const retried: string[] = [];
      element.addEventListener('studyline-source-retry', (event) => retried.push(event.detail.source.id));

      expect(element.matches(':state(error)')).to.equal(true);
      expect(element.matches(':state(empty)')).to.equal(false);
      expect(error.getAttribute('role')).to.equal('alert');
      expect(error.textContent).to.contain('Rijnstad Ziekenhuis could not be searched.');
      expect(error.querySelector('li')!.getAttribute('title')).to.equal('Technical details: Connection refused.');
      error.querySelector<HTMLButtonElement>('button')!.click();
      expect(retried).to.deep.equal(['rijnstad', 'noordwijk']);
    });

    it('names an incomplete source and its reason, and retries it', async () => {
      const element = await renderTimeline(threeApart);
      element.sources = [
        { source: OWN_ARCHIVE, status: { state: 'complete' }, studyCount: 3 },
        incompleteOutcome(NOORDWIJK, 'The server returned the first 100 studies only.', 100),
      ];
      await element.updateComplete;
      const banner = shadow(element).querySelector('[part="banner"]')!;

      expect(element.matches(':state(incomplete)')).to.equal(true);
      expect(banner.textContent).to.contain('Noordwijk MC');
      expect(banner.textContent).to.contain('The server says: “The server returned the first 100 studies only”.');
      const retryButton = banner.querySelector<HTMLButtonElement>('button')!;
      expect(retryButton.getAttribute('aria-label')).to.equal('Retry Noordwijk MC');

      const listener = oneEvent(element, 'studyline-source-retry');
      retryButton.click();
      const event = await listener;
      expect(event.detail.source.id).to.equal('noordwijk');
    });

    it('names studies of another patient', async () => {
      const element = await renderTimeline(threeApart, { lang: 'nl' });
      element.sources = [
        {
          source: NOORDWIJK,
          studyCount: 3,
          status: { state: 'incomplete', reason: 'other-patient', message: '1 result from the server belonged to another patient and was left out.' },
        },
      ];
      await element.updateComplete;
      const banner = shadow(element).querySelector('[part="banner"]')!;

      expect(element.matches(':state(incomplete)')).to.equal(true);
      expect(banner.textContent).to.contain('De bron gaf ook onderzoeken van een andere patiënt terug. Die worden niet getoond.');
      expect(banner.querySelector('.banner-text')?.getAttribute('title')).to.equal(
        'Technische details: 1 result from the server belonged to another patient and was left out.',
      );
    });

    it('falls back to defaults for unknown attribute values', async () => {
      const element = await renderTimeline(threeApart, { 'lane-mode': 'sideways', layout: 'diagonal', theme: 'neon' });

      expect(element.laneMode).to.equal('source');
      expect(element.layout).to.equal('auto');
      expect(element.theme).to.equal('light');
      expect(marks(element)).to.have.length(3);
    });

    it('ignores a studies value that is not an array', async () => {
      const element = await renderTimeline('not studies' as unknown as Study[]);

      expect(element.matches(':state(empty)')).to.equal(true);
    });
  });

  describe('adapter', () => {
    it('loads source by source and reports the result', async () => {
      const adapter = new ScriptedAdapter([OWN_ARCHIVE, NOORDWIJK]);
      const element = await renderTimeline(undefined);
      element.adapter = adapter;
      element.setAttribute('patient-id', 'P-001');
      element.setAttribute('issuer-of-patient-id', 'RIJNSTAD');
      await element.updateComplete;
      const search = await adapter.nextSearch(0);

      expect(search.query.patient).to.deep.equal({ id: 'P-001', issuer: 'RIJNSTAD' });
      expect(element.matches(':state(loading)')).to.equal(true);
      expect(shadow(element).querySelector('.skeleton')).to.not.equal(null);

      search.respond('rijnstad', threeApart);
      await settle(element);
      expect(marks(element)).to.have.length(3);
      expect(shadow(element).querySelector('[part="source-loading"]')!.textContent).to.contain('Noordwijk MC');

      const loaded = oneEvent(element, 'studyline-load');
      search.respond('noordwijk', [makeStudy({ uid: 'n1', date: '2019-01-01', sources: [NOORDWIJK] })]);
      const event = await loaded;
      await settle(element);

      expect(event.detail.result.studies).to.have.length(4);
      expect(element.loadStatus).to.equal('complete');
      expect(element.matches(':state(loading)')).to.equal(false);
      expect(marks(element)).to.have.length(4);
    });

    it('aborts the first load for a new patient', async () => {
      const adapter = new ScriptedAdapter([OWN_ARCHIVE]);
      const element = await renderTimeline(undefined);
      element.adapter = adapter;
      element.patientId = 'P-001';
      const first = await adapter.nextSearch(0);

      element.patientId = 'P-002';
      const second = await adapter.nextSearch(1);
      first.respond('rijnstad', threeApart);
      second.respond('rijnstad', [makeStudy({ uid: 'p2', date: '2020-01-01' })]);
      await settle(element);

      expect(first.signal?.aborted).to.equal(true);
      expect(second.query.patient).to.deep.equal({ id: 'P-002' });
      expect(marks(element)).to.have.length(1);
    });

    it('retries a failed source through the adapter', async () => {
      const adapter = new ScriptedAdapter([OWN_ARCHIVE, NOORDWIJK]);
      const element = await renderTimeline(undefined);
      element.adapter = adapter;
      element.patientId = 'P-001';
      const first = await adapter.nextSearch(0);
      first.respond('rijnstad', threeApart);
      first.respond('noordwijk', [], { state: 'failed', error: new StudylineError('network', 'Connection refused.') });
      await settle(element);
      const events: string[] = [];
      element.addEventListener('studyline-source-retry', (event) => events.push(event.detail.source.id));

      shadow(element).querySelector<HTMLButtonElement>('[part="banner"] button')!.click();
      const second = await adapter.nextSearch(1);
      await settle(element);

      expect(events).to.deep.equal(['noordwijk']);
      expect(second.signal?.aborted).to.equal(false);
      expect(marks(element)).to.have.length(3);
    });

    it('keeps the user’s zoom when the last source responds', async () => {
      const adapter = new ScriptedAdapter([OWN_ARCHIVE, NOORDWIJK]);
      const element = await renderTimeline(undefined);
      element.adapter = adapter;
      element.patientId = 'P-001';
      const search = await adapter.nextSearch(0);
      search.respond('rijnstad', threeApart);
      await settle(element);
      element.zoomToRange(Date.UTC(2015, 0, 1), Date.UTC(2017, 0, 1));
      await settle(element);
      const zoomed = element.visibleRange!;

      search.respond('noordwijk', [makeStudy({ uid: 'n1', date: '2005-01-01', sources: [NOORDWIJK] })]);
      await settle(element);

      expect(element.loadStatus).to.equal('complete');
      expect(element.visibleRange!.start.getTime()).to.be.closeTo(zoomed.start.getTime(), DAY);
      expect(element.visibleRange!.end.getTime()).to.be.closeTo(zoomed.end.getTime(), DAY);
    });

    it('does not retry when the retry event is cancelled', async () => {
      const adapter = new ScriptedAdapter([OWN_ARCHIVE, NOORDWIJK]);
      const element = await renderTimeline(undefined);
      element.adapter = adapter;
      element.patientId = 'P-001';
      const search = await adapter.nextSearch(0);
      search.respond('rijnstad', threeApart);
      search.respond('noordwijk', [], { state: 'failed', error: new StudylineError('network', 'Connection refused.') });
      await settle(element);
      element.addEventListener('studyline-source-retry', (event) => event.preventDefault());

      shadow(element).querySelector<HTMLButtonElement>('[part="banner"] button')!.click();
      await settle(element);

      expect(adapter.searches).to.have.length(1);
    });

    it('asks for a patient when none is set', async () => {
      const element = await renderTimeline(undefined);
      element.adapter = new ScriptedAdapter([OWN_ARCHIVE]);
      await element.updateComplete;

      expect(shadow(element).querySelector('[part="empty"]')!.textContent?.trim()).to.equal('No patient selected');
    });
  });

  describe('accessibility', () => {
    afterEach(async () => {
      await setViewport({ width: 800, height: 600 });
    });

    it('passes axe in the light theme', async () => {
      const element = await renderTimeline([...twoLanes, ...oneWeekOfStudies(), makeStudy({ uid: 'u' })]);
      element.sources = [incompleteOutcome(NOORDWIJK, 'The server returned part of the list.')];
      await element.updateComplete;

      await expect(element).to.be.accessible();
    });

    it('passes axe in the dark theme', async () => {
      const element = await renderTimeline([...twoLanes, ...oneWeekOfStudies()], { theme: 'dark' });
      marks(element)[0].focus();
      await element.updateComplete;

      await expect(element).to.be.accessible();
    });

    it('passes axe in the vertical layout', async () => {
      await setViewport({ width: 375, height: 800 });
      const element = await fixture<StudylineTimeline>(html`<studyline-timeline theme="dark"></studyline-timeline>`);
      element.studies = [...twoLanes, makeStudy({ uid: 'u' })];
      await settle(element);

      expect(element.matches(':state(vertical)')).to.equal(true);
      await expect(element).to.be.accessible();
    });
  });
});
