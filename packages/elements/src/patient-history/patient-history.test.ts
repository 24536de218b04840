// <studyline-patient-history> in Chromium: against the sample gateway that the test runner serves on its own
// origin (the own hospital, Rijnstad and Noordzee, whose list is cut short), plus fast cases with in-memory
// adapters for cancelled events, guards and timing.
//
// NOTE: the gateway runs once for the whole test run. The import test copies one Rijnstad study into the `own`
// source, and it stays there for the test files that run after this one. It picks a study that only Rijnstad
// has at that moment, so it does not depend on the order of the test files.
import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { combineSources, createTerminology, filterStudies, type Study, type StudylineAdapter } from '@studyline/core';
import './define.js';
import type { StudylineDownloadButton } from '../download-button/download-button.js';
import type { StudylineImportButton } from '../import-button/import-button.js';
import type { StudylineImportCompleteEvent } from '../import-button/import-events.js';
import type { StudylineModalityFilter } from '../modality-filter/modality-filter.js';
import type { StudylineLoadEvent } from '../shared/events.js';
import type { StudylineStudyList } from '../study-list/study-list.js';
import type { StudylineStudyPreview } from '../study-preview/study-preview.js';
import type { StudylineTimeline } from '../timeline/timeline.js';
import { recordingAdapter } from '../import-button/test-support/gateway-adapters.js';
import { clearGatewayLog, gatewayInfo, gatewayLog, waitFor, type GatewayLogEntry } from '../study-preview/test-support/gateway-client.js';
import type { StudylinePatientHistory } from './patient-history.js';
import { adapterForSource, importSourceAdapter, isHeldLocally } from './study-adapters.js';
import { ScriptedAdapter } from '../timeline/test-support/scripted-adapter.js';
import { MEMORY_OWN, MEMORY_NOORDZEE, MEMORY_RIJNSTAD, makeMemoryHistory, type MemoryHistory } from './test-support/memory-history.js';

const WIDE = { width: 1280, height: 900 };
const NARROW = { width: 360, height: 740 };
/** The preview test of the study preview element reads this Rijnstad study as external; the import here leaves it alone. */
const RESERVED_RIJNSTAD_STUDIES = new Set(['RZ-2014-11873']);
/** Background of the dark theme, `--studyline-color-background`. */
const DARK_BACKGROUND = 'rgb(17, 20, 23)';

interface RenderOptions {
  adapter?: StudylineAdapter;
  patientId?: string;
  issuer?: string;
  importTarget?: StudylineAdapter;
  attributes?: Record<string, string>;
  selectedStudyUid?: string;
  width?: string;
  header?: boolean;
}

function shadow(element: Element): ShadowRoot {
  return element.shadowRoot as ShadowRoot;
}

function child<T extends Element>(element: StudylinePatientHistory, selector: string): T {
  const found = shadow(element).querySelector<T>(selector);
  if (found === null) throw new Error(`studyline-patient-history renders no ${selector}.`);
  return found;
}

function timeline(element: StudylinePatientHistory): StudylineTimeline {
  return child<StudylineTimeline>(element, 'studyline-timeline');
}

function list(element: StudylinePatientHistory): StudylineStudyList {
  return child<StudylineStudyList>(element, 'studyline-study-list');
}

function preview(element: StudylinePatientHistory): StudylineStudyPreview {
  return child<StudylineStudyPreview>(element, 'studyline-study-preview');
}

function filterElement(element: StudylinePatientHistory): StudylineModalityFilter {
  return child<StudylineModalityFilter>(element, 'studyline-modality-filter');
}

/** Returns the import button of the selected study, which is the one that is not hidden. */
function visibleImportButton(element: StudylinePatientHistory): StudylineImportButton | undefined {
  return [...shadow(element).querySelectorAll<StudylineImportButton>('.study-actions:not([hidden]) studyline-import-button')][0];
}

function viewButton(element: StudylinePatientHistory, view: 'timeline' | 'list'): HTMLButtonElement {
  return child<HTMLButtonElement>(element, `.view-button[data-view="${view}"]`);
}

function text(root: ShadowRoot | Element): string {
  return (root.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** Waits for the element and its parts to render, and for the timeline's and list's width measurements. */
async function settle(element: StudylinePatientHistory): Promise<void> {
  await element.updateComplete;
  await nextFrame();
  await nextFrame();
  await element.updateComplete;
  for (const part of shadow(element).querySelectorAll<HTMLElement & { updateComplete?: Promise<unknown> }>('*')) {
    if (part.updateComplete !== undefined) await part.updateComplete;
  }
}

async function renderHistory(options: RenderOptions = {}): Promise<StudylinePatientHistory> {
  const container = await fixture<HTMLDivElement>(html`
    <div style="width: ${options.width ?? '100%'}">
      <studyline-patient-history lang="en-GB">
        ${options.header ? html`<p slot="header" class="patient-banner">Jansen, Anna · SL-0001</p>` : ''}
      </studyline-patient-history>
    </div>
  `);
  const element = container.querySelector('studyline-patient-history') as StudylinePatientHistory;
  for (const [name, value] of Object.entries(options.attributes ?? {})) element.setAttribute(name, value);
  element.importTarget = options.importTarget;
  if (options.selectedStudyUid !== undefined) element.selectedStudyUid = options.selectedStudyUid;
  if (options.issuer !== undefined) element.issuerOfPatientId = options.issuer;
  const loaded = options.adapter !== undefined && options.patientId !== undefined ? oneEvent(element, 'studyline-load') : undefined;
  element.adapter = options.adapter;
  element.patientId = options.patientId;
  await loaded;
  await settle(element);
  return element;
}

/** Creates the sample gateway's three sources behind `combineSources`, as the demo page sets them up. */
function gatewayAdapters(): { adapter: StudylineAdapter; own: StudylineAdapter } {
  const own = recordingAdapter('own').adapter;
  const rijnstad = recordingAdapter('rijnstad').adapter;
  const noordzee = recordingAdapter('noordzee').adapter;
  return { adapter: combineSources([own, rijnstad, noordzee], { storeTarget: own }), own };
}

async function renderGatewayHistory(options: Omit<RenderOptions, 'adapter' | 'patientId'> & { withImportTarget?: boolean } = {}) {
  const { adapter, own } = gatewayAdapters();
  const { patient } = await gatewayInfo();
  await clearGatewayLog();
  const element = await renderHistory({
    ...options,
    adapter,
    patientId: patient.id,
    issuer: patient.issuer,
    importTarget: options.withImportTarget ? own : options.importTarget,
  });
  return { element, adapter, own };
}

/**
 * Study searches in the gateway's log, per source: QIDO-RS requests at study
 * level for the first page (`offset=0`). The DICOMweb adapter requests a
 * further page after a truncation warning, which Noordzee sends, and that
 * request belongs to the same search.
 */
function studySearches(log: readonly GatewayLogEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const entry of log) {
    const match = /^\/dicomweb\/([^/?]+)\/studies\?(.*)$/.exec(entry.path);
    if (entry.method !== 'GET' || match === null || new URLSearchParams(match[2]).get('offset') !== '0') continue;
    counts[match[1]] = (counts[match[1]] ?? 0) + 1;
  }
  return counts;
}

/** Counts the studies behind the timeline's marks, clusters and rows. */
function timelineStudyCount(element: StudylinePatientHistory): number {
  const root = shadow(timeline(element));
  const marks = root.querySelectorAll('.mark, .row').length;
  const clustered = [...root.querySelectorAll('.cluster')].reduce((sum, cluster) => sum + Number(cluster.textContent?.replace(/\D/g, '')), 0);
  return marks + clustered;
}

/** Clicks the list's row of a study, found by its position in the element's studies. */
async function clickListRow(element: StudylinePatientHistory, study: Study): Promise<void> {
  const index = element.studies.indexOf(study);
  const button = shadow(list(element)).querySelector<HTMLButtonElement>(`[data-key="${index}"] .row-button`);
  if (button === null) throw new Error(`The list shows no row for study ${study.studyInstanceUid}.`);
  button.click();
  await settle(element);
}

async function switchView(element: StudylinePatientHistory, view: 'timeline' | 'list'): Promise<void> {
  viewButton(element, view).click();
  await settle(element);
}

async function seriesListed(element: StudylinePatientHistory): Promise<void> {
  await waitFor(() => preview(element).seriesStatus === 'complete', 'the preview to list the series');
  await preview(element).updateComplete;
}

/** Fails when an element's content is wider than its box. */
function expectNoHorizontalOverflow(box: Element, name: string): void {
  expect(box.scrollWidth, `${name} scrollWidth`).to.be.at.most(box.clientWidth);
}

/** Checks the page and every part's box for horizontal overflow. */
function expectFits(element: StudylinePatientHistory): void {
  expectNoHorizontalOverflow(document.documentElement, 'page');
  expectNoHorizontalOverflow(child(element, '.base'), 'patient history');
  for (const part of shadow(element).querySelectorAll('studyline-modality-filter, studyline-timeline, studyline-study-list, studyline-study-preview, studyline-import-button, studyline-download-button')) {
    if (part.closest('[hidden]') !== null) continue;
    const base = shadow(part).querySelector('[part~="base"]');
    if (base !== null) expectNoHorizontalOverflow(base, part.localName);
    expect(part.getBoundingClientRect().right, `${part.localName} right edge`).to.be.at.most(document.documentElement.clientWidth);
  }
}

describe('studyline-patient-history', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  describe('against the sample gateway', () => {
    beforeEach(async () => {
      await setViewport(WIDE);
    });

    it('searches each source once', async () => {
      const { element } = await renderGatewayHistory();

      expect(element.loadStatus).to.equal('complete');
      expect(element.studies.length).to.be.greaterThan(20);
      expect(studySearches(await gatewayLog())).to.deep.equal({ own: 1, rijnstad: 1, noordzee: 1 });
      // The filter, the timeline and the list get the one search's studies.
      expect(filterElement(element).studies).to.equal(element.studies);
      expect(timeline(element).studies).to.equal(element.studies);
      expect(timeline(element).adapter).to.equal(undefined);
      expect(element.currentLayout).to.equal('wide');
      expect(element.matches(':state(wide)')).to.equal(true);

      // Noordzee cuts its list short, which the timeline shows as a banner.
      expect(element.matches(':state(incomplete)')).to.equal(true);
      const banner = shadow(timeline(element)).querySelector('[part~="banner"][data-source-id="noordzee"]');
      expect(banner?.textContent).to.include('Noordzee Kliniek: the list may be incomplete.');

      await switchView(element, 'list');
      expect(list(element).studies).to.equal(element.studies);
      expect(text(child(element, '[part~="status"]'))).to.include('Noordzee Kliniek: the list may be incomplete.');
      expect(studySearches(await gatewayLog())).to.deep.equal({ own: 1, rijnstad: 1, noordzee: 1 });
    });

    it('narrows timeline and list with the filter', async () => {
      const { element } = await renderGatewayHistory();
      const total = element.studies.length;
      const withCt = element.studies.filter((study) => study.modalities.includes('CT')).length;
      const expected = filterStudies(element.studies, { modalityGroups: ['ct'] }).studies.length;
      expect(expected).to.be.greaterThan(0);
      expect(expected).to.be.lessThan(total);
      expect(expected).to.equal(withCt);
      expect(timelineStudyCount(element)).to.equal(total);

      const chip = shadow(filterElement(element)).querySelector<HTMLButtonElement>('[data-facet="modality"] [data-value="ct"]');
      expect(chip?.querySelector('[part~="chip-count"]')?.textContent?.trim()).to.equal(String(expected));
      const changed = oneEvent(element, 'studyline-filter-change');
      chip?.click();
      await changed;
      await settle(element);

      expect(element.filter).to.deep.equal({ modalityGroups: ['ct'] });
      expect(element.matches(':state(filtered)')).to.equal(true);
      expect(timeline(element).filter).to.deep.equal({ modalityGroups: ['ct'] });
      expect(timelineStudyCount(element)).to.equal(expected);
      expect(text(shadow(filterElement(element)).querySelector('[part~="summary"]')!)).to.include(`${expected} of ${total} studies shown`);

      await switchView(element, 'list');
      expect(shadow(list(element)).querySelectorAll('.row-button').length).to.equal(expected);
      expect(text(shadow(list(element)).querySelector('.count')!)).to.equal(`${expected} of ${total} studies visible`);
    });

    it('shows a chosen study with its series', async () => {
      const { element } = await renderGatewayHistory({ attributes: { 'allow-download': '' } });
      const study = element.studies.find((candidate) => candidate.accessionNumber === 'SMC13-0388');
      expect(study, 'the own hospital’s CT abdomen').to.not.equal(undefined);
      await switchView(element, 'list');
      await clearGatewayLog();

      const selected = oneEvent(element, 'studyline-study-select');
      await clickListRow(element, study!);
      expect((await selected).detail.study.studyInstanceUid).to.equal(study!.studyInstanceUid);
      await seriesListed(element);

      expect(element.selectedStudyUid).to.equal(study!.studyInstanceUid);
      expect(element.getAttribute('selected-study-uid')).to.equal(study!.studyInstanceUid);
      expect(element.matches(':state(selected)')).to.equal(true);
      expect(preview(element).study?.studyInstanceUid).to.equal(study!.studyInstanceUid);
      expect(preview(element).series.length).to.be.greaterThan(1);
      expect(shadow(preview(element)).querySelectorAll('.series-button').length).to.equal(preview(element).series.length);
      // The own hospital's study gets a download button and no import button.
      expect(visibleImportButton(element)).to.equal(undefined);
      const download = shadow(element).querySelector<StudylineDownloadButton>('.study-actions:not([hidden]) studyline-download-button');
      expect(download?.source?.sources.map((source) => source.id)).to.deep.equal(['own']);
      expect(studySearches(await gatewayLog()), 'no search for a selection').to.deep.equal({});

      // Choosing in the timeline selects in the list too.
      await switchView(element, 'timeline');
      expect(shadow(timeline(element)).querySelector('[part~="selected"]')).to.not.equal(null);
      const mark = [...shadow(timeline(element)).querySelectorAll<HTMLButtonElement>('.mark:not([aria-current])')][0];
      mark.click();
      await settle(element);
      const markUid = timeline(element).selectedStudyUid;
      expect(markUid).to.not.equal(study!.studyInstanceUid);
      expect(element.selectedStudyUid).to.equal(markUid);
      await switchView(element, 'list');
      const current = shadow(list(element)).querySelector('[aria-current="true"]');
      expect(current?.getAttribute('data-key')).to.equal(String(element.studies.findIndex((candidate) => candidate.studyInstanceUid === markUid)));
      await expect(element).to.be.accessible();
    });

    it('imports an external study into the own archive', async () => {
      const { element, own } = await renderGatewayHistory({ withImportTarget: true });
      // The smallest study that only Rijnstad has now.
      const candidates = element.studies
        .filter((study) => study.sources.length === 1 && study.sources[0].source.id === 'rijnstad' && !RESERVED_RIJNSTAD_STUDIES.has(study.accessionNumber ?? ''))
        .sort((a, b) => (a.numberOfInstances ?? Infinity) - (b.numberOfInstances ?? Infinity));
      expect(candidates.length, 'a study that only Rijnstad holds').to.be.greaterThan(0);
      const study = candidates[0];
      await switchView(element, 'list');
      await clickListRow(element, study);

      const button = visibleImportButton(element);
      expect(button, 'the import button of an external study').to.not.equal(undefined);
      expect(button!.source?.sources.map((source) => source.id)).to.deep.equal(['rijnstad']);
      expect(button!.target).to.equal(own);
      expect(button!.state).to.equal('idle');
      await expect(element).to.be.accessible();
      await clearGatewayLog();

      const completed = oneEvent(element, 'studyline-import-complete');
      const searchedAgain = new Promise<StudylineLoadEvent>((resolve) => {
        element.addEventListener('studyline-load', (event) => resolve(event), { once: true });
      });
      shadow(button!).querySelector<HTMLButtonElement>('[part~="start-button"]')!.click();
      const outcome = ((await completed) as StudylineImportCompleteEvent).detail.outcome;
      expect(outcome.state, outcome.reason).to.equal('done');
      const { result } = (await searchedAgain).detail;
      await settle(element);

      const imported = result.studies.find((candidate) => candidate.studyInstanceUid === study.studyInstanceUid);
      expect(imported?.sources.map((entry) => entry.source.id)).to.deep.equal(['own', 'rijnstad']);
      expect(element.selectedStudy?.sources[0].source.id).to.equal('own');
      expect(studySearches(await gatewayLog()), 'one search per source after the import').to.deep.equal({ own: 1, rijnstad: 1, noordzee: 1 });
      // The button keeps its verified outcome, and the preview names the own archive.
      expect(visibleImportButton(element)?.state).to.equal('done');
      await preview(element).updateComplete;
      expect(shadow(preview(element)).querySelector('[part~="source-badge"]')?.textContent?.trim()).to.equal('own archive');
      const row = shadow(list(element)).querySelector('[aria-current="true"]');
      expect(text(row!)).to.include('also external');
      await switchView(element, 'timeline');
      const lanes = [...shadow(timeline(element)).querySelectorAll<HTMLElement>('[data-lane-id]')];
      const selectedLane = lanes.find((lane) => lane.querySelector('[part~="selected"]') !== null);
      expect(selectedLane?.dataset.laneId).to.equal('source:own');
    });

    it('hides navigation in single-study mode', async () => {
      const { patient } = await gatewayInfo();
      const own = recordingAdapter('own').adapter;
      const found = await own.searchStudies({ patient: { id: patient.id } });
      const study = found.studies.find((candidate) => candidate.accessionNumber === 'SMC13-0388')!;

      const { element } = await renderGatewayHistory({ attributes: { 'single-study': '' }, selectedStudyUid: study.studyInstanceUid });
      await seriesListed(element);

      expect(preview(element).hasAttribute('single-study')).to.equal(true);
      expect(preview(element).studies).to.equal(undefined);
      expect(shadow(preview(element)).querySelector('[part~="study-navigation"]')).to.equal(null);
      for (const selector of ['studyline-modality-filter', 'studyline-timeline', 'studyline-study-list', '.view-switch', '.back-button']) {
        expect(shadow(element).querySelector(selector), selector).to.equal(null);
      }
      expect(element.matches(':state(selected)')).to.equal(true);
      await expect(element).to.be.accessible();

      // A study that the search does not find gets a message, not another study.
      element.selectedStudyUid = '1.2.826.0.1.3680043.8.498.404';
      await settle(element);
      expect(shadow(element).querySelector('studyline-study-preview')).to.equal(null);
      expect(text(child(element, '[part~="message"]'))).to.equal('This study is not in the imaging history.');
    });

    it('keeps the selection across a view switch', async () => {
      const { element } = await renderGatewayHistory();
      const mark = shadow(timeline(element)).querySelector<HTMLButtonElement>('.mark')!;
      mark.click();
      await settle(element);
      const uid = element.selectedStudyUid;
      expect(uid).to.not.equal(undefined);

      viewButton(element, 'list').focus();
      await sendKeys({ press: 'Enter' });
      await settle(element);
      expect(element.view).to.equal('list');
      expect(element.getAttribute('view')).to.equal('list');
      expect(viewButton(element, 'list').getAttribute('aria-pressed')).to.equal('true');
      expect(shadow(element).querySelector('studyline-timeline')).to.equal(null);
      expect(list(element).selectedStudyUid).to.equal(uid);
      expect(shadow(list(element)).querySelectorAll('[aria-current="true"]').length).to.equal(1);

      await switchView(element, 'timeline');
      expect(element.selectedStudyUid).to.equal(uid);
      expect(timeline(element).selectedStudyUid).to.equal(uid);
      expect(preview(element).study?.studyInstanceUid).to.equal(uid);
    });

    it('fits 360 px with a study panel', async () => {
      await setViewport(NARROW);
      const { element } = await renderGatewayHistory({ withImportTarget: true, attributes: { 'allow-download': '' } });
      expect(element.currentLayout).to.equal('narrow');
      expect(element.matches(':state(narrow)')).to.equal(true);
      expect(child<HTMLElement>(element, '.detail').hidden, 'no study panel before a choice').to.equal(true);
      expect(timeline(element).matches(':state(vertical)')).to.equal(true);
      expect(filterElement(element).hidden, 'the filter starts folded away').to.equal(true);
      expectFits(element);
      await expect(element).to.be.accessible();

      // The filter button shows the filter and, once a filter is set, the number of studies it leaves.
      const toggle = child<HTMLButtonElement>(element, '[part~="filter-toggle"]');
      toggle.click();
      await settle(element);
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(filterElement(element).hidden).to.equal(false);
      shadow(filterElement(element)).querySelector<HTMLButtonElement>('[data-facet="modality"] [data-value="mr"]')!.click();
      await settle(element);
      const withMr = filterStudies(element.studies, { modalityGroups: ['mr'] }).studies.length;
      expect(text(toggle)).to.equal(`Filter studies ${withMr} of ${element.studies.length} studies shown`);
      expectFits(element);
      await expect(element).to.be.accessible();
      shadow(filterElement(element)).querySelector<HTMLButtonElement>('[part~="clear-button"]')!.click();
      toggle.click();
      await settle(element);
      expect(filterElement(element).hidden).to.equal(true);

      // An external study, so that the panel also shows the import and download buttons.
      const external = element.studies.find((study) => study.sources.every((entry) => entry.source.kind === 'external'))!;
      const row = shadow(timeline(element)).querySelector<HTMLButtonElement>(
        `.row[data-key="r${element.studies.indexOf(external)}"]`,
      );
      expect(row, 'the timeline row of an external study').to.not.equal(null);
      row!.focus();
      await sendKeys({ press: 'Enter' });
      await settle(element);
      await seriesListed(element);

      expect(element.matches(':state(study-open)')).to.equal(true);
      expect(child<HTMLElement>(element, '.history').hidden).to.equal(true);
      expect(filterElement(element).hidden).to.equal(true);
      expect(shadow(element).activeElement?.classList.contains('back-button')).to.equal(true);
      expect(visibleImportButton(element)).to.not.equal(undefined);
      expectFits(element);
      await expect(element).to.be.accessible();

      await sendKeys({ press: 'Enter' });
      await waitFor(() => shadow(timeline(element)).activeElement !== null, 'focus on the selected row');
      expect(element.matches(':state(study-open)')).to.equal(false);
      expect(shadow(timeline(element)).activeElement?.getAttribute('data-key')).to.equal(`r${element.studies.indexOf(external)}`);
      expectFits(element);
    });

    it('shows Dutch labels', async () => {
      await setViewport(NARROW);
      const { element } = await renderGatewayHistory({ attributes: { lang: 'nl' } });

      expect(child(element, '.base').getAttribute('aria-label')).to.equal('Beeldvormingsgeschiedenis van de patiënt');
      expect(child(element, '.view-switch').getAttribute('aria-label')).to.equal('Weergeven als');
      expect(viewButton(element, 'timeline').textContent?.trim()).to.equal('Tijdlijn');
      expect(viewButton(element, 'list').textContent?.trim()).to.equal('Lijst');
      expect(text(child(element, '[part~="filter-toggle"]'))).to.equal('Onderzoeken filteren');
      expect(text(shadow(filterElement(element)).querySelector('[data-facet="modality"] legend')!)).to.equal('Modaliteit');
      expect(shadow(timeline(element)).querySelector('[part~="base"]')?.getAttribute('aria-label')).to.equal('Beeldvormingsgeschiedenis');
      expect(text(shadow(timeline(element)).querySelector('[part~="banner"]')!)).to.include('Noordzee Kliniek: de lijst is mogelijk onvolledig.');

      shadow(timeline(element)).querySelector<HTMLButtonElement>('.row')!.click();
      await settle(element);
      expect(text(child(element, '.back-button'))).to.equal('Terug naar alle onderzoeken');
      expect(shadow(preview(element)).querySelector('[part~="base"]')?.getAttribute('aria-label')).to.equal('Onderzoeksvoorbeeld');
    });

    it('passes the dark theme down', async () => {
      const { element } = await renderGatewayHistory({ withImportTarget: true, attributes: { theme: 'dark', 'allow-download': '' } });
      const external = element.studies.find((study) => study.sources.every((entry) => entry.source.id === 'rijnstad'))!;
      element.selectedStudyUid = external.studyInstanceUid;
      await settle(element);
      await seriesListed(element);

      expect(getComputedStyle(element).backgroundColor).to.equal(DARK_BACKGROUND);
      const parts = [...shadow(element).querySelectorAll('studyline-modality-filter, studyline-timeline, studyline-study-preview, studyline-import-button, studyline-download-button')];
      expect(parts.map((part) => part.localName)).to.deep.equal([
        'studyline-modality-filter',
        'studyline-timeline',
        'studyline-import-button',
        'studyline-download-button',
        'studyline-study-preview',
      ]);
      for (const part of parts) expect(part.getAttribute('theme'), part.localName).to.equal('dark');
      expect(getComputedStyle(timeline(element)).backgroundColor).to.equal(DARK_BACKGROUND);
      expect(getComputedStyle(preview(element)).backgroundColor).to.equal(DARK_BACKGROUND);
      await switchView(element, 'list');
      expect(list(element).getAttribute('theme')).to.equal('dark');
      await expect(element).to.be.accessible();
    });
  });

  describe('without a server', () => {
    let memory: MemoryHistory;

    beforeEach(async () => {
      await setViewport(WIDE);
      memory = makeMemoryHistory({ delaysMs: { own: 0, rijnstad: 0, noordzee: 0 }, noordzeeTruncated: true });
    });

    function memoryStudy(element: StudylinePatientHistory, accessionNumber: string): Study {
      const study = element.studies.find((candidate) => candidate.accessionNumber === accessionNumber);
      if (study === undefined) throw new Error(`The in-memory history has no study ${accessionNumber}.`);
      return study;
    }

    it('keeps the selection when a host cancels it', async () => {
      const element = await renderHistory({ adapter: memory.adapter, patientId: 'P1', attributes: { view: 'list' } });
      const study = memoryStudy(element, 'SMC24-1190');
      element.addEventListener('studyline-study-select', (event) => event.preventDefault(), { once: true });

      await clickListRow(element, study);

      expect(element.selectedStudyUid).to.equal(undefined);
      expect(list(element).selectedStudyUid).to.equal(undefined);
      expect(preview(element).study).to.equal(undefined);
    });

    it('keeps the filter when a host cancels it', async () => {
      const element = await renderHistory({ adapter: memory.adapter, patientId: 'P1' });
      element.addEventListener('studyline-filter-change', (event) => event.preventDefault(), { once: true });

      shadow(filterElement(element)).querySelector<HTMLButtonElement>('[data-facet="modality"] [data-value="mr"]')!.click();
      await settle(element);

      expect(element.filter).to.equal(undefined);
      expect(timelineStudyCount(element)).to.equal(element.studies.length);
    });

    it('starts with a preset filter', async () => {
      const element = await renderHistory({ adapter: memory.adapter, patientId: 'P1', attributes: { view: 'list' } });
      element.filter = { modalityGroups: ['mr'] };
      await settle(element);

      expect(filterElement(element).filter).to.deep.equal({ modalityGroups: ['mr'] });
      expect(shadow(list(element)).querySelectorAll('.row-button').length).to.equal(4);
      // The preview's newer and older buttons step through the filtered studies only.
      element.selectedStudyUid = memoryStudy(element, 'NK-23-4471').studyInstanceUid;
      await settle(element);
      expect(preview(element).studies?.map((study) => study.accessionNumber)).to.deep.equal(['NK-23-4471', 'RZ-2021-40213', 'NK-18-2210', 'SMC14-0206']);
    });

    it('searches the source again on Retry unless cancelled', async () => {
      const element = await renderHistory({ adapter: memory.adapter, patientId: 'P1' });
      expect([memory.own.searches, memory.rijnstad.searches, memory.noordzee.searches]).to.deep.equal([1, 1, 1]);
      const retry = (): HTMLButtonElement => shadow(timeline(element)).querySelector<HTMLButtonElement>('[part~="banner"] [part~="retry-button"]')!;

      element.addEventListener('studyline-source-retry', (event) => event.preventDefault(), { once: true });
      retry().click();
      await settle(element);
      expect(memory.noordzee.searches).to.equal(1);

      const searched = oneEvent(element, 'studyline-load');
      const retried = oneEvent(element, 'studyline-source-retry');
      retry().click();
      expect((await retried).detail.source.id).to.equal('noordzee');
      await searched;
      // Only the source whose banner was pressed is searched again.
      expect([memory.own.searches, memory.rijnstad.searches, memory.noordzee.searches]).to.deep.equal([1, 1, 2]);

      // The list view shows the same banner with its own Retry.
      await switchView(element, 'list');
      const listSearch = oneEvent(element, 'studyline-load');
      child<HTMLButtonElement>(element, '[part~="banner"] [part~="retry-button"]').click();
      await listSearch;
      expect(memory.noordzee.searches).to.equal(3);
    });

    it('keeps an import going on another study', async () => {
      const element = await renderHistory({ adapter: memory.adapter, patientId: 'P1', importTarget: memory.own, attributes: { view: 'list' } });
      const external = memoryStudy(element, 'RZ-2024-08812');
      const other = memoryStudy(element, 'SMC25-0311');
      await clickListRow(element, external);
      const button = visibleImportButton(element)!;
      expect(button.source).to.equal(memory.rijnstad);

      const completed = oneEvent(element, 'studyline-import-complete');
      shadow(button).querySelector<HTMLButtonElement>('[part~="start-button"]')!.click();
      await element.updateComplete;
      expect(button.state).to.equal('importing');
      await clickListRow(element, other);

      expect(button.isConnected, 'the import button stays in the document').to.equal(true);
      expect(button.closest('[hidden]')).to.not.equal(null);
      expect(visibleImportButton(element), 'no import for the own study').to.equal(undefined);
      expect(((await completed) as StudylineImportCompleteEvent).detail.outcome.state).to.equal('done');

      element.selectedStudyUid = external.studyInstanceUid;
      await settle(element);
      expect(visibleImportButton(element)).to.equal(button);
      expect(button.state).to.equal('done');
    });

    it('shows the header slot and a message without a patient', async () => {
      const element = await renderHistory({ adapter: memory.adapter, header: true });

      expect(child<HTMLElement>(element, '[part~="header"]').hidden).to.equal(false);
      expect(text(child(element, '.history'))).to.equal('No patient selected');
      expect(element.loadStatus).to.equal('idle');
      expect(memory.own.searches).to.equal(0);
    });

    it('forwards the empty slot', async () => {
      const adapter = new ScriptedAdapter([MEMORY_OWN, MEMORY_RIJNSTAD]);
      const container = await fixture<HTMLDivElement>(html`
        <div>
          <studyline-patient-history lang="en-GB" patient-id="P1"><p slot="empty" id="host-empty">No imaging yet</p></studyline-patient-history>
        </div>
      `);
      const element = container.querySelector('studyline-patient-history') as StudylinePatientHistory;
      element.adapter = adapter;
      const search = await adapter.nextSearch(0);
      search.respond('own', []);
      search.respond('rijnstad', []);
      await oneEvent(element, 'studyline-load');
      await settle(element);

      expect(element.matches(':state(empty)')).to.equal(true);
      const timelineSlot = shadow(timeline(element)).querySelector<HTMLSlotElement>('slot[name="empty"]')!;
      expect(timelineSlot.assignedElements({ flatten: true }).map((node) => node.id)).to.deep.equal(['host-empty']);

      // Without the host's content, the timeline keeps its own message.
      container.querySelector('#host-empty')!.remove();
      await settle(element);
      expect(timelineSlot.assignedNodes({ flatten: true }).map((node) => node.textContent?.trim()).join('')).to.equal('No studies for this patient');
    });

    it('forgets the selection for a new patient', async () => {
      const element = await renderHistory({ adapter: memory.adapter, patientId: 'P1' });
      element.selectedStudyUid = memoryStudy(element, 'SMC24-1190').studyInstanceUid;
      await settle(element);

      element.patientId = 'P2';
      await element.updateComplete;

      expect(element.selectedStudyUid).to.equal(undefined);
      expect(element.hasAttribute('selected-study-uid')).to.equal(false);
    });

    it('keeps a host selection for a new adapter', async () => {
      const element = await renderHistory({ adapter: memory.adapter, patientId: 'P1' });
      const uid = memoryStudy(element, 'SMC24-1190').studyInstanceUid;
      element.selectedStudyUid = uid;
      await settle(element);

      const searched = oneEvent(element, 'studyline-load');
      element.adapter = makeMemoryHistory({ delaysMs: { own: 0, rijnstad: 0, noordzee: 0 } }).adapter;
      await searched;

      expect(element.selectedStudyUid).to.equal(uid);
      expect(element.selectedStudy?.accessionNumber).to.equal('SMC24-1190');
    });

    it('keeps the filter compact above the timeline', async () => {
      const element = await renderHistory({ adapter: memory.adapter, patientId: 'P1' });
      const filter = filterElement(element);

      expect(filter.layout).to.equal('compact');
      expect(filter.expanded).to.equal(false);
      const filterBox = filter.getBoundingClientRect();
      expect(timeline(element).getBoundingClientRect().top).to.be.at.least(filterBox.bottom);
      // A search row with the modality chips, and the result line with the view switch.
      expect(filterBox.height).to.be.below(160);
      expect(shadow(filter).querySelector('[data-facet="type"]')!.getClientRects().length, 'the content facet is folded').to.equal(0);

      // A preset choice in a folded facet opens "More filters", so that it is in view.
      element.filter = { types: ['reports'] };
      await settle(element);
      expect(filter.expanded).to.equal(true);
      expect(shadow(filter).querySelector('[data-facet="type"]')!.getClientRects().length).to.be.greaterThan(0);

      // The narrow layout folds the whole filter behind its own button, and shows every facet once it is open.
      await setViewport(NARROW);
      await waitFor(() => element.currentLayout === 'narrow', 'the narrow layout');
      await settle(element);
      expect(filter.layout).to.equal('full');
      expect(shadow(filter).querySelector('[part~="more-button"]')).to.equal(null);
    });

    it('passes its terminology to the preview', async () => {
      const element = await renderHistory({ adapter: memory.adapter, patientId: 'P1', attributes: { lang: 'nl' } });
      const terminology = createTerminology({ bodyRegions: { chest: { names: { nl: 'Borstkas' } } } });
      element.terminology = terminology;
      element.selectedStudyUid = memoryStudy(element, 'SMC24-1190').studyInstanceUid;
      await settle(element);
      await seriesListed(element);

      expect(preview(element).terminology).to.equal(terminology);
      expect(filterElement(element).terminology).to.equal(terminology);
      expect(text(shadow(preview(element)).querySelector('.series-meta')!)).to.equal('Serie 1 · Borstkas (CHEST) · 1 beeld');
    });

    it('stacks the preview at 800 px', async () => {
      await setViewport({ width: 800, height: 900 });
      const element = await renderHistory({ adapter: memory.adapter, patientId: 'P1' });
      element.selectedStudyUid = memoryStudy(element, 'SMC24-1190').studyInstanceUid;
      await settle(element);

      expect(element.currentLayout).to.equal('stacked');
      expect(element.matches(':state(wide)')).to.equal(false);
      expect(element.matches(':state(narrow)')).to.equal(false);
      expect(shadow(element).querySelector('.back-button')).to.equal(null);
      const history = child(element, '.history').getBoundingClientRect();
      const detail = child(element, '.detail').getBoundingClientRect();
      expect(detail.top).to.be.at.least(history.bottom);
      expect(detail.width).to.be.closeTo(history.width, 1);
      expectFits(element);
    });

    it('falls back for unknown view and theme', async () => {
      const element = await renderHistory({ adapter: memory.adapter, patientId: 'P1', attributes: { view: 'grid', theme: 'purple' } });

      expect(element.view).to.equal('timeline');
      expect(element.theme).to.equal('light');
      expect(shadow(element).querySelector('studyline-timeline')).to.not.equal(null);
    });
  });

  describe('study adapters', () => {
    it('picks each source’s own adapter', () => {
      const memory = makeMemoryHistory();
      const study = memory.entries.find((entry) => entry.study.accessionNumber === 'RZ-2024-08812')!.study;

      expect(adapterForSource(memory.adapter, 'rijnstad')).to.equal(memory.rijnstad);
      expect(adapterForSource(memory.adapter, 'elsewhere')).to.equal(undefined);
      expect(adapterForSource(memory.own, 'own')).to.equal(memory.own);
      expect(adapterForSource(memory.own, 'rijnstad')).to.equal(undefined);
      expect(importSourceAdapter(study, memory.adapter)).to.equal(memory.rijnstad);
      expect(isHeldLocally(study, memory.own)).to.equal(false);
      expect(isHeldLocally({ ...study, sources: [{ source: MEMORY_RIJNSTAD }, { source: MEMORY_OWN }] }, undefined)).to.equal(true);
      expect(isHeldLocally({ ...study, sources: [{ source: MEMORY_RIJNSTAD }] }, memory.rijnstad)).to.equal(true);
      expect(importSourceAdapter({ ...study, sources: [{ source: MEMORY_OWN }] }, memory.adapter)).to.equal(undefined);
      expect(importSourceAdapter({ ...study, sources: [{ source: { ...MEMORY_NOORDZEE, id: 'elsewhere' } }, { source: MEMORY_NOORDZEE }] }, memory.adapter)).to.equal(
        memory.noordzee,
      );
    });
  });
});
