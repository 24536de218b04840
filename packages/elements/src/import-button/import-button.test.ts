// <studyline-import-button> in Chromium: imports from the sample gateway's Rijnstad source into its own
// hospital source through the test server, with the gateway's fault injection, plus a few cases with
// in-memory adapters that need exact timing.
//
// NOTE: the gateway runs once for the whole test run, so the studies imported here stay in the `own`
// source for the test files that run after this one.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { combineSources, type ImportProgress, type Study } from '@studyline/core';
import '../timeline/define.js';
import './define.js';
import type { StudylineLoadEvent } from '../shared/events.js';
import type { StudylineTimeline } from '../timeline/timeline.js';
import type { StudylineImportButton } from './import-button.js';
import type { StudylineImportCompleteEvent, StudylineImportProgressEvent, StudylineImportStartEvent } from './import-events.js';
import { assertNoTokenInUrls, listedUids, recordingAdapter, ResourceNames } from './test-support/gateway-adapters.js';
import { STORY_EXTERNAL, makeStory, makeStoryAdapters } from './test-support/timed-adapter.js';
import { clearGatewayLog, findStudy, gatewayInfo, gatewayLog, setGatewayFaults, waitFor } from '../study-preview/test-support/gateway-client.js';

/** Rijnstad studies, one per test that writes into `own`, so that each starts without the study there. */
const CT_ABDOMEN = 'RZ-2025-01877'; // Three CT instances and an SR report, two series.
const MR_SHOULDER = 'RZ-2018-52977'; // Four MR instances, two series.
const CR_HAND = 'RZ-2020-30155'; // Two CR instances.
const US_KIDNEY = 'RZ-2016-40210'; // Two US instances in JPEG baseline.
const OWN_CT_ABDOMEN = 'SMC13-0388'; // Only at the own hospital.

/** Colours of the two themes that these tests read back, as computed styles. */
const DARK_TEXT = 'rgb(230, 233, 237)';
const DARK_ACCENT = 'rgb(138, 180, 255)';
const LIGHT_ACCENT = 'rgb(11, 87, 208)';

function shadow(element: StudylineImportButton): ShadowRoot {
  return element.shadowRoot as ShadowRoot;
}

function part(element: StudylineImportButton, name: string): HTMLElement | null {
  return shadow(element).querySelector<HTMLElement>(`[part~="${name}"]`);
}

function text(element: StudylineImportButton): string {
  return (shadow(element).textContent ?? '').replace(/\s+/g, ' ').trim();
}

function bar(element: StudylineImportButton): HTMLProgressElement | null {
  return shadow(element).querySelector('progress');
}

function liveRegion(element: StudylineImportButton): string {
  return shadow(element).querySelector('[role="status"]')?.textContent?.trim() ?? '';
}

async function renderButton(
  study: Study | undefined,
  source: StudylineImportButton['source'],
  target: StudylineImportButton['target'],
  options: { lang?: string; theme?: string; width?: string; batchSize?: number } = {},
): Promise<StudylineImportButton> {
  const container = await fixture<HTMLDivElement>(html`
    <div style="width: ${options.width ?? '480px'}">
      <studyline-import-button lang=${options.lang ?? 'en-GB'} theme=${options.theme ?? 'light'}></studyline-import-button>
    </div>
  `);
  const element = container.querySelector('studyline-import-button') as StudylineImportButton;
  element.source = source;
  element.target = target;
  element.batchSize = options.batchSize;
  element.study = study;
  await element.updateComplete;
  return element;
}

type ImportEvent = StudylineImportStartEvent | StudylineImportProgressEvent | StudylineImportCompleteEvent;

/** Records the element's import events in order. */
function recordEvents(element: StudylineImportButton): ImportEvent[] {
  const events: ImportEvent[] = [];
  const record = (event: Event): void => {
    events.push(event as ImportEvent);
  };
  element.addEventListener('studyline-import-start', record);
  element.addEventListener('studyline-import-progress', record);
  element.addEventListener('studyline-import-complete', record);
  return events;
}

function progressOf(events: readonly ImportEvent[]): ImportProgress[] {
  return events.filter((event): event is StudylineImportProgressEvent => event.type === 'studyline-import-progress').map((event) => event.detail.progress);
}

async function completed(element: StudylineImportButton): Promise<StudylineImportCompleteEvent> {
  const event = await oneEvent(element, 'studyline-import-complete');
  await element.updateComplete;
  return event as StudylineImportCompleteEvent;
}

describe('studyline-import-button', () => {
  beforeEach(async () => {
    await setGatewayFaults('own', {});
    await setGatewayFaults('rijnstad', {});
    await clearGatewayLog();
  });

  afterEach(async () => {
    await setGatewayFaults('own', {});
    await setGatewayFaults('rijnstad', {});
    await setViewport({ width: 800, height: 600 });
  });

  describe('against the sample gateway', () => {
    it('imports with moving progress, verified', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const own = recordingAdapter('own');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      const sourceUids = await listedUids(rijnstad.adapter, study);
      expect(sourceUids.length).to.equal(4);
      // Slow servers and one instance per store request, so that the progress has visible steps.
      await setGatewayFaults('rijnstad', { latencyMs: 150 });
      await setGatewayFaults('own', { latencyMs: 250 });
      await clearGatewayLog();
      const resources = new ResourceNames();

      const element = await renderButton(study, rijnstad.adapter, own.adapter, { batchSize: 1 });
      await expect(element).to.be.accessible();
      expect(element.state).to.equal('idle');
      const events = recordEvents(element);
      const done = completed(element);
      part(element, 'start-button')?.click();
      await element.updateComplete;

      expect(element.state).to.equal('importing');
      expect(element.matches(':state(importing)')).to.equal(true);
      expect(bar(element)?.hasAttribute('value'), 'indeterminate while listing').to.equal(false);
      expect(text(element)).to.include('Listing the instances at Rijnstad Ziekenhuis');
      await expect(element).to.be.accessible();

      // Samples the bar until the import ends.
      const barValues: { value: number; max: number }[] = [];
      let finished = false;
      void done.then(() => {
        finished = true;
      });
      while (!finished) {
        const progress = bar(element);
        if (progress?.hasAttribute('value')) barValues.push({ value: progress.value, max: progress.max });
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
      const complete = await done;

      expect(events[0].type).to.equal('studyline-import-start');
      expect(events.at(-1)?.type).to.equal('studyline-import-complete');
      expect(events.filter((event) => event.type === 'studyline-import-start')).to.have.length(1);
      expect(events.filter((event) => event.type === 'studyline-import-complete')).to.have.length(1);
      const start = events[0] as StudylineImportStartEvent;
      expect(start.detail.study.studyInstanceUid).to.equal(study.studyInstanceUid);
      expect(start.detail.only).to.equal(undefined);
      expect(start.bubbles).to.equal(true);
      expect(start.composed).to.equal(true);
      expect(start.cancelable).to.equal(true);

      const progress = progressOf(events);
      expect([...new Set(progress.map((entry) => entry.phase))]).to.deep.equal(['listing', 'transferring', 'verifying']);
      const counts = progress.filter((entry) => entry.phase === 'transferring').map((entry) => entry.instances);
      expect(counts).to.deep.equal([...counts].sort((a, b) => a - b), 'the instance count never goes back');
      expect(counts.some((count) => count > 0 && count < 4), `intermediate counts in ${counts.join(', ')}`).to.equal(true);
      expect(progress.at(-1)?.totalInstances).to.equal(4);
      expect(progress.at(-1)?.storedInstances).to.equal(4);
      expect(barValues.some(({ value, max }) => max === 4 && value > 0 && value < 4), `bar values ${JSON.stringify(barValues)}`).to.equal(true);

      const outcome = complete.detail.outcome;
      expect(outcome.state).to.equal('done');
      expect(outcome.verified).to.equal(true);
      expect(outcome.expected).to.equal(4);
      expect(outcome.missing).to.deep.equal([]);
      expect(element.state).to.equal('done');
      expect(element.matches(':state(done)')).to.equal(true);
      expect(element.matches(':state(importing)')).to.equal(false);
      expect(text(element)).to.include('Imported and verified');
      expect(text(element)).to.include('All 4 instances of the study are in Studyline Medisch Centrum.');
      await waitFor(() => liveRegion(element).includes('Imported and verified'), 'the live region to announce the outcome');
      await expect(element).to.be.accessible();

      // The own hospital's QIDO-RS now lists every instance that Rijnstad lists.
      expect(await listedUids(own.adapter, study)).to.deep.equal(sourceUids);
      await assertNoTokenInUrls([...rijnstad.fetches, ...own.fetches], resources.stop());
    });

    it('timeline shows the study at both sources', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const own = recordingAdapter('own');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      const element = await renderButton(study, rijnstad.adapter, own.adapter);
      const done = completed(element);
      await element.start();
      expect((await done).detail.outcome.state).to.equal('done');

      const { patient } = await gatewayInfo();
      const container = await fixture<HTMLDivElement>(html`<div style="width: 480px"><studyline-timeline layout="vertical" lang="en-GB"></studyline-timeline></div>`);
      const timeline = container.querySelector('studyline-timeline') as StudylineTimeline;
      const loaded = oneEvent(timeline, 'studyline-load');
      timeline.adapter = combineSources([own.adapter, rijnstad.adapter]);
      timeline.patientId = patient.id;
      const { result } = ((await loaded) as StudylineLoadEvent).detail;
      const merged = result.studies.filter((candidate) => candidate.studyInstanceUid === study.studyInstanceUid);
      expect(merged, 'one merged study').to.have.length(1);
      expect(merged[0].sources.map((entry) => entry.source.id)).to.have.members(['own', 'rijnstad']);
      expect(merged[0].sources[0].source.id, 'the own hospital first').to.equal('own');

      await timeline.updateComplete;
      const rows = [...(timeline.shadowRoot as ShadowRoot).querySelectorAll<HTMLElement>('[part~="row"]')].map((row) =>
        (row.textContent ?? '').replace(/\s+/g, ' '),
      );
      const row = rows.find((candidate) => candidate.includes('10 Jan 2025') && candidate.includes('CT abdomen'));
      expect(row, `a row for the study among ${rows.length}`).to.not.equal(undefined);
      expect(row).to.include('also external');
    });

    it('cancels by keyboard, then retry completes', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const own = recordingAdapter('own');
      const study = await findStudy(rijnstad.adapter, MR_SHOULDER);
      const sourceUids = await listedUids(rijnstad.adapter, study);
      await setGatewayFaults('own', { latencyMs: 400 });
      const element = await renderButton(study, rijnstad.adapter, own.adapter, { batchSize: 1 });
      const events = recordEvents(element);

      const done = completed(element);
      part(element, 'start-button')?.focus();
      await sendKeys({ press: 'Enter' });
      await waitFor(() => (element.progress?.storedInstances ?? 0) >= 1, 'the first stored instance');
      expect(shadow(element).activeElement, 'focus on Cancel').to.equal(part(element, 'cancel-button'));
      await sendKeys({ press: 'Enter' });
      const outcome = (await done).detail.outcome;

      expect(outcome.cancelled).to.equal(true);
      expect(outcome.state).to.equal('partial');
      expect(outcome.missing.length).to.be.greaterThan(0);
      expect(outcome.missing.every((missing) => missing.code === 'cancelled')).to.equal(true);
      expect(outcome.stored + outcome.missing.length).to.equal(sourceUids.length);
      expect(element.matches(':state(partial)')).to.equal(true);
      expect(text(element)).to.include('Partly imported');
      expect(text(element)).to.include('The import was cancelled.');
      expect(text(element)).to.include(`Studyline Medisch Centrum has ${outcome.stored} of 4 instances.`);
      expect(shadow(element).activeElement, 'focus moves to the outcome').to.equal(part(element, 'result'));
      const retryButton = part(element, 'retry-button') as HTMLButtonElement;
      expect(retryButton.textContent?.trim()).to.equal(
        outcome.missing.length === 1 ? 'Import the missing instance' : `Import the ${outcome.missing.length} missing instances`,
      );
      await expect(element).to.be.accessible();

      await setGatewayFaults('own', {});
      events.length = 0;
      const retried = completed(element);
      retryButton.click();
      const retry = (await retried).detail.outcome;
      const start = events[0] as StudylineImportStartEvent;
      expect(start.type).to.equal('studyline-import-start');
      expect(start.detail.only?.map((instance) => instance.sopInstanceUid)).to.deep.equal(outcome.missing.map((missing) => missing.sopInstanceUid));
      expect(retry.state).to.equal('done');
      expect(retry.transferred).to.equal(outcome.missing.length);
      expect(element.state).to.equal('done');
      expect(await listedUids(own.adapter, study)).to.deep.equal(sourceUids);
    });

    it('lists missing instances in Dutch', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const own = recordingAdapter('own');
      const study = await findStudy(rijnstad.adapter, CR_HAND);
      const sourceUids = await listedUids(rijnstad.adapter, study);
      await setGatewayFaults('rijnstad', { cutRetrieveAfterParts: 1 });
      const element = await renderButton(study, rijnstad.adapter, own.adapter, { lang: 'nl' });
      expect(part(element, 'start-button')?.textContent?.trim()).to.equal('Onderzoek importeren');

      const done = completed(element);
      part(element, 'start-button')?.click();
      const outcome = (await done).detail.outcome;
      expect(outcome.state).to.equal('partial');
      expect(outcome.missing).to.have.length(1);
      expect(outcome.missing[0].code).to.equal('not-received');

      const content = text(element);
      expect(content).to.include('Gedeeltelijk geïmporteerd');
      expect(content).to.include('Studyline Medisch Centrum heeft 1 van 2 objecten.');
      expect(content).to.include('1 object ontbreekt.');
      const missing = part(element, 'missing') as HTMLDetailsElement;
      expect(missing.querySelector('summary')?.textContent?.trim()).to.equal('Ontbrekend object tonen');
      const items = [...missing.querySelectorAll('li')];
      expect(items).to.have.length(1);
      expect(items[0].dataset.sopInstanceUid).to.equal(outcome.missing[0].sopInstanceUid);
      expect(items[0].textContent).to.include('Rijnstad Ziekenhuis heeft het niet verstuurd.');
      const technical = shadow(element).querySelector('.technical');
      expect(technical?.getAttribute('lang')).to.equal('en');
      expect(technical?.textContent).to.include('1 of 2 instances are missing');
      expect(part(element, 'retry-button')?.textContent?.trim()).to.equal('Ontbrekend object importeren');
      missing.open = true;
      await expect(element).to.be.accessible();

      await setGatewayFaults('rijnstad', {});
      const retried = completed(element);
      part(element, 'retry-button')?.click();
      expect((await retried).detail.outcome.state).to.equal('done');
      expect(text(element)).to.include('Geïmporteerd en gecontroleerd');
      expect(text(element)).to.include('Alle 2 objecten van het onderzoek staan in Studyline Medisch Centrum.');
      expect(await listedUids(own.adapter, study)).to.deep.equal(sourceUids);
    });

    it('shows a 503 Retry-After wait', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const own = recordingAdapter('own');
      const study = await findStudy(rijnstad.adapter, US_KIDNEY);
      await setGatewayFaults('rijnstad', { serviceUnavailableCount: 2 });
      const element = await renderButton(study, rijnstad.adapter, own.adapter);
      const events = recordEvents(element);
      const done = completed(element);
      part(element, 'start-button')?.click();

      await waitFor(() => part(element, 'waiting') !== null, 'the Retry-After note');
      expect(part(element, 'waiting')?.textContent?.trim()).to.equal('Rijnstad Ziekenhuis is busy and asked to wait. Trying again in 1 second.');
      expect(element.matches(':state(waiting)')).to.equal(true);
      await waitFor(() => liveRegion(element).includes('busy and asked to wait'), 'the live region to announce the wait');
      await expect(element).to.be.accessible();
      const waiting = progressOf(events).find((progress) => progress.waiting !== undefined)?.waiting;
      expect(waiting?.side).to.equal('source');
      expect(waiting?.waitSeconds).to.equal(1);

      expect((await done).detail.outcome.state).to.equal('done');
      expect(part(element, 'waiting')).to.equal(null);
      expect(element.matches(':state(waiting)')).to.equal(false);
      const unavailable = (await gatewayLog()).filter((entry) => entry.status === 503);
      expect(unavailable.length).to.be.greaterThan(0);
    });

    it('fails when the source cannot list', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const own = recordingAdapter('own');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      await setGatewayFaults('rijnstad', { failStatus: 500 });
      const element = await renderButton(study, rijnstad.adapter, own.adapter, { theme: 'dark' });
      const done = completed(element);
      part(element, 'start-button')?.click();
      const outcome = (await done).detail.outcome;

      expect(outcome.state).to.equal('failed');
      expect(element.matches(':state(failed)')).to.equal(true);
      expect(text(element)).to.include('Import failed');
      expect(text(element)).to.include('No instances of this study could be listed at Rijnstad Ziekenhuis, so nothing was imported.');
      expect(shadow(element).querySelector('.technical')?.textContent).to.include('HTTP 500');
      expect(part(element, 'retry-button')?.textContent?.trim()).to.equal('Retry');
      await expect(element).to.be.accessible();

      await setGatewayFaults('rijnstad', {});
      const retried = completed(element);
      part(element, 'retry-button')?.click();
      expect((await retried).detail.outcome.state).to.equal('done');
    });

    it('cancelled start event sends nothing', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const own = recordingAdapter('own');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      rijnstad.fetches.length = 0;
      await clearGatewayLog();
      const element = await renderButton(study, rijnstad.adapter, own.adapter);
      const events = recordEvents(element);
      element.addEventListener('studyline-import-start', (event) => event.preventDefault());

      part(element, 'start-button')?.click();
      expect(await element.start()).to.equal(undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));

      expect(events.map((event) => event.type)).to.deep.equal(['studyline-import-start', 'studyline-import-start']);
      expect(element.state).to.equal('idle');
      expect(part(element, 'start-button')).to.not.equal(null);
      expect(rijnstad.fetches.length + own.fetches.length).to.equal(0);
      expect(await gatewayLog()).to.deep.equal([]);
    });

    it('shows a note for a local study', async () => {
      const own = recordingAdapter('own');
      const rijnstad = recordingAdapter('rijnstad');
      const study = await findStudy(own.adapter, OWN_CT_ABDOMEN);
      const element = await renderButton(study, rijnstad.adapter, own.adapter);

      expect(element.state).to.equal('available');
      expect(element.matches(':state(available)')).to.equal(true);
      expect(part(element, 'start-button')).to.equal(null);
      expect(part(element, 'available')?.textContent?.trim()).to.equal('Already in Studyline Medisch Centrum');
      await expect(element).to.be.accessible();
    });
  });

  describe('with in-memory adapters', () => {
    it('paints its own dark theme', async () => {
      const { study, source, target } = makeStoryAdapters({ count: 2 });
      const element = await renderButton(study, source, target, { theme: 'dark' });
      const button = part(element, 'start-button') as HTMLButtonElement;

      expect(getComputedStyle(element).color).to.equal(DARK_TEXT);
      expect(getComputedStyle(button).backgroundColor).to.equal(DARK_ACCENT);
      await expect(element).to.be.accessible();

      element.theme = 'light';
      await element.updateComplete;
      expect(getComputedStyle(button).backgroundColor).to.equal(LIGHT_ACCENT);
    });

    it('falls back for an unknown theme', async () => {
      const { study, source, target } = makeStoryAdapters({ count: 2 });
      const element = await renderButton(study, source, target, { theme: 'neon' });

      expect(element.theme).to.equal('light');
      expect(element.getAttribute('theme')).to.equal('light');
      expect(getComputedStyle(part(element, 'start-button')!).backgroundColor).to.equal(LIGHT_ACCENT);
    });

    it('keeps the button disabled without adapters', async () => {
      const { study, source } = makeStoryAdapters({ count: 2 });
      const element = await renderButton(study, source, undefined);
      const events = recordEvents(element);
      const button = part(element, 'start-button') as HTMLButtonElement;
      expect(button.disabled).to.equal(true);
      expect(await element.start()).to.equal(undefined);
      expect(events).to.deep.equal([]);

      element.study = undefined;
      await element.updateComplete;
      expect(part(element, 'start-button'), 'nothing without a study').to.equal(null);
    });

    it('rejects one adapter as source and target', async () => {
      const { source } = makeStoryAdapters({ count: 2 });
      const element = await renderButton(makeStory([]), source, source);
      const outcome = await element.start();
      await element.updateComplete;
      expect(outcome?.state).to.equal('failed');
      expect(text(element)).to.include('The import could not start because the page set it up wrongly.');
      expect(shadow(element).querySelector('.technical')?.textContent).to.include('source and the target are the same');
    });

    it('counts down a Retry-After wait', async () => {
      const { study, source, target } = makeStoryAdapters({ count: 2, source: { retryAfterSeconds: 3 } });
      const element = await renderButton(study, source, target);
      const finished = element.start();
      await waitFor(() => part(element, 'waiting')?.textContent?.includes('3 seconds') === true, 'the wait of 3 seconds');
      await waitFor(() => part(element, 'waiting')?.textContent?.includes('2 seconds') === true, 'the wait of 2 seconds', 2000);
      element.cancel();
      const outcome = await finished;
      expect(outcome?.state).to.equal('failed');
      expect(outcome?.cancelled).to.equal(true);
      await element.updateComplete;
      expect(text(element)).to.include('The import was cancelled before anything was imported.');
    });

    it('study change cancels the import', async () => {
      const { study, source, target } = makeStoryAdapters({ count: 6, source: { holdAfterInstances: 2 } });
      const element = await renderButton(study, source, target);
      const finished = element.start();
      await waitFor(() => (element.progress?.instances ?? 0) >= 2, 'two instances');
      const complete = oneEvent(element, 'studyline-import-complete');
      element.study = makeStory([STORY_EXTERNAL], `${study.studyInstanceUid}.9`);
      await element.updateComplete;
      expect(element.state).to.equal('idle');
      const outcome = await finished;
      expect(outcome?.cancelled).to.equal(true);
      expect((await complete).detail.study.studyInstanceUid).to.equal(study.studyInstanceUid);
      await element.updateComplete;
      expect(element.state, 'the old import does not replace the new study').to.equal('idle');
      expect(part(element, 'start-button')).to.not.equal(null);
    });

    it('lists at most 100 missing instances', async () => {
      const { study, source, target } = makeStoryAdapters({ count: 130, size: 1024 });
      source.faults = { retrieveStopAfter: 0, incompleteReason: 'The server sent only part of /studies/x (HTTP 206 Partial Content).' };
      const element = await renderButton(study, source, target);
      const outcome = await element.start();
      await element.updateComplete;
      expect(outcome?.state).to.equal('failed');
      expect(outcome?.missing).to.have.length(130);
      expect(text(element)).to.include('Studyline Medisch Centrum has none of the study’s instances.');
      expect(part(element, 'missing')?.querySelectorAll('li')).to.have.length(100);
      expect(part(element, 'missing')?.textContent).to.include('and 30 more');
      expect(part(element, 'retry-button')?.textContent?.trim()).to.equal('Retry');
    });

    it('fits 360 px without horizontal scrolling', async () => {
      await setViewport({ width: 360, height: 740 });
      const { study, source, target } = makeStoryAdapters({ count: 8, size: 1024 });
      source.faults = { retrieveStopAfter: 5, incompleteReason: 'The server sent only part of /studies/x (HTTP 206 Partial Content).' };
      const element = await renderButton(study, source, target, { width: '100%', lang: 'nl' });
      await element.start();
      await element.updateComplete;
      (part(element, 'missing') as HTMLDetailsElement).open = true;
      await element.updateComplete;
      expect(element.state).to.equal('partial');
      const base = part(element, 'base') as HTMLElement;
      expect(base.scrollWidth, 'no horizontal overflow').to.be.at.most(base.clientWidth);
      expect(element.getBoundingClientRect().width).to.be.at.most(360);
      for (const button of shadow(element).querySelectorAll('button')) {
        expect(button.getBoundingClientRect().right).to.be.at.most(360);
        expect(button.getBoundingClientRect().height).to.be.at.least(36);
      }
      await expect(element).to.be.accessible();
    });
  });
});
