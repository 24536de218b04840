import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { createTerminology, type DicomInstance, type InstanceStream, type RetrieveOptions, type Study, type StudyLocator, type Terminology } from '@studyline/core';
import './define.js';
import type { StudylineStudyPreview } from './study-preview.js';
import { SYNTHETIC_EXTERNAL_SOURCE, SYNTHETIC_SOURCE, SyntheticAdapter, syntheticStudy, type SyntheticSeries } from './test-support/synthetic-adapter.js';
import {
  clearGatewayLog,
  createTestAdapter,
  findStudy,
  gatewayInfo,
  gatewayLog,
  gatewayToken,
  setGatewayFaults,
  waitFor,
  type GatewayLogEntry,
} from './test-support/gateway-client.js';

/** Accession numbers of sample studies, with what each one tests. */
const CT_ABDOMEN = 'SMC13-0388'; // Two CT series (Explicit VR Little Endian) and an SR report.
const MR_BRAIN_JPEG_LS = 'SMC18-0290'; // Three MR series in JPEG-LS lossless, and an SR report.
const MR_SPINE_JPEG_2000 = 'SMC22-0555'; // Two MR series in JPEG 2000 lossless.
const MR_KNEE_RLE = 'SMC15-0077'; // Two MR series in RLE Lossless.
const RIJNSTAD_CT_HEAD = 'RZ-2014-11873'; // At Rijnstad, an external source.

function shadow(element: StudylineStudyPreview): ShadowRoot {
  return element.shadowRoot as ShadowRoot;
}

function seriesButtons(element: StudylineStudyPreview): HTMLButtonElement[] {
  return [...shadow(element).querySelectorAll<HTMLButtonElement>('.series-button')];
}

function thumbnailImages(element: StudylineStudyPreview): HTMLImageElement[] {
  return [...shadow(element).querySelectorAll<HTMLImageElement>('.thumbnail img')];
}

function imageRequests(log: readonly GatewayLogEntry[]): GatewayLogEntry[] {
  return log.filter((entry) => /\/(rendered|thumbnail)(\?|$)/.test(entry.path));
}

function viewerButton(element: StudylineStudyPreview, label: string): HTMLButtonElement {
  const button = [...shadow(element).querySelectorAll<HTMLButtonElement>('.viewer-toolbar button')].find(
    (candidate) => candidate.textContent?.trim() === label,
  );
  if (button === undefined) throw new Error(`No viewer button "${label}".`);
  return button;
}

async function renderPreview(
  study: Study | undefined,
  adapter: StudylineStudyPreview['adapter'],
  options: { width?: string; height?: string; lang?: string; theme?: string } = {},
): Promise<StudylineStudyPreview> {
  const container = await fixture<HTMLDivElement>(html`
    <div style="width: ${options.width ?? '900px'}; ${options.height === undefined ? '' : `height: ${options.height}; overflow: auto;`}">
      <studyline-study-preview lang=${options.lang ?? 'en-GB'} theme=${options.theme ?? 'light'}></studyline-study-preview>
    </div>
  `);
  const element = container.querySelector('studyline-study-preview') as StudylineStudyPreview;
  element.adapter = adapter;
  element.study = study;
  await element.updateComplete;
  return element;
}

async function seriesLoaded(element: StudylineStudyPreview): Promise<void> {
  await waitFor(() => element.seriesStatus === 'complete' || element.seriesStatus === 'error', 'the series list');
  await element.updateComplete;
}

/** Waits until every image series on screen shows a thumbnail or an error. */
async function thumbnailsSettled(element: StudylineStudyPreview, expected: number): Promise<void> {
  const settled = (): number => shadow(element).querySelectorAll('.thumbnail img, .thumbnail.error').length;
  await waitFor(() => settled() >= expected, `${expected} thumbnails`).catch((error: Error) => {
    throw new Error(`${error.message} ${settled()} settled, ${shadow(element).querySelectorAll('.thumbnail.loading').length} loading.`);
  });
}

async function viewerReady(element: StudylineStudyPreview): Promise<void> {
  await waitFor(
    () => element.viewerState.status === 'ready' || element.viewerState.status === 'error',
    'the viewer to show an image',
    20_000,
  );
  expect(element.viewerState.status, String(element.viewerState.error ?? element.viewerState.problem)).to.equal('ready');
  // Cornerstone draws on the next animation frames.
  await nextFrame();
  await nextFrame();
  await new Promise((resolve) => setTimeout(resolve, 150));
}

/** Reads the viewport's canvas back: the share of pixels that are not black, and the number of grey levels. */
function canvasContent(element: StudylineStudyPreview): { nonBlackShare: number; levels: number; width: number; height: number } {
  const canvas = shadow(element).querySelector<HTMLCanvasElement>('.viewport canvas');
  if (canvas === null) throw new Error('The viewer has no canvas.');
  const copy = document.createElement('canvas');
  copy.width = canvas.width;
  copy.height = canvas.height;
  const context = copy.getContext('2d') as CanvasRenderingContext2D;
  context.drawImage(canvas, 0, 0);
  const pixels = context.getImageData(0, 0, copy.width, copy.height).data;
  let nonBlack = 0;
  const levels = new Set<number>();
  for (let index = 0; index < pixels.length; index += 4) {
    const value = pixels[index] + pixels[index + 1] + pixels[index + 2];
    if (value > 24) nonBlack++;
    levels.add(pixels[index]);
  }
  return { nonBlackShare: nonBlack / (pixels.length / 4), levels: levels.size, width: canvas.width, height: canvas.height };
}

/** The test browser's viewport size between tests. */
const DEFAULT_VIEWPORT = { width: 800, height: 600 };

describe('studyline-study-preview', () => {
  afterEach(async () => {
    await setViewport(DEFAULT_VIEWPORT);
    await resetMouse();
  });

  beforeEach(async () => {
    await setGatewayFaults('own', {});
    await setGatewayFaults('rijnstad', {});
    await clearGatewayLog();
  });

  describe('header', () => {
    it('shows the study facts', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);

      const facts = shadow(element).querySelector('.facts')?.textContent?.replace(/\s+/g, ' ') ?? '';
      expect(shadow(element).querySelector('.title')?.textContent?.trim()).to.equal('CT abdomen');
      expect(facts).to.include('5 November 2013');
      expect(facts).to.include('Studyline Medisch Centrum');
      expect(facts).to.include('own archive');
      expect(facts).to.include('SMC13-0388');
      const modalities = [...shadow(element).querySelectorAll('.facts .modality')].map((chip) => chip.textContent?.trim());
      expect(modalities).to.include('CT');
      expect(modalities).to.include('SR');
    });

    it('marks an external source', async () => {
      const { adapter } = createTestAdapter('rijnstad');
      const study = await findStudy(adapter, RIJNSTAD_CT_HEAD);
      const element = await renderPreview(study, adapter);

      const badge = shadow(element).querySelector('.badge');
      expect(badge?.classList.contains('external')).to.equal(true);
      expect(badge?.textContent?.trim()).to.equal('external');
    });

    it('formats the date in UTC', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      // A study at 23:30 local time would move to the next day if formatted in a zone east of UTC.
      const late: Study = { ...study, timestamp: { date: '2013-11-05', time: '23:30', precision: 'minute', epochMs: Date.UTC(2013, 10, 5, 23, 30) } };
      const element = await renderPreview(late, adapter);

      expect(shadow(element).querySelector('.facts')?.textContent).to.include('5 November 2013');
    });

    it('links reports with safe URLs only', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const withReports: Study = {
        ...study,
        reports: [
          { kind: 'url', title: 'Radiology report', url: 'https://reports.example.org/r/1' },
          { kind: 'dicom-sr', title: 'Structured report', seriesInstanceUid: '1.2.3' },
          { kind: 'url', title: 'Unsafe', url: 'javascript:alert(1)' },
        ],
      };
      const element = await renderPreview(withReports, adapter);

      const link = shadow(element).querySelector<HTMLAnchorElement>('a.report-link');
      expect(link?.href).to.equal('https://reports.example.org/r/1');
      expect(link?.rel).to.include('noopener');
      const buttons = [...shadow(element).querySelectorAll<HTMLButtonElement>('button.report-link')].map((button) => button.textContent?.trim());
      expect(buttons).to.deep.equal(['Structured report', 'Unsafe']);

      setTimeout(() => (shadow(element).querySelectorAll<HTMLButtonElement>('button.report-link')[0] as HTMLButtonElement).click());
      const event = await oneEvent(element, 'studyline-report-open');
      expect(event.detail.report.kind).to.equal('dicom-sr');
      expect(event.composed).to.equal(true);
    });

    it('shows a message without a study', async () => {
      const { adapter } = createTestAdapter('own');
      const element = await renderPreview(undefined, adapter);

      expect(shadow(element).querySelector('.message')?.textContent?.trim()).to.equal('No study selected');
      expect(element.matches(':state(empty)')).to.equal(true);
    });
  });

  describe('series list', () => {
    it('lists each series with its details', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);

      const rows = seriesButtons(element).map((button) => button.textContent?.replace(/\s+/g, ' ').trim());
      expect(rows).to.have.length(3);
      expect(rows[0]).to.include('CT Abdomen blanco');
      expect(rows[0]).to.include('Series 1');
      expect(rows[0]).to.include('ABDOMEN');
      expect(rows[0]).to.include('3 images');
      expect(rows[2]).to.include('SR');
      expect(rows[2]).to.include('Structured report');
      expect(rows[2]).to.include('1 document');
      expect(rows[2]).not.to.include('image');
      expect(shadow(element).querySelector('.series-heading')?.textContent).to.include('3 series');
    });

    it('retries a failed series list', async () => {
      const { adapter } = createTestAdapter('rijnstad');
      const study = await findStudy(adapter, RIJNSTAD_CT_HEAD);
      await setGatewayFaults('rijnstad', { failStatus: 500 });
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);

      expect(element.seriesStatus).to.equal('error');
      expect(element.matches(':state(error)')).to.equal(true);
      const alert = shadow(element).querySelector('.message.error');
      expect(alert?.textContent).to.include('The series of this study could not be loaded.');
      expect(alert?.textContent).to.include('HTTP 500');

      await setGatewayFaults('rijnstad', {});
      (shadow(element).querySelector('.message.error button') as HTMLButtonElement).click();
      await waitFor(() => element.seriesStatus === 'complete', 'the series list after Retry');
      await element.updateComplete;
      expect(seriesButtons(element)).to.have.length(1);
    });

    it('moves focus with arrow keys', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);

      seriesButtons(element)[0].focus();
      await sendKeys({ press: 'ArrowDown' });
      expect(shadow(element).activeElement).to.equal(seriesButtons(element)[1]);
      await sendKeys({ press: 'End' });
      expect(shadow(element).activeElement).to.equal(seriesButtons(element)[2]);
      await sendKeys({ press: 'Home' });
      expect(shadow(element).activeElement).to.equal(seriesButtons(element)[0]);
      await element.updateComplete;
      expect(seriesButtons(element).map((button) => button.tabIndex)).to.deep.equal([0, -1, -1]);
    });
  });

  describe('thumbnails', () => {
    it('fetches through the auth hook', async () => {
      const { adapter, authCalls, fetches } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      authCalls.length = 0;
      await clearGatewayLog();
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      await thumbnailsSettled(element, 2);

      expect(thumbnailImages(element)).to.have.length(2);
      const imageCalls = authCalls.filter((call) => call.kind === 'thumbnail' || call.kind === 'rendered');
      const imageFetches = fetches.filter((request) => /\/(rendered|thumbnail)\?/.test(request.url));
      // One auth hook call per request: the gateway's 406 for JPEG makes the first thumbnail ask again for any type.
      expect(imageCalls.map((call) => call.url)).to.deep.equal(imageFetches.map((request) => request.url));
      expect(imageFetches.every((request) => request.priority === 'low')).to.equal(true);

      const log = await gatewayLog();
      const token = await gatewayToken();
      expect(log.length).to.be.greaterThan(0);
      for (const entry of log) {
        expect(entry.authorization, entry.path).to.equal(true);
        expect(entry.credentialInUrl, entry.path).to.equal(false);
        expect(entry.path).not.to.include(token);
      }
      // The gateway has no /thumbnail: one 404, and /rendered from then on.
      const thumbnailRequests = log.filter((entry) => entry.path.includes('/thumbnail'));
      expect(thumbnailRequests).to.have.length(1);
      expect(thumbnailRequests[0].status).to.equal(404);
      const rendered = log.filter((entry) => entry.path.includes('/rendered?viewport=64,64') && entry.status === 200);
      expect(rendered).to.have.length(2);
    });

    it('skips /thumbnail after a 404', async () => {
      const { adapter } = createTestAdapter('own');
      const first = await renderPreview(await findStudy(adapter, CT_ABDOMEN), adapter);
      await seriesLoaded(first);
      await thumbnailsSettled(first, 2);
      await clearGatewayLog();

      first.remove();
      const second = await renderPreview(await findStudy(adapter, MR_BRAIN_JPEG_LS), adapter);
      await seriesLoaded(second);
      await thumbnailsSettled(second, 3);

      const log = await gatewayLog();
      expect(log.filter((entry) => entry.path.includes('/thumbnail'))).to.have.length(0);
      expect(log.filter((entry) => entry.path.includes('/rendered') && entry.status === 200)).to.have.length(3);
    });

    it('requests only visible thumbnails', async () => {
      const { adapter } = createTestAdapter('own');
      const { manySeriesAccession, manySeriesCount } = await gatewayInfo();
      const study = await findStudy(adapter, manySeriesAccession);
      await clearGatewayLog();
      const element = await renderPreview(study, adapter, { height: '420px' });
      await seriesLoaded(element);
      expect(seriesButtons(element)).to.have.length(manySeriesCount + 1);
      await waitFor(async () => imageRequests(await gatewayLog()).length > 0, 'the first thumbnail requests');
      await new Promise((resolve) => setTimeout(resolve, 500));

      const visible = seriesButtons(element).filter((button) => {
        const box = button.getBoundingClientRect();
        const container = (element.parentElement as HTMLElement).getBoundingClientRect();
        return box.bottom > container.top && box.top < container.bottom;
      }).length;
      const requested = imageRequests(await gatewayLog()).filter((entry) => entry.path.includes('/rendered') && entry.status === 200);
      expect(requested.length).to.be.at.most(visible);
      expect(requested.length).to.be.lessThan(10);

      // Scrolling to the end loads the last rows, and not the ones scrolled past.
      (element.parentElement as HTMLElement).scrollTop = 1_000_000;
      const lastRow = seriesButtons(element)[manySeriesCount - 1];
      await waitFor(() => lastRow.querySelector('img') !== null, 'the last thumbnail');
      const after = imageRequests(await gatewayLog()).filter((entry) => entry.path.includes('/rendered') && entry.status === 200);
      expect(after.length).to.be.lessThan(manySeriesCount);
    });

    it('limits requests in flight to six', async () => {
      const { adapter, inFlight, fetches } = createTestAdapter('own');
      const { manySeriesAccession, manySeriesCount } = await gatewayInfo();
      const study = await findStudy(adapter, manySeriesAccession);
      await setGatewayFaults('own', { latencyMs: 150 });
      // Every row is on screen at once.
      await setViewport({ width: 1000, height: 3000 });
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      await thumbnailsSettled(element, manySeriesCount);

      expect(inFlight.max).to.be.at.most(6);
      expect(inFlight.max).to.be.at.least(2);
      expect(thumbnailImages(element)).to.have.length(manySeriesCount);
      const imageFetches = fetches.filter((request) => /\/(rendered|thumbnail)\?/.test(request.url));
      expect(imageFetches.length).to.be.at.least(manySeriesCount);
      expect(imageFetches.every((request) => request.priority === 'low')).to.equal(true);
    });

    it('reuses cached thumbnails', async () => {
      await setViewport({ width: 1000, height: 1400 });
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const first = await renderPreview(study, adapter);
      await seriesLoaded(first);
      await thumbnailsSettled(first, 2);
      const before = imageRequests(await gatewayLog()).length;

      first.requestUpdate();
      await first.updateComplete;
      first.study = { ...study };
      await first.updateComplete;
      const second = await renderPreview(study, adapter);
      await seriesLoaded(second);
      await thumbnailsSettled(second, 2);

      expect(imageRequests(await gatewayLog()).length).to.equal(before);
      expect(thumbnailImages(second)).to.have.length(2);
      // Both previews show the same cached image through one object URL.
      expect(thumbnailImages(second).map((image) => image.src)).to.deep.equal(thumbnailImages(first).map((image) => image.src));
    });

    it('revokes unused object URLs', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      await thumbnailsSettled(element, 2);
      const urls = thumbnailImages(element).map((image) => image.src);
      expect(urls.every((url) => url.startsWith('blob:'))).to.equal(true);

      element.remove();

      for (const url of urls) {
        let failed = false;
        await fetch(url).catch(() => {
          failed = true;
        });
        expect(failed, url).to.equal(true);
      }
    });

    it('skips series without images', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      await clearGatewayLog();
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      await thumbnailsSettled(element, 2);

      const report = element.series.find((series) => series.modality === 'SR');
      expect(report).not.to.equal(undefined);
      const log = await gatewayLog();
      expect(log.some((entry) => entry.path.includes(report?.seriesInstanceUid ?? '-'))).to.equal(false);
      const reportRow = seriesButtons(element).find((button) => button.dataset.seriesUid === report?.seriesInstanceUid);
      expect(reportRow?.querySelector('.thumbnail.non-image svg')).not.to.equal(null);
    });

    it('retries a thumbnail that returned HTML', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const container = await fixture<HTMLDivElement>(html`<div style="display: none; width: 900px">
        <studyline-study-preview lang="en-GB"></studyline-study-preview>
      </div>`);
      const element = container.querySelector('studyline-study-preview') as StudylineStudyPreview;
      element.adapter = adapter;
      element.study = study;
      await seriesLoaded(element);

      await setGatewayFaults('own', { htmlResponse: true });
      container.style.display = 'block';
      await waitFor(() => shadow(element).querySelectorAll('.thumbnail.error').length === 2, 'two failed thumbnails').catch((error: Error) => {
        const rows = shadow(element).querySelector('.series-list')?.textContent?.replace(/\s+/g, ' ');
        throw new Error(`${error.message} Series list ${element.seriesStatus}: ${rows ?? shadow(element).querySelector('.message')?.textContent}`);
      });
      await element.updateComplete;
      expect(shadow(element).querySelector('.series-note.error')?.textContent).to.include('The server did not return an image.');
      const retryButtons = shadow(element).querySelectorAll<HTMLButtonElement>('.retry');
      expect(retryButtons).to.have.length(2);

      await setGatewayFaults('own', {});
      retryButtons[0].click();
      await waitFor(() => thumbnailImages(element).length === 1, 'the retried thumbnail');
    });

    it('aborts thumbnails on study change', async () => {
      const { adapter } = createTestAdapter('own');
      const first = await findStudy(adapter, MR_BRAIN_JPEG_LS);
      const second = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(first, adapter);
      await seriesLoaded(element);
      await setGatewayFaults('own', { latencyMs: 400 });
      await clearGatewayLog();
      element.requestUpdate();
      await new Promise((resolve) => setTimeout(resolve, 100));

      element.study = second;
      await seriesLoaded(element);
      await setGatewayFaults('own', {});
      await thumbnailsSettled(element, 2);
      await new Promise((resolve) => setTimeout(resolve, 500));

      const firstSeries = new Set((await adapter.listSeries(first)).map((series) => series.seriesInstanceUid));
      const log = await gatewayLog();
      const completedForFirst = imageRequests(log).filter(
        (entry) => [...firstSeries].some((uid) => entry.path.includes(uid)) && entry.completed,
      );
      expect(completedForFirst).to.have.length(0);
    });
  });

  describe('viewer', () => {
    it('renders an uncompressed CT', async () => {
      const { adapter, authCalls } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      authCalls.length = 0;

      seriesButtons(element)[0].click();
      await viewerReady(element);

      const content = canvasContent(element);
      expect(content.width).to.be.greaterThan(100);
      expect(content.nonBlackShare).to.be.greaterThan(0.1);
      expect(content.levels).to.be.greaterThan(20);
      expect(element.viewerState.imageCount).to.equal(3);
      expect(authCalls.some((call) => call.kind === 'retrieve')).to.equal(true);
      expect(element.matches(':state(viewer-open)')).to.equal(true);
    });

    for (const [name, accession] of [
      ['JPEG-LS', MR_BRAIN_JPEG_LS],
      ['JPEG 2000', MR_SPINE_JPEG_2000],
      ['RLE', MR_KNEE_RLE],
    ] as const) {
      it(`renders a ${name} MR`, async () => {
        const { adapter } = createTestAdapter('own');
        const study = await findStudy(adapter, accession);
        const element = await renderPreview(study, adapter);
        await seriesLoaded(element);

        seriesButtons(element)[0].click();
        await viewerReady(element);

        const content = canvasContent(element);
        expect(content.nonBlackShare).to.be.greaterThan(0.1);
        expect(content.levels).to.be.greaterThan(20);
        expect(element.viewerState.failedImages).to.equal(0);
      });
    }

    it('retrieves without credentials in URLs', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      await clearGatewayLog();

      seriesButtons(element)[1].click();
      await viewerReady(element);

      const log = await gatewayLog();
      const retrieves = log.filter((entry) => /\/series\/[^/]+$/.test(entry.path.split('?')[0]));
      expect(retrieves).to.have.length(1);
      expect(retrieves[0].authorization).to.equal(true);
      expect(log.every((entry) => !entry.credentialInUrl)).to.equal(true);
      // Cornerstone gets the bytes from the preview: its image ids name files in memory, not URLs.
      const { getEnabledElements } = await import('@cornerstonejs/core');
      const imageIds = getEnabledElements().flatMap((enabled) => (enabled.viewport as { getImageIds?: () => string[] }).getImageIds?.() ?? []);
      expect(imageIds.length).to.be.at.least(3);
      for (const imageId of imageIds) expect(imageId).to.match(/^dicomfile:\d+(\?frame=\d+)?$/);
    });

    it('scrolls with buttons, keys and wheel', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      seriesButtons(element)[0].click();
      await viewerReady(element);
      await waitFor(() => !element.viewerState.streaming, 'all images');
      await element.updateComplete;

      expect(element.viewerState.index).to.equal(0);
      viewerButton(element, 'Next image').click();
      await waitFor(() => element.viewerState.index === 1, 'image 2');

      const viewport = shadow(element).querySelector<HTMLElement>('.viewport') as HTMLElement;
      viewport.focus();
      await sendKeys({ press: 'End' });
      await waitFor(() => element.viewerState.index === 2, 'the last image');
      await sendKeys({ press: 'ArrowUp' });
      await waitFor(() => element.viewerState.index === 1, 'image 2 again');

      viewport.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true, cancelable: true }));
      await waitFor(() => element.viewerState.index === 0, 'the first image after a wheel turn');
      await element.updateComplete;
      const slider = shadow(element).querySelector<HTMLInputElement>('.slider') as HTMLInputElement;
      expect(slider.getAttribute('aria-valuetext')).to.equal('Image 1 of 3');
    });

    it('drags window and level, then resets', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      seriesButtons(element)[0].click();
      await viewerReady(element);
      const initial = element.viewerState.windowLevel;
      expect(initial).not.to.equal(undefined);
      const before = canvasContent(element);

      const box = (shadow(element).querySelector('.viewport') as HTMLElement).getBoundingClientRect();
      const x = Math.round(box.left + box.width / 2);
      const y = Math.round(box.top + box.height / 2);
      await sendMouse({ type: 'move', position: [x, y] });
      await sendMouse({ type: 'down' });
      await sendMouse({ type: 'move', position: [x + 60, y + 40] });
      await sendMouse({ type: 'up' });
      await waitFor(() => element.viewerState.windowLevel?.width !== initial?.width, 'a new window width');

      expect(element.viewerState.windowLevel?.width).to.be.greaterThan(initial?.width ?? 0);
      expect(element.viewerState.windowLevel?.center).to.be.greaterThan(initial?.center ?? 0);
      await nextFrame();
      expect(canvasContent(element).nonBlackShare).not.to.equal(before.nonBlackShare);

      viewerButton(element, 'Reset view').click();
      await waitFor(() => element.viewerState.windowLevel?.width === initial?.width, 'the original window');
      expect(element.viewerState.windowLevel?.center).to.equal(initial?.center);
    });

    it('closes with the button and Escape', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      seriesButtons(element)[1].click();
      await viewerReady(element);

      viewerButton(element, 'Close viewer').click();
      await element.updateComplete;
      expect(element.viewerState.status).to.equal('closed');
      expect(shadow(element).querySelector('.viewer')).to.equal(null);
      await element.updateComplete;
      expect(shadow(element).activeElement).to.equal(seriesButtons(element)[1]);

      seriesButtons(element)[0].click();
      await viewerReady(element);
      (shadow(element).querySelector('.viewport') as HTMLElement).focus();
      await sendKeys({ press: 'Escape' });
      await element.updateComplete;
      expect(element.viewerState.status).to.equal('closed');
    });

    it('honours a cancelled series-open event', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      element.addEventListener('studyline-series-open', (event) => event.preventDefault(), { once: true });

      setTimeout(() => seriesButtons(element)[0].click());
      const event = await oneEvent(element, 'studyline-series-open');
      await element.updateComplete;

      expect(event.detail.series.seriesInstanceUid).to.equal(element.series[0].seriesInstanceUid);
      expect(event.bubbles && event.composed && event.cancelable).to.equal(true);
      expect(element.viewerState.status).to.equal('closed');
    });

    it('reads a DICOM SR series as text', async () => {
      // The first report of this page loads dcmjs, whose logger must not write to the page's storage.
      localStorage.removeItem('loglevel');
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);

      seriesButtons(element)[2].click();
      await waitFor(() => element.reportState.status === 'ready', 'the report');
      await element.updateComplete;

      const report = shadow(element).querySelector('[part="report"]');
      expect(report?.getAttribute('aria-label')).to.match(/^Report: /);
      const text = report?.textContent?.replace(/\s+/g, ' ') ?? '';
      expect(text).to.include('A mass of');
      expect(text).to.include('was detected.');
      expect(text).to.match(/Diameter: \d/);
      // The sample stores "§" in UTF-8 inside a content item.
      expect(text).to.include('&%$§"!()');
      expect(localStorage.getItem('loglevel')).to.equal(null);
      expect(text).not.to.include('Â');
      // DATE and DATETIME items read in the page's language, not as ISO text.
      expect(text).to.include('2000');
      expect(text).not.to.include('2000-12-06');
      expect(element.viewerState.status).to.equal('closed');
      expect(shadow(element).querySelector('.viewport')).to.equal(null);
    });

    it('opens the SR from the report link', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);

      shadow(element).querySelector<HTMLButtonElement>('button.report-link')?.click();
      await waitFor(() => element.reportState.status === 'ready', 'the report');
      expect(element.reportState.documents[0].nodes.length).to.be.greaterThan(0);

      element.closeViewer();
      await element.updateComplete;
      expect(element.reportState.status).to.equal('closed');
      expect(shadow(element).querySelector('[part="report"]')).to.equal(null);
    });

    it('skips an object that is not DICOM', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const retrieveStudy = adapter.retrieveStudy.bind(adapter);
      adapter.retrieveStudy = (locator: StudyLocator, options?: RetrieveOptions): InstanceStream => {
        const stream = retrieveStudy(locator, options);
        async function* withGarbage(): AsyncGenerator<DicomInstance> {
          yield { data: new TextEncoder().encode('<!DOCTYPE html><p>Sign in</p>'), mediaType: 'application/dicom' };
          yield* stream;
        }
        return { result: stream.result, [Symbol.asyncIterator]: withGarbage };
      };
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);

      seriesButtons(element)[0].click();
      await viewerReady(element);
      await waitFor(() => !element.viewerState.streaming, 'the end of the retrieve');
      await element.updateComplete;

      expect(element.viewerState.skipped).to.equal(1);
      expect(element.viewerState.imageCount).to.equal(3);
      expect(shadow(element).querySelector('.viewer-status')?.textContent).to.include('1 object without an image was left out.');
      expect(canvasContent(element).nonBlackShare).to.be.greaterThan(0.1);
    });

    it('shows an error when the retrieve fails', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      await setGatewayFaults('own', { failStatus: 503 });

      seriesButtons(element)[0].click();
      await waitFor(() => element.viewerState.status === 'error', 'the viewer error');
      await element.updateComplete;

      expect(element.viewerState.problem).to.equal('retrieve-failed');
      expect(shadow(element).querySelector('.viewport-overlay')?.textContent).to.include('HTTP 503');
    });

    it('reports a retrieve that broke off', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      await setGatewayFaults('own', { cutRetrieveAfterParts: 0 });

      seriesButtons(element)[0].click();
      await waitFor(() => element.viewerState.status === 'error', 'the viewer error');
      await element.updateComplete;

      expect(element.viewerState.problem).to.equal('retrieve-failed');
      const overlay = shadow(element).querySelector('.viewport-overlay')?.textContent ?? '';
      expect(overlay).to.include('The images of this series could not be loaded.');
      expect(overlay).to.include('The answer of the server broke off before it was complete.');
      expect(overlay).not.to.include('contains no images');
    });
  });

  describe('without a server', () => {
    const study = syntheticStudy({
      uid: '1',
      date: '2024-02-03',
      description: 'CT thorax',
      series: [{ modality: 'CT', description: 'Thorax', instances: 4 }],
    });

    it('shows the series loading state', async () => {
      const adapter = new SyntheticAdapter([{ study, series: [{ modality: 'CT', description: 'Thorax', instances: 4 }] }], { neverListSeries: true });
      const element = await renderPreview(study, adapter);

      expect(element.seriesStatus).to.equal('loading');
      expect(element.matches(':state(loading)')).to.equal(true);
      expect(shadow(element).querySelector('[role="status"]')?.textContent).to.equal('Loading series…');
    });

    it('explains a key object series', async () => {
      const keyObjects = [{ modality: 'KO', description: 'Sleutelbeelden', instances: 1 }];
      const koStudy = syntheticStudy({ uid: '2', date: '2024-02-03', description: 'CT thorax', series: keyObjects });
      const adapter = new SyntheticAdapter([{ study: koStudy, series: keyObjects }]);
      const element = await renderPreview(koStudy, adapter);
      await seriesLoaded(element);

      seriesButtons(element)[0].click();
      await element.updateComplete;

      expect(element.viewerState.problem).to.equal('no-images');
      expect(element.reportState.status).to.equal('closed');
      expect(shadow(element).querySelector('.viewport-overlay')?.textContent).to.include('this series has no images to show.');
    });

    it('shows a report in Dutch', async () => {
      const withReport = [{ modality: 'SR', description: 'Verslag', instances: 1 }];
      const reportStudy = syntheticStudy({ uid: '3', date: '2024-02-03', description: 'CT abdomen', series: withReport });
      const adapter = new SyntheticAdapter([{ study: reportStudy, series: withReport }]);
      const element = await renderPreview(reportStudy, adapter);
      element.setAttribute('lang', 'nl');
      await seriesLoaded(element);

      seriesButtons(element)[0].click();
      await waitFor(() => element.reportState.status === 'ready', 'the report');
      await element.updateComplete;

      const report = shadow(element).querySelector('[part="report"]');
      expect(report?.getAttribute('aria-label')).to.match(/^Verslag: /);
      expect(report?.querySelector('.report-title')?.textContent).to.equal('Imaging Report');
      expect(report?.querySelector('.report-flags')?.textContent).to.equal('Compleet · Gevalideerd');
      const text = report?.textContent ?? '';
      expect(text).to.include('Geen afwijkingen in de lever.');
      expect(text).to.include('patiënt is geïnformeerd');
      expect(text).to.include('Normaal onderzoek.');
      await expect(element).to.be.accessible();
    });

    it('keeps a cancelled report closed', async () => {
      const withReport = [{ modality: 'SR', description: 'Verslag', instances: 1 }];
      const reportStudy = syntheticStudy({ uid: '4', date: '2024-02-03', description: 'CT abdomen', series: withReport });
      const element = await renderPreview(reportStudy, new SyntheticAdapter([{ study: reportStudy, series: withReport }]));
      await seriesLoaded(element);
      element.addEventListener('studyline-report-open', (event) => event.preventDefault());

      shadow(element).querySelector<HTMLButtonElement>('button.report-link')?.click();
      await element.updateComplete;

      expect(element.reportState.status).to.equal('closed');
    });

    it('lists series again when a source is added', async () => {
      const series = [{ modality: 'CT', description: 'Thorax', instances: 2 }];
      const external = syntheticStudy({ uid: '5', date: '2024-02-03', description: 'CT thorax', series, source: SYNTHETIC_EXTERNAL_SOURCE });
      const adapter = new SyntheticAdapter([{ study: external, series }]);
      let listed = 0;
      const listSeries = adapter.listSeries.bind(adapter);
      adapter.listSeries = (study, options) => {
        listed++;
        return listSeries(study, options);
      };
      const element = await renderPreview(external, adapter);
      await seriesLoaded(element);
      expect(listed).to.equal(1);

      element.study = { ...external };
      await element.updateComplete;
      expect(listed, 'a copy with the same sources').to.equal(1);

      element.study = { ...external, sources: [{ source: SYNTHETIC_SOURCE }, ...external.sources] };
      await seriesLoaded(element);
      expect(listed, 'the study imported into the own archive').to.equal(2);
    });

    it('offers an SR series as a report', async () => {
      const series = [
        { modality: 'CT', description: 'Thorax', instances: 2 },
        { modality: 'SR', description: 'Verslag', instances: 1 },
      ];
      const external = { ...syntheticStudy({ uid: '6', date: '2024-02-03', description: 'CT thorax', series, source: SYNTHETIC_EXTERNAL_SOURCE }), reports: [] };
      const element = await renderPreview(external, new SyntheticAdapter([{ study: external, series }]));
      await seriesLoaded(element);

      const link = shadow(element).querySelector<HTMLButtonElement>('button.report-link');
      expect(link?.textContent?.trim()).to.equal('Report');
      link?.click();
      await waitFor(() => element.reportState.status === 'ready', 'the report');
      expect(element.reportState.series?.modality).to.equal('SR');
    });

    it('sorts images by InstanceNumber', async () => {
      const adapter = new SyntheticAdapter([{ study, series: [{ modality: 'CT', description: 'Thorax', instances: 4 }] }], {
        reverseRetrieve: true,
        delayMs: 60,
      });
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);

      seriesButtons(element)[0].click();
      await viewerReady(element);
      await waitFor(() => !element.viewerState.streaming, 'every image');
      await element.updateComplete;

      // Instance 4 arrived first and stays on screen; it is last in the sorted stack.
      expect(element.viewerState.imageCount).to.equal(4);
      await waitFor(() => element.viewerState.index === 3, 'the first image to arrive at its sorted place');
      (shadow(element).querySelector('.viewport') as HTMLElement).focus();
      await sendKeys({ press: 'Home' });
      await waitFor(() => element.viewerState.index === 0, 'instance 1');
      expect(canvasContent(element).nonBlackShare).to.be.greaterThan(0.3);
    });

    it('shows the DICOM window and level', async () => {
      const adapter = new SyntheticAdapter([{ study, series: [{ modality: 'CT', description: 'Thorax', instances: 2 }] }], { delayMs: 20 });
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);

      seriesButtons(element)[0].click();
      await viewerReady(element);
      await element.updateComplete;

      // The synthetic images carry WindowCenter 1600 and WindowWidth 3200.
      expect(element.viewerState.windowLevel).to.deep.equal({ width: 3200, center: 1600 });
      expect(shadow(element).querySelector('.viewer-status')?.textContent).to.include('Window 3,200, level 1,600');
    });

    it('shows a neutral thumbnail for a source without rendered images', async () => {
      const adapter = new SyntheticAdapter([{ study, series: [{ modality: 'CT', description: 'Thorax', instances: 2 }] }], {
        delayMs: 20,
        noRenderedImages: true,
      });
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      await waitFor(() => adapter.renderedRequests > 0 && shadow(element).querySelector('.thumbnail.loading') === null, 'the thumbnail request to end');
      await element.updateComplete;

      expect(shadow(element).querySelector('.thumbnail.non-image svg')).to.not.equal(null);
      expect(shadow(element).querySelector('.thumbnail.error')).to.equal(null);
      expect(shadow(element).querySelector('.retry')).to.equal(null);
      expect(shadow(element).querySelector('.series-note.error')).to.equal(null);

      // The images themselves still come through the retrieve.
      seriesButtons(element)[0].click();
      await viewerReady(element);
      expect(element.viewerState.imageCount).to.be.greaterThan(0);
    });

    it('closes the viewer on study change', async () => {
      const other = syntheticStudy({ uid: '2', date: '2023-01-01', description: 'MR knee', series: [{ modality: 'MR', description: 'PD', instances: 2 }] });
      const adapter = new SyntheticAdapter(
        [
          { study, series: [{ modality: 'CT', description: 'Thorax', instances: 40 }] },
          { study: other, series: [{ modality: 'MR', description: 'PD', instances: 2 }] },
        ],
        { delayMs: 100 },
      );
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      seriesButtons(element)[0].click();
      await viewerReady(element);
      expect(element.viewerState.streaming).to.equal(true);

      element.study = other;
      await element.updateComplete;

      expect(element.viewerState.status).to.equal('closed');
      expect(shadow(element).querySelector('.viewer')).to.equal(null);
      await seriesLoaded(element);
      expect(seriesButtons(element)[0].textContent).to.include('PD');
    });
  });

  describe('body regions', () => {
    const regionSeries: SyntheticSeries[] = [
      { modality: 'CT', description: 'Thorax', bodyPart: 'CHEST', instances: 2 },
      { modality: 'CT', description: 'Buik en bekken', bodyPart: 'ABDOMENPELVIS', instances: 2 },
      { modality: 'MR', description: 'Knie', bodyPart: ' knie ', instances: 2 },
      { modality: 'CR', description: 'Lokale code', bodyPart: 'ZZ-LOKAAL', instances: 2 },
      { modality: 'CR', description: 'Zonder lichaamsdeel', instances: 2 },
      { modality: 'CR', description: 'Borst', bodyPart: 'BORST', instances: 2 },
    ];
    const regionStudy = syntheticStudy({ uid: '5', date: '2024-05-06', description: 'Regio’s', series: regionSeries });

    async function renderRegions(options: { lang?: string } = {}): Promise<StudylineStudyPreview> {
      const element = await renderPreview(regionStudy, new SyntheticAdapter([{ study: regionStudy, series: regionSeries }], { delayMs: 0 }), options);
      await seriesLoaded(element);
      return element;
    }

    function seriesMeta(element: StudylineStudyPreview): string[] {
      return [...shadow(element).querySelectorAll('.series-meta')].map((meta) => meta.textContent?.replace(/\s+/g, ' ').trim() ?? '');
    }

    it('names regions in English with the code', async () => {
      const element = await renderRegions();

      expect(seriesMeta(element)).to.deep.equal([
        'Series 1 · Chest (CHEST) · 2 images',
        'Series 2 · Abdomen and Pelvis (ABDOMENPELVIS) · 2 images',
        'Series 3 · Lower extremity (knie) · 2 images',
        'Series 4 · ZZ-LOKAAL · 2 images',
        'Series 5 · 2 images',
        'Series 6 · BORST · 2 images',
      ]);
    });

    it('names regions in Dutch with the code', async () => {
      const element = await renderRegions({ lang: 'nl' });

      expect(seriesMeta(element)).to.deep.equal([
        'Serie 1 · Thorax (CHEST) · 2 beelden',
        'Serie 2 · Buik en Bekken (ABDOMENPELVIS) · 2 beelden',
        'Serie 3 · Onderste extremiteit (knie) · 2 beelden',
        'Serie 4 · ZZ-LOKAAL · 2 beelden',
        'Serie 5 · 2 beelden',
        'Serie 6 · BORST · 2 beelden',
      ]);
    });

    it('uses an institution’s terminology', async () => {
      const element = await renderRegions({ lang: 'nl' });
      element.terminology = createTerminology({ bodyParts: { BORST: 'chest' } });
      await element.updateComplete;

      expect(seriesMeta(element)[5]).to.equal('Serie 6 · Thorax (BORST) · 2 beelden');
      expect(seriesMeta(element)[0]).to.equal('Serie 1 · Thorax (CHEST) · 2 beelden');
    });

    it('ignores a terminology that is not one', async () => {
      const element = await renderRegions();
      element.terminology = { names: 'chest' } as unknown as Terminology;
      await element.updateComplete;

      expect(seriesMeta(element)[0]).to.equal('Series 1 · Chest (CHEST) · 2 images');
      expect(seriesMeta(element)[5]).to.equal('Series 6 · BORST · 2 images');
    });

    it('keeps a body part that is not text', async () => {
      const odd = [{ modality: 'CT', description: 'Getal', bodyPart: 42 as unknown as string, instances: 1 }];
      const oddStudy = syntheticStudy({ uid: '6', date: '2024-05-07', description: 'Getal', series: odd });
      const element = await renderPreview(oddStudy, new SyntheticAdapter([{ study: oddStudy, series: odd }], { delayMs: 0 }));
      await seriesLoaded(element);

      expect(seriesMeta(element)).to.deep.equal(['Series 1 · 1 image']);
    });
  });

  describe('study navigation', () => {
    it('moves to a newer study', async () => {
      const { adapter } = createTestAdapter('own');
      const older = await findStudy(adapter, CT_ABDOMEN);
      const newer = await findStudy(adapter, MR_BRAIN_JPEG_LS);
      const element = await renderPreview(older, adapter);
      element.studies = [older, newer];
      await element.updateComplete;

      const buttons = shadow(element).querySelectorAll<HTMLButtonElement>('.study-navigation button');
      expect(buttons).to.have.length(2);
      expect(buttons[1].disabled).to.equal(true);
      setTimeout(() => buttons[0].click());
      const event = await oneEvent(element, 'studyline-study-select');
      await element.updateComplete;

      expect(event.detail.study.studyInstanceUid).to.equal(newer.studyInstanceUid);
      expect(element.study?.studyInstanceUid).to.equal(newer.studyInstanceUid);
    });

    it('hides navigation with single-study', async () => {
      const { adapter } = createTestAdapter('own');
      const older = await findStudy(adapter, CT_ABDOMEN);
      const newer = await findStudy(adapter, MR_BRAIN_JPEG_LS);
      const element = await renderPreview(older, adapter);
      element.setAttribute('single-study', '');
      element.studies = [older, newer];
      await element.updateComplete;

      expect(shadow(element).querySelector('.study-navigation')).to.equal(null);
      expect(element.matches(':state(single-study)')).to.equal(true);
      const labels = [...shadow(element).querySelectorAll('button')].map((button) => button.textContent ?? '');
      expect(labels.some((label) => /study/i.test(label))).to.equal(false);
    });
  });

  describe('language, theme and layout', () => {
    it('shows Dutch labels and dates', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter, { lang: 'nl' });
      await seriesLoaded(element);

      expect(shadow(element).querySelector('.base')?.getAttribute('aria-label')).to.equal('Onderzoeksvoorbeeld');
      const facts = shadow(element).querySelector('.facts')?.textContent ?? '';
      expect(facts).to.include('5 november 2013');
      expect(facts).to.include('Accessienummer');
      expect(facts).to.include('eigen archief');
      expect(seriesButtons(element)[0].textContent).to.include('3 beelden');
      expect(seriesButtons(element)[0].textContent).to.include('Serie 1');
      expect(seriesButtons(element)[2].textContent).to.include('Gestructureerd verslag');

      seriesButtons(element)[0].click();
      await viewerReady(element);
      await element.updateComplete;
      const labels = [...shadow(element).querySelectorAll('.viewer-toolbar button')].map((button) => button.textContent?.trim());
      expect(labels).to.deep.equal(['Vorig beeld', 'Volgend beeld', 'Weergave herstellen', 'Viewer sluiten']);
      expect(shadow(element).querySelector('.slider')?.getAttribute('aria-valuetext')).to.match(/^Beeld 1 van 3$/);
    });

    it('passes axe with viewer closed and open', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter);
      await seriesLoaded(element);
      await thumbnailsSettled(element, 2);
      await expect(element).to.be.accessible();

      seriesButtons(element)[0].click();
      await viewerReady(element);
      await element.updateComplete;
      await expect(element).to.be.accessible();
    });

    it('passes axe in dark Dutch', async () => {
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, MR_BRAIN_JPEG_LS);
      const element = await renderPreview(study, adapter, { theme: 'dark', lang: 'nl' });
      await seriesLoaded(element);
      await thumbnailsSettled(element, 3);
      await expect(element).to.be.accessible();
    });

    it('fits a 360 px screen', async () => {
      await setViewport({ width: 360, height: 740 });
      const { adapter } = createTestAdapter('own');
      const study = await findStudy(adapter, CT_ABDOMEN);
      const element = await renderPreview(study, adapter, { width: '360px' });
      await seriesLoaded(element);
      seriesButtons(element)[0].click();
      await viewerReady(element);
      await element.updateComplete;

      const base = shadow(element).querySelector('.base') as HTMLElement;
      expect(base.scrollWidth).to.be.at.most(base.clientWidth);
      expect(element.getBoundingClientRect().width).to.be.at.most(360);
      const viewport = (shadow(element).querySelector('.viewport') as HTMLElement).getBoundingClientRect();
      expect(viewport.width).to.be.greaterThan(250);
      expect(viewport.right).to.be.at.most(360);
      for (const button of shadow(element).querySelectorAll<HTMLElement>('.viewer-toolbar button')) {
        expect(button.getBoundingClientRect().right, button.textContent ?? '').to.be.at.most(360);
        expect(button.getBoundingClientRect().height).to.be.at.least(36);
      }
      expect(canvasContent(element).nonBlackShare).to.be.greaterThan(0.1);
      await expect(element).to.be.accessible();
    });
  });
});
