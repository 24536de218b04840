// End to end: the built demo page, served by the sample gateway, used in a real headless Chromium,
// once with the other hospitals over XDS-I.b and once over DICOMweb.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Study, StudySearchResult } from '@studyline/core';
import { createSampleGateway, type SampleGateway } from '@studyline/sample-gateway';
import { readZip } from '../../packages/core/src/test-support/read-zip.js';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { createAdapters, type DemoConfig } from '../src/config.js';

const DEMO_DIR = new URL('../dist/', import.meta.url).pathname;

interface SeenRequest {
  url: string;
  authorization: string | undefined;
}

interface Demo {
  gateway: SampleGateway;
  context: BrowserContext;
  page: Page;
  /** What the page should show, found by the demo's own adapters from Node. */
  expected: StudySearchResult;
  requests: SeenRequest[];
  issuedTokens: string[];
}

/** Makes the relative URLs of the demo configuration absolute, for adapters running in Node. */
function absoluteConfig(config: DemoConfig, origin: string): DemoConfig {
  const absolute = (path: string): string => new URL(path, origin).href;
  return {
    ...config,
    sources: config.sources.map((source) => ({ ...source, baseUrl: absolute(source.baseUrl) })),
    xds:
      config.xds === undefined
        ? undefined
        : {
            ...config.xds,
            queryUrl: absolute(config.xds.queryUrl),
            documentRetrieveUrl: absolute(config.xds.documentRetrieveUrl),
            imagingRetrieveUrl: absolute(config.xds.imagingRetrieveUrl),
          },
  };
}

async function startDemo(browser: Browser, externals: 'xds' | 'dicomweb'): Promise<Demo> {
  const gateway = await createSampleGateway({ port: 0, staticDir: DEMO_DIR, demoExternals: externals });
  const token = gateway.issueToken().access_token;
  const configResponse = await fetch(`${gateway.url}/demo/config.json`, { headers: { Authorization: `Bearer ${token}` } });
  const config = absoluteConfig((await configResponse.json()) as DemoConfig, gateway.url);
  const adapters = createAdapters(config, () => ({ Authorization: `Bearer ${token}` }));
  const expected = await adapters.history.searchStudies({ patient: { id: config.patient.id, issuer: config.patient.issuer } });

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const requests: SeenRequest[] = [];
  const issuedTokens: string[] = [];
  page.on('request', (request) => requests.push({ url: request.url(), authorization: request.headers().authorization }));
  page.on('response', async (response) => {
    if (new URL(response.url()).pathname === '/auth/token') {
      issuedTokens.push(((await response.json()) as { access_token: string }).access_token);
    }
  });
  await page.goto(gateway.url);
  return { gateway, context, page, expected, requests, issuedTokens };
}

/** Waits until the timeline shows `count` studies: one per mark, and each cluster's count. */
async function waitForShownStudies(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (expectedCount) => {
      const history = document.querySelector('studyline-patient-history')?.shadowRoot;
      const root = history?.querySelector('studyline-timeline')?.shadowRoot;
      if (!root) return false;
      const marks = root.querySelectorAll('[part~="mark"]').length;
      let clustered = 0;
      for (const cluster of root.querySelectorAll('[part~="cluster"]')) clustered += Number(cluster.textContent?.trim() ?? 0);
      return marks + clustered === expectedCount;
    },
    count,
    { timeout: 30_000 },
  );
}

function checkTokens(demo: Demo): void {
  assert.ok(demo.issuedTokens.length >= 1, 'the page obtained a token');
  for (const request of demo.requests) {
    const path = new URL(request.url).pathname;
    for (const token of demo.issuedTokens) assert.ok(!request.url.includes(token), `no token in ${path}`);
    assert.doesNotMatch(request.url, /[?&#](access_token|token|id_token)=/i);
    if (path.startsWith('/dicomweb/') || path.startsWith('/xds/')) assert.match(request.authorization ?? '', /^Bearer \S+$/, path);
  }
  const logged = demo.gateway.log.entries.filter((entry) => entry.path.startsWith('/dicomweb/') || entry.path.startsWith('/xds/'));
  assert.ok(logged.length > 0, 'the gateway saw the page search');
  for (const entry of logged) {
    assert.equal(entry.authorization, true, entry.path);
    assert.equal(entry.credentialInUrl, false, entry.path);
  }
}

describe('demo page', () => {
  let browser: Browser;

  before(async () => {
    assert.ok(existsSync(`${DEMO_DIR}/assets/main.js`), 'the demo is built: run "npm run build:demo" first');
    const executablePath = process.env.CHROMIUM_PATH ?? findChromium();
    assert.ok(executablePath, 'Chromium is installed: run "apt-get install chromium" or set CHROMIUM_PATH');
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  });
  after(() => browser?.close());

  describe('with the other hospitals over XDS-I.b', () => {
    let demo: Demo;
    let xdsStudy: Study;

    before(async () => {
      demo = await startDemo(browser, 'xds');
      const found = demo.expected.studies.find(
        (study) => study.sources[0].source.id.startsWith('xds-') && study.modalities.some((modality) => ['CT', 'MR'].includes(modality)),
      );
      assert.ok(found, 'the XDS communities hold a CT or MR study');
      xdsStudy = found;
    });
    after(async () => {
      await demo?.context.close();
      await demo?.gateway.close();
    });

    it('shows every study of the sample patient', async () => {
      assert.ok(demo.expected.studies.length >= 25, `the sample history has ${demo.expected.studies.length} reachable studies`);
      await waitForShownStudies(demo.page, demo.expected.studies.length);
      assert.match((await demo.page.locator('#patient').textContent()) ?? '', /Jansen, Anna/);
    });

    it('shows the XDS communities and the unreachable one as incomplete', async () => {
      const lanes = (await demo.page.locator('studyline-timeline [part~="lane-label"]').allTextContents()).join(' ');
      assert.match(lanes, /Rijnstad Ziekenhuis/);
      assert.match(lanes, /Noordzee Kliniek/);
      const banner = demo.page.locator('studyline-timeline [part~="banner"]');
      await banner.first().waitFor();
      assert.match((await banner.allTextContents()).join(' '), /Zuiderhaven/);
      const xdsRequests = demo.gateway.log.entries.filter((entry) => entry.path === '/xds/registry');
      assert.ok(xdsRequests.length >= 1, 'the page queried the XDS registry');
    });

    it('renders an image retrieved with RAD-69 in the preview', async () => {
      await demo.page.evaluate((uid) => {
        document.querySelector('studyline-patient-history')?.setAttribute('selected-study-uid', uid);
      }, xdsStudy.studyInstanceUid);
      const seriesButton = demo.page.locator('studyline-study-preview .series-button').first();
      await seriesButton.waitFor({ timeout: 20_000 });
      const before = demo.gateway.log.entries.length;
      await seriesButton.click();
      await demo.page.waitForFunction(
        () => {
          const preview = document.querySelector('studyline-patient-history')?.shadowRoot?.querySelector('studyline-study-preview') as
            | (HTMLElement & { viewerState: { status: string; imageCount: number } })
            | null;
          return preview?.viewerState.status === 'ready' && preview.viewerState.imageCount > 0;
        },
        undefined,
        { timeout: 30_000 },
      );
      const nonBlackShare = await demo.page.evaluate(async () => {
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        const preview = document.querySelector('studyline-patient-history')?.shadowRoot?.querySelector('studyline-study-preview');
        const canvas = preview?.shadowRoot?.querySelector<HTMLCanvasElement>('.viewport canvas');
        if (!canvas) return -1;
        const copy = document.createElement('canvas');
        copy.width = canvas.width;
        copy.height = canvas.height;
        const context = copy.getContext('2d') as CanvasRenderingContext2D;
        context.drawImage(canvas, 0, 0);
        const pixels = context.getImageData(0, 0, copy.width, copy.height).data;
        let nonBlack = 0;
        for (let index = 0; index < pixels.length; index += 4) if (pixels[index] + pixels[index + 1] + pixels[index + 2] > 24) nonBlack++;
        return nonBlack / (pixels.length / 4);
      });
      assert.ok(nonBlackShare > 0.05, `the viewer shows an image (${nonBlackShare} of the pixels are not black)`);
      const imaging = demo.gateway.log.entries.slice(before).filter((entry) => entry.path === '/xds/imaging');
      assert.ok(imaging.length >= 1, 'the images came through the RAD-69 endpoint');
    });

    it('imports the XDS study into the own archive and shows it there', async () => {
      const own = demo.gateway.stores.get('own');
      assert.equal(own?.hasStudy(xdsStudy.studyInstanceUid), false, 'the study is not in the own archive yet');
      const importButton = demo.page.locator('studyline-import-button button', { hasText: 'Import study' }).first();
      await importButton.click();
      await demo.page.waitForFunction(
        () => {
          const history = document.querySelector('studyline-patient-history')?.shadowRoot;
          return history?.querySelector('studyline-import-button')?.matches(':state(done)') ?? false;
        },
        undefined,
        { timeout: 60_000 },
      );
      assert.equal(own?.hasStudy(xdsStudy.studyInstanceUid), true);
      await demo.page.waitForFunction(
        (uid) => {
          const history = document.querySelector('studyline-patient-history') as (HTMLElement & { studies: Study[] }) | null;
          const study = history?.studies.find((candidate) => candidate.studyInstanceUid === uid);
          return study?.sources.some((entry) => entry.source.id === 'own') ?? false;
        },
        xdsStudy.studyInstanceUid,
        { timeout: 30_000 },
      );
    });

    it('downloads a study as a zip of DICOM files', async () => {
      // Headless Chromium cannot answer the native save dialog, so the page takes the path of
      // browsers without showSaveFilePicker (Safari, Firefox): a Blob saved through a blob: link.
      await demo.page.evaluate(() => {
        delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
      });
      const open = demo.page.locator('studyline-download-button button', { hasText: 'Download as DICOM' }).first();
      await open.click();
      const confirm = demo.page.locator('studyline-download-button [part~="confirm"]').first();
      await confirm.waitFor({ timeout: 20_000 });
      assert.match((await confirm.textContent()) ?? '', /DICOM viewer/);
      const downloadEvent = demo.page.waitForEvent('download', { timeout: 60_000 });
      await demo.page.locator('studyline-download-button [part~="confirm-button"]').first().click();
      const download = await downloadEvent;
      assert.match(download.suggestedFilename(), /\.zip$/);
      assert.match(download.url(), /^blob:/);
      const path = await download.path();
      assert.ok(path !== null && existsSync(path), 'the zip was saved');
      const entries = readZip(new Uint8Array(await readFile(path)));
      const dicomFiles = entries.filter((entry) => entry.name.endsWith('.dcm'));
      assert.ok(dicomFiles.length >= 1, 'the zip holds DICOM files');
      for (const file of dicomFiles) assert.equal(new TextDecoder().decode(file.data.subarray(128, 132)), 'DICM', file.name);
      assert.ok(entries.some((entry) => entry.name === 'README.txt'));
    });

    it('sends the token only in the Authorization header', () => {
      checkTokens(demo);
    });
  });

  describe('with the other hospitals over DICOMweb', () => {
    let demo: Demo;

    before(async () => {
      demo = await startDemo(browser, 'dicomweb');
    });
    after(async () => {
      await demo?.context.close();
      await demo?.gateway.close();
    });

    it('shows every study of the sample patient', async () => {
      await waitForShownStudies(demo.page, demo.expected.studies.length);
      const lanes = (await demo.page.locator('studyline-timeline [part~="lane-label"]').allTextContents()).join(' ');
      for (const source of demo.gateway.sources) assert.match(lanes, new RegExp(source.label), `a lane for ${source.label}`);
    });

    it('shows the truncated source as incomplete', async () => {
      const banner = demo.page.locator('studyline-timeline [part~="banner"]');
      await banner.first().waitFor();
      const text = (await banner.allTextContents()).join(' ');
      assert.match(text, /Noordzee Kliniek/);
      assert.match(text, /4 of 9/);
    });

    it('puts the undated study in its own lane and previews it on click', async () => {
      const undated = demo.page.locator('studyline-timeline [part~="undated-lane"] [part~="mark"]');
      assert.equal(await undated.count(), demo.expected.studies.filter((study) => study.timestamp === undefined).length);
      await undated.first().click();
      const study = demo.expected.studies.find((candidate) => candidate.timestamp === undefined);
      assert.ok(study?.description);
      await demo.page.locator('studyline-study-preview', { hasText: study.description }).waitFor();
    });

    it('switches to Dutch', async () => {
      await demo.page.selectOption('#language', 'nl');
      await demo.page.locator('text=Studyline-demo').first().waitFor();
      // The Dutch catalog may load on demand, so wait for the label to change.
      const undatedLabel = demo.page.locator('studyline-timeline [part~="undated-lane"] [part~="lane-label"]', { hasText: 'Zonder datum' });
      await undatedLabel.waitFor({ timeout: 10_000 });
      const banner = (await demo.page.locator('studyline-timeline [part~="banner"]').allTextContents()).join(' ');
      assert.match(banner, /mogelijk onvolledig/);
    });

    it('sends the token only in the Authorization header', () => {
      checkTokens(demo);
    });
  });
});
