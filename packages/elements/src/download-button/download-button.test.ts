// <studyline-download-button> in Chromium: downloads from the sample gateway's Rijnstad source through
// the test server, into a stand-in for the browser's save dialog and into the Blob fallback. Each zip is
// read back through its central directory with CRC checks.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { readFileMetaInformation, type DicomInstance, type DownloadProgress, type Study } from '@studyline/core';
import type { DicomWebAdapter } from '@studyline/dicomweb';
import { readZip, type ZipEntry } from '../../../core/src/test-support/read-zip.js';
import './define.js';
import type { StudylineDownloadButton } from './download-button.js';
import type { StudylineDownloadCompleteEvent, StudylineDownloadProgressEvent, StudylineDownloadStartEvent } from './download-events.js';
import { OBJECT_URL_LIFETIME_MS } from './save-file.js';
import { assertNoTokenInUrls, recordingAdapter, ResourceNames } from '../import-button/test-support/gateway-adapters.js';
import { makeStoryAdapters } from '../import-button/test-support/timed-adapter.js';
import { clearGatewayLog, findStudy, gatewayLog, gatewayToken, setGatewayFaults, waitFor } from '../study-preview/test-support/gateway-client.js';

const CT_ABDOMEN = 'RZ-2025-01877'; // Three CT instances and an SR report, two series, at Rijnstad.

/** Colours of the two themes that these tests read back, as computed styles. */
const DARK_TEXT = 'rgb(230, 233, 237)';
const DARK_ACCENT = 'rgb(138, 180, 255)';
const LIGHT_ACCENT = 'rgb(11, 87, 208)';

function shadow(element: StudylineDownloadButton): ShadowRoot {
  return element.shadowRoot as ShadowRoot;
}

function part(element: StudylineDownloadButton, name: string): HTMLElement | null {
  return shadow(element).querySelector<HTMLElement>(`[part~="${name}"]`);
}

function text(element: StudylineDownloadButton): string {
  return (shadow(element).textContent ?? '').replace(/\s+/g, ' ').trim();
}

async function renderButton(
  study: Study | undefined,
  source: StudylineDownloadButton['source'],
  options: { lang?: string; theme?: string; width?: string; saveMethod?: string } = {},
): Promise<StudylineDownloadButton> {
  const container = await fixture<HTMLDivElement>(html`
    <div style="width: ${options.width ?? '480px'}">
      <studyline-download-button
        lang=${options.lang ?? 'en-GB'}
        theme=${options.theme ?? 'light'}
        save-method=${options.saveMethod ?? 'auto'}
      ></studyline-download-button>
    </div>
  `);
  const element = container.querySelector('studyline-download-button') as StudylineDownloadButton;
  element.source = source;
  element.study = study;
  await element.updateComplete;
  return element;
}

/** Opens the confirmation and waits for its size estimate. */
async function confirmation(element: StudylineDownloadButton): Promise<void> {
  part(element, 'start-button')?.click();
  await element.updateComplete;
  await waitFor(() => !(part(element, 'size')?.textContent ?? '').includes('Estimating') && !(part(element, 'size')?.textContent ?? '').includes('bepalen'), 'the size estimate');
  await element.updateComplete;
}

type DownloadEvent = StudylineDownloadStartEvent | StudylineDownloadProgressEvent | StudylineDownloadCompleteEvent;

function recordEvents(element: StudylineDownloadButton): DownloadEvent[] {
  const events: DownloadEvent[] = [];
  const record = (event: Event): void => {
    events.push(event as DownloadEvent);
  };
  element.addEventListener('studyline-download-start', record);
  element.addEventListener('studyline-download-progress', record);
  element.addEventListener('studyline-download-complete', record);
  return events;
}

async function completed(element: StudylineDownloadButton): Promise<StudylineDownloadCompleteEvent> {
  const event = await oneEvent(element, 'studyline-download-complete');
  await element.updateComplete;
  return event as StudylineDownloadCompleteEvent;
}

interface PickerStub {
  calls: { suggestedName?: string }[];
  chunks: Uint8Array[];
  /** The element's progress phase at each write, to show that writing starts before the download ends. */
  phasesAtWrite: (DownloadProgress['phase'] | undefined)[];
  closed: boolean;
  aborted: boolean;
  restore(): void;
}

/** Replaces `showSaveFilePicker` with a stand-in whose file collects the written chunks. */
function stubFilePicker(element: StudylineDownloadButton, options: { writeDelayMs?: number; error?: DOMException } = {}): PickerStub {
  const original = Object.getOwnPropertyDescriptor(window, 'showSaveFilePicker');
  const stub: PickerStub = {
    calls: [],
    chunks: [],
    phasesAtWrite: [],
    closed: false,
    aborted: false,
    restore: () => {
      if (original === undefined) delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
      else Object.defineProperty(window, 'showSaveFilePicker', original);
    },
  };
  Object.defineProperty(window, 'showSaveFilePicker', {
    configurable: true,
    writable: true,
    value: async (pickerOptions: { suggestedName?: string }) => {
      stub.calls.push(pickerOptions);
      if (options.error !== undefined) throw options.error;
      return {
        name: 'chosen-study.zip',
        createWritable: async () =>
          new WritableStream<Uint8Array>({
            async write(chunk) {
              stub.chunks.push(chunk.slice());
              stub.phasesAtWrite.push(element.progress?.phase);
              if (options.writeDelayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, options.writeDelayMs));
            },
            close() {
              stub.closed = true;
            },
            abort() {
              stub.aborted = true;
            },
          }),
      };
    },
  });
  return stub;
}

/** Removes `showSaveFilePicker` for one test, as in browsers without it. */
function removeFilePicker(): () => void {
  const original = Object.getOwnPropertyDescriptor(window, 'showSaveFilePicker');
  Object.defineProperty(window, 'showSaveFilePicker', { configurable: true, writable: true, value: undefined });
  return () => {
    if (original === undefined) delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
    else Object.defineProperty(window, 'showSaveFilePicker', original);
  };
}

interface BlobSaves {
  created: { url: string; blob: Blob }[];
  revoked: string[];
  clicks: { href: string; download: string }[];
  restore(): void;
}

/** Records object URLs and `<a download>` clicks, and keeps the clicks from saving files. */
function captureBlobSaves(): BlobSaves {
  const saves: BlobSaves = { created: [], revoked: [], clicks: [], restore: () => undefined };
  const createObjectURL = URL.createObjectURL;
  const revokeObjectURL = URL.revokeObjectURL;
  const click = HTMLAnchorElement.prototype.click;
  URL.createObjectURL = (object: Blob | MediaSource): string => {
    const url = createObjectURL.call(URL, object);
    if (object instanceof Blob) saves.created.push({ url, blob: object });
    return url;
  };
  URL.revokeObjectURL = (url: string): void => {
    saves.revoked.push(url);
    revokeObjectURL.call(URL, url);
  };
  HTMLAnchorElement.prototype.click = function recordClick(this: HTMLAnchorElement): void {
    saves.clicks.push({ href: this.href, download: this.download });
  };
  saves.restore = () => {
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = revokeObjectURL;
    HTMLAnchorElement.prototype.click = click;
  };
  return saves;
}

function joinChunks(chunks: readonly Uint8Array[]): Uint8Array {
  const result = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

/** Retrieves the study through WADO-RS, as the reference for the zip's bytes. */
async function retrieveAll(adapter: DicomWebAdapter, study: Study): Promise<Map<string, DicomInstance>> {
  const instances = new Map<string, DicomInstance>();
  for await (const instance of adapter.retrieveStudy(study)) instances.set(instance.sopInstanceUid ?? '', instance);
  return instances;
}

/** Checks that the zip has one entry per listed instance, byte for byte, and the README last. */
async function expectCompleteZip(entries: readonly ZipEntry[], adapter: DicomWebAdapter, study: Study): Promise<void> {
  const listed = await adapter.listInstances(study);
  const reference = await retrieveAll(adapter, study);
  expect(entries.map((entry) => entry.name)).to.have.members([
    ...listed.map((instance) => `${instance.seriesInstanceUid}/${instance.sopInstanceUid}.dcm`),
    'README.txt',
  ]);
  expect(entries.at(-1)?.name).to.equal('README.txt');
  for (const instance of listed) {
    const entry = entries.find((candidate) => candidate.name === `${instance.seriesInstanceUid}/${instance.sopInstanceUid}.dcm`);
    expect(entry, instance.sopInstanceUid).to.not.equal(undefined);
    expect(readFileMetaInformation(entry?.data ?? new Uint8Array())?.sopInstanceUid).to.equal(instance.sopInstanceUid);
    expect(entry?.data, `bytes of ${instance.sopInstanceUid}`).to.deep.equal(reference.get(instance.sopInstanceUid)?.data);
  }
  const readme = new TextDecoder().decode(entries.at(-1)?.data);
  expect(readme).to.include('needs a DICOM viewer');
  expect(readme).to.include(`Instances: ${listed.length} of ${listed.length}`);
}

describe('studyline-download-button', () => {
  let cleanups: (() => void)[] = [];

  beforeEach(async () => {
    await setGatewayFaults('rijnstad', {});
    await clearGatewayLog();
  });

  afterEach(async () => {
    for (const cleanup of cleanups.reverse()) cleanup();
    cleanups = [];
    await setGatewayFaults('rijnstad', {});
    await setViewport({ width: 800, height: 600 });
  });

  describe('against the sample gateway', () => {
    it('shows size and viewer warning first', async () => {
      const { adapter } = recordingAdapter('rijnstad');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const estimate = await adapter.estimateStudySize(study);
      await clearGatewayLog();
      const element = await renderButton(study, adapter);
      await expect(element).to.be.accessible();

      part(element, 'start-button')?.focus();
      await sendKeys({ press: 'Enter' });
      await element.updateComplete;
      expect(element.state).to.equal('confirm');
      expect(element.matches(':state(confirm)')).to.equal(true);
      expect(shadow(element).activeElement, 'focus on Download').to.equal(part(element, 'confirm-button'));
      await waitFor(() => element.estimate !== undefined, 'the size estimate');
      await element.updateComplete;

      expect(element.estimate?.bytes).to.equal(estimate.bytes);
      expect(part(element, 'size')?.textContent?.trim()).to.match(/^Size: about \d+(\.\d)? (kB|MB)$/);
      expect(part(element, 'viewer-warning')?.textContent?.trim()).to.equal(
        'You get a zip file of DICOM files. Opening them needs a DICOM viewer. Photo apps and ordinary image viewers cannot open them.',
      );
      await expect(element).to.be.accessible();
      const retrieves = (await gatewayLog()).filter((entry) => /\/studies\/[^/?]+(\?|$)/.test(entry.path) && entry.method === 'GET');
      expect(retrieves, 'nothing retrieved before Download').to.deep.equal([]);

      await sendKeys({ press: 'Escape' });
      await element.updateComplete;
      expect(element.state).to.equal('idle');
      expect(shadow(element).activeElement, 'focus back on the button').to.equal(part(element, 'start-button'));
    });

    it('streams into the chosen file', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      await clearGatewayLog();
      const resources = new ResourceNames();
      const element = await renderButton(study, rijnstad.adapter);
      const picker = stubFilePicker(element);
      cleanups.push(() => picker.restore());
      const saves = captureBlobSaves();
      cleanups.push(() => saves.restore());
      const events = recordEvents(element);

      await confirmation(element);
      const done = completed(element);
      part(element, 'confirm-button')?.click();
      const complete = await done;

      expect(events[0].type).to.equal('studyline-download-start');
      expect(events.at(-1)?.type).to.equal('studyline-download-complete');
      expect(events.filter((event) => event.type === 'studyline-download-progress').length).to.be.greaterThan(2);
      const start = (events[0] as StudylineDownloadStartEvent).detail;
      expect(start.method).to.equal('file-picker');
      expect(start.fileName).to.equal(`study-${study.studyInstanceUid}.zip`);
      expect(start.estimatedBytes).to.equal(element.estimate?.bytes);
      expect(picker.calls).to.deep.equal([
        { suggestedName: `study-${study.studyInstanceUid}.zip`, types: [{ description: 'Zip', accept: { 'application/zip': ['.zip'] } }] },
      ]);

      expect(complete.detail.method).to.equal('file-picker');
      expect(complete.detail.fileName).to.equal('chosen-study.zip');
      expect(complete.detail.outcome.state).to.equal('done');
      expect(complete.detail.outcome.missing).to.deep.equal([]);
      expect(picker.closed).to.equal(true);
      expect(picker.chunks.length, 'written in several chunks').to.be.greaterThan(4);
      expect(picker.phasesAtWrite[0], 'writing starts while the instances arrive').to.equal('downloading');
      expect(saves.created, 'no Blob').to.deep.equal([]);
      await expectCompleteZip(readZip(joinChunks(picker.chunks)), rijnstad.adapter, study);

      expect(element.matches(':state(done)')).to.equal(true);
      expect(text(element)).to.include('Downloaded');
      expect(text(element)).to.match(/Saved chosen-study\.zip \(\d+ kB\)\./);
      await expect(element).to.be.accessible();
      await assertNoTokenInUrls(rijnstad.fetches, resources.stop());
    });

    it('falls back to a Blob URL', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      cleanups.push(removeFilePicker());
      const saves = captureBlobSaves();
      cleanups.push(() => saves.restore());
      const element = await renderButton(study, rijnstad.adapter);

      await confirmation(element);
      const done = completed(element);
      part(element, 'confirm-button')?.click();
      const complete = await done;

      expect(complete.detail.method).to.equal('blob');
      expect(complete.detail.outcome.state).to.equal('done');
      expect(saves.created).to.have.length(1);
      const { url, blob } = saves.created[0];
      expect(url.startsWith('blob:')).to.equal(true);
      expect(url).to.not.include(await gatewayToken());
      expect(saves.clicks).to.deep.equal([{ href: url, download: `study-${study.studyInstanceUid}.zip` }]);
      expect(blob.size).to.equal(complete.detail.outcome.zipBytes);
      await expectCompleteZip(readZip(new Uint8Array(await blob.arrayBuffer())), rijnstad.adapter, study);
      expect(text(element)).to.match(new RegExp(`Your browser saves study-${study.studyInstanceUid.replace(/\./g, '\\.')}\\.zip \\(\\d+ kB\\) with its downloads\\.`));
      expect(shadow(element).querySelector('a'), 'the anchor is gone').to.equal(null);

      await waitFor(() => saves.revoked.includes(url), 'the object URL to be revoked', OBJECT_URL_LIFETIME_MS + 1000);
    });

    it('ends partial in Dutch', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      const listed = await rijnstad.adapter.listInstances(study);
      const saves = captureBlobSaves();
      cleanups.push(() => saves.restore());
      const element = await renderButton(study, rijnstad.adapter, { lang: 'nl', saveMethod: 'blob' });
      expect(part(element, 'start-button')?.textContent?.trim()).to.equal('Downloaden als DICOM');

      await confirmation(element);
      expect(part(element, 'size')?.textContent?.trim()).to.match(/^Grootte: ongeveer \d+(,\d)? (kB|MB)$/);
      expect(part(element, 'viewer-warning')?.textContent).to.include('Om ze te openen is een DICOM-viewer nodig.');
      await setGatewayFaults('rijnstad', { cutRetrieveAfterParts: 2 });
      const done = completed(element);
      part(element, 'confirm-button')?.click();
      const outcome = (await done).detail.outcome;

      expect(outcome.state).to.equal('partial');
      expect(outcome.instances).to.equal(2);
      expect(outcome.missing).to.have.length(2);
      const entries = readZip(new Uint8Array(await saves.created[0].blob.arrayBuffer()));
      expect(entries).to.have.length(3, 'two instances and the README');
      const readme = new TextDecoder().decode(entries.at(-1)?.data);
      expect(readme).to.include('Om deze bestanden te openen is een DICOM-viewer nodig.');
      expect(readme).to.include('Bestanden: 2 van 4');
      expect(readme).to.include('Dit archief is ONVOLLEDIG.');
      expect(readme).not.to.include('INCOMPLETE');
      for (const missing of outcome.missing) expect(readme).to.include(missing.sopInstanceUid);
      const listedUids = listed.map((instance) => instance.sopInstanceUid);
      expect(outcome.missing.every((missing) => listedUids.includes(missing.sopInstanceUid))).to.equal(true);

      expect(element.matches(':state(partial)')).to.equal(true);
      expect(text(element)).to.include('Gedownload, maar onvolledig');
      expect(text(element)).to.include('Het zipbestand bevat 2 van 4 bestanden. README.txt in het zipbestand noemt de ontbrekende bestanden.');
      const missingList = part(element, 'missing') as HTMLDetailsElement;
      expect(missingList.querySelector('summary')?.textContent?.trim()).to.equal('De 2 ontbrekende bestanden tonen');
      expect([...missingList.querySelectorAll('li')].map((item) => item.dataset.sopInstanceUid)).to.deep.equal(
        outcome.missing.map((missing) => missing.sopInstanceUid),
      );
      missingList.open = true;
      await expect(element).to.be.accessible();
    });

    it('cancel discards the chosen file', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      const element = await renderButton(study, rijnstad.adapter);
      // About twenty writes of 400 ms each: the download runs for seconds, long enough for the checks below.
      const picker = stubFilePicker(element, { writeDelayMs: 400 });
      cleanups.push(() => picker.restore());

      await confirmation(element);
      const done = completed(element);
      part(element, 'confirm-button')?.click();
      await waitFor(() => picker.chunks.length >= 1, 'the first write');
      await element.updateComplete;
      expect(element.state).to.equal('downloading');
      expect(element.matches(':state(downloading)')).to.equal(true);
      await expect(element).to.be.accessible();
      part(element, 'cancel-button')?.click();
      const complete = await done;

      expect(complete.detail.outcome.cancelled).to.equal(true);
      expect(picker.aborted, 'the file is aborted').to.equal(true);
      expect(picker.closed, 'the file is not closed').to.equal(false);
      expect(element.state).to.equal('cancelled');
      expect(element.matches(':state(cancelled)')).to.equal(true);
      expect(text(element)).to.include('Download cancelled. No file was saved.');
      await expect(element).to.be.accessible();
    });

    it('fails with size unknown', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      await setGatewayFaults('rijnstad', { failStatus: 500 });
      const saves = captureBlobSaves();
      cleanups.push(() => saves.restore());
      const element = await renderButton(study, rijnstad.adapter, { theme: 'dark', saveMethod: 'blob' });

      await confirmation(element);
      expect(part(element, 'size')?.textContent?.trim()).to.equal('Size unknown');
      const done = completed(element);
      part(element, 'confirm-button')?.click();
      const outcome = (await done).detail.outcome;

      expect(outcome.state).to.equal('failed');
      expect(outcome.cancelled).to.equal(false);
      expect(saves.created, 'nothing saved').to.deep.equal([]);
      expect(element.matches(':state(failed)')).to.equal(true);
      expect(text(element)).to.include('Download failed');
      expect(text(element)).to.include('No file was saved.');
      expect(shadow(element).querySelector('.technical')?.textContent).to.include('HTTP 500');
      expect(part(element, 'retry-button')?.textContent?.trim()).to.equal('Retry');
      await expect(element).to.be.accessible();
    });

    it('shows a 503 Retry-After wait', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      const saves = captureBlobSaves();
      cleanups.push(() => saves.restore());
      const element = await renderButton(study, rijnstad.adapter, { saveMethod: 'blob' });
      await confirmation(element);
      await setGatewayFaults('rijnstad', { serviceUnavailableCount: 1 });
      const done = completed(element);
      part(element, 'confirm-button')?.click();

      await waitFor(() => part(element, 'waiting') !== null, 'the Retry-After note');
      expect(part(element, 'waiting')?.textContent?.trim()).to.equal('Rijnstad Ziekenhuis is busy and asked to wait. Trying again in 1 second.');
      expect(element.matches(':state(waiting)')).to.equal(true);
      await expect(element).to.be.accessible();
      expect((await done).detail.outcome.state).to.equal('done');
      expect(part(element, 'waiting')).to.equal(null);
    });

    it('cancelled start event sends nothing', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      const element = await renderButton(study, rijnstad.adapter);
      const picker = stubFilePicker(element);
      cleanups.push(() => picker.restore());
      await confirmation(element);
      await clearGatewayLog();
      const events = recordEvents(element);
      element.addEventListener('studyline-download-start', (event) => event.preventDefault());

      part(element, 'confirm-button')?.click();
      await element.updateComplete;
      await new Promise((resolve) => setTimeout(resolve, 200));

      expect(events.map((event) => event.type)).to.deep.equal(['studyline-download-start']);
      expect(picker.calls, 'no save dialog').to.deep.equal([]);
      expect(await gatewayLog()).to.deep.equal([]);
      expect(element.state).to.equal('idle');
    });

    it('closed save dialog ends cancelled', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      const element = await renderButton(study, rijnstad.adapter);
      const picker = stubFilePicker(element, { error: new DOMException('The user aborted a request.', 'AbortError') });
      cleanups.push(() => picker.restore());
      await confirmation(element);
      await clearGatewayLog();

      const done = completed(element);
      part(element, 'confirm-button')?.click();
      const complete = await done;
      expect(complete.detail.outcome.cancelled).to.equal(true);
      expect(complete.detail.outcome.instances).to.equal(0);
      expect(element.state).to.equal('cancelled');
      expect(await gatewayLog(), 'nothing retrieved').to.deep.equal([]);
    });

    it('saves a Blob without dialog permission', async () => {
      const rijnstad = recordingAdapter('rijnstad');
      const study = await findStudy(rijnstad.adapter, CT_ABDOMEN);
      const element = await renderButton(study, rijnstad.adapter);
      const picker = stubFilePicker(element, { error: new DOMException('Cross origin sub frames are not allowed to show a file picker.', 'SecurityError') });
      cleanups.push(() => picker.restore());
      const saves = captureBlobSaves();
      cleanups.push(() => saves.restore());
      await confirmation(element);

      const done = completed(element);
      part(element, 'confirm-button')?.click();
      const complete = await done;
      expect(picker.calls).to.have.length(1);
      expect(complete.detail.method).to.equal('blob');
      expect(complete.detail.outcome.state).to.equal('done');
      expect(saves.clicks).to.have.length(1);
    });
  });

  describe('with in-memory adapters', () => {
    it('paints its own dark theme', async () => {
      const { study, source } = makeStoryAdapters({ count: 2 });
      const element = await renderButton(study, source, { theme: 'dark' });
      const button = part(element, 'start-button') as HTMLButtonElement;

      expect(getComputedStyle(element).color).to.equal(DARK_TEXT);
      expect(getComputedStyle(button).backgroundColor).to.equal(DARK_ACCENT);
      await expect(element).to.be.accessible();

      element.theme = 'light';
      await element.updateComplete;
      expect(getComputedStyle(button).backgroundColor).to.equal(LIGHT_ACCENT);
    });

    it('falls back for an unknown theme', async () => {
      const { study, source } = makeStoryAdapters({ count: 2 });
      const element = await renderButton(study, source, { theme: 'neon' });

      expect(element.theme).to.equal('light');
      expect(element.getAttribute('theme')).to.equal('light');
      expect(getComputedStyle(part(element, 'start-button')!).backgroundColor).to.equal(LIGHT_ACCENT);
    });

    it('says size unknown without an estimate', async () => {
      const { study, source } = makeStoryAdapters({ count: 2 });
      const element = await renderButton(study, source, { lang: 'nl' });
      await confirmation(element);
      expect(part(element, 'size')?.textContent?.trim()).to.equal('Grootte onbekend');
      expect(part(element, 'confirm-button')?.textContent?.trim()).to.equal('Downloaden');
      expect(part(element, 'cancel-button')?.textContent?.trim()).to.equal('Annuleren');
      part(element, 'cancel-button')?.click();
      await element.updateComplete;
      expect(element.state).to.equal('idle');
    });

    it('keeps the button disabled without a source', async () => {
      const { study } = makeStoryAdapters({ count: 2 });
      const element = await renderButton(study, undefined);
      expect((part(element, 'start-button') as HTMLButtonElement).disabled).to.equal(true);
      expect(await element.start()).to.equal(undefined);
      element.showConfirmation();
      await element.updateComplete;
      expect(element.state).to.equal('idle');
    });

    it('fits 360 px without horizontal scrolling', async () => {
      await setViewport({ width: 360, height: 740 });
      const { study, source } = makeStoryAdapters({ count: 4, size: 1024, source: { estimateBytes: 123_456_789 } });
      const element = await renderButton(study, source, { width: '100%', lang: 'nl' });
      await confirmation(element);
      expect(part(element, 'size')?.textContent?.trim()).to.equal('Grootte: ongeveer 123 MB');
      const base = part(element, 'base') as HTMLElement;
      expect(base.scrollWidth, 'no horizontal overflow').to.be.at.most(base.clientWidth);
      for (const button of shadow(element).querySelectorAll('button')) {
        expect(button.getBoundingClientRect().right).to.be.at.most(360);
        expect(button.getBoundingClientRect().height).to.be.at.least(36);
      }
      await expect(element).to.be.accessible();
    });
  });
});
