// End to end: the built demo page, served by the sample gateway, in a real headless Chromium.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { combineSources, type StudySearchResult } from '@studyline/core';
import { DicomWebAdapter } from '@studyline/dicomweb';
import { createSampleGateway, type SampleGateway } from '@studyline/sample-gateway';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

const DEMO_DIR = new URL('../dist/', import.meta.url).pathname;

interface SeenRequest {
  url: string;
  authorization: string | undefined;
}

/** Counts the studies the timeline shows: one per mark, and each cluster's count. */
function countShownStudies(page: Page): Promise<number> {
  return page.evaluate(() => {
    const root = document.querySelector('studyline-timeline')?.shadowRoot;
    if (!root) return -1;
    const marks = root.querySelectorAll('[part~="mark"]').length;
    let clustered = 0;
    for (const cluster of root.querySelectorAll('[part~="cluster"]')) clustered += Number(cluster.textContent?.trim() ?? 0);
    return marks + clustered;
  });
}

describe('demo page', () => {
  let gateway: SampleGateway;
  let browser: Browser;
  let page: Page;
  let expected: StudySearchResult;
  const requests: SeenRequest[] = [];
  const issuedTokens: string[] = [];

  before(async () => {
    assert.ok(existsSync(`${DEMO_DIR}/assets/main.js`), 'the demo is built: run "npm run build:demo" first');
    const executablePath = process.env.CHROMIUM_PATH ?? findChromium();
    assert.ok(executablePath, 'Chromium is installed: run "apt-get install chromium" or set CHROMIUM_PATH');
    gateway = await createSampleGateway({ port: 0, staticDir: DEMO_DIR });

    // What the page should show, found by the same adapters from Node.
    const token = gateway.issueToken().access_token;
    const adapters = gateway.sources.map(
      (source) =>
        new DicomWebAdapter({
          baseUrl: source.url,
          source: { id: source.key, label: source.label, kind: source.kind },
          auth: () => ({ Authorization: `Bearer ${token}` }),
        }),
    );
    expected = await combineSources(adapters).searchStudies({ patient: { id: gateway.patient.id } });

    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (request: Request) => {
      requests.push({ url: request.url(), authorization: request.headers().authorization });
    });
    page.on('response', async (response) => {
      if (new URL(response.url()).pathname === '/auth/token') {
        const body = (await response.json()) as { access_token: string };
        issuedTokens.push(body.access_token);
      }
    });
    await page.goto(gateway.url);
  });

  after(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('shows every study of the sample patient', async () => {
    assert.ok(expected.studies.length >= 25, `the sample history has ${expected.studies.length} reachable studies`);
    await page.waitForFunction(
      (count) => {
        const root = document.querySelector('studyline-timeline')?.shadowRoot;
        if (!root) return false;
        const marks = root.querySelectorAll('[part~="mark"]').length;
        let clustered = 0;
        for (const cluster of root.querySelectorAll('[part~="cluster"]')) clustered += Number(cluster.textContent?.trim() ?? 0);
        return marks + clustered === count;
      },
      expected.studies.length,
      { timeout: 20_000 },
    );
    assert.equal(await countShownStudies(page), expected.studies.length);
  });

  it('shows the patient and a lane per source', async () => {
    assert.match((await page.locator('#patient').textContent()) ?? '', /Jansen, Anna/);
    const lanes = await page.locator('studyline-timeline [part~="lane-label"]').allTextContents();
    for (const source of gateway.sources) {
      assert.ok(lanes.some((text) => text.includes(source.label)), `a lane for ${source.label}`);
    }
  });

  it('shows the truncated source as incomplete', async () => {
    const banner = page.locator('studyline-timeline [part~="banner"]');
    await banner.first().waitFor();
    const text = (await banner.allTextContents()).join(' ');
    assert.match(text, /Noordzee Kliniek/);
    assert.match(text, /4 of 9/);
  });

  it('puts the undated study in its own lane', async () => {
    const undated = page.locator('studyline-timeline [part~="undated-lane"] [part~="mark"]');
    assert.equal(await undated.count(), expected.studies.filter((study) => study.timestamp === undefined).length);
  });

  it('shows a study after it is selected', async () => {
    const mark = page.locator('studyline-timeline [part~="undated-lane"] [part~="mark"]').first();
    await mark.click();
    await page.locator('#details-list').waitFor();
    const details = (await page.locator('#details-list').textContent()) ?? '';
    const undated = expected.studies.find((study) => study.timestamp === undefined);
    assert.ok(undated?.description && details.includes(undated.description), 'the details name the study');
  });

  it('switches to Dutch', async () => {
    await page.selectOption('#language', 'nl');
    await page.locator('text=Gekozen onderzoek').waitFor();
    const undatedLabel = (await page.locator('studyline-timeline [part~="undated-lane"] [part~="lane-label"]').textContent()) ?? '';
    assert.match(undatedLabel, /Zonder datum|Ongedateerd|Geen datum/);
  });

  it('sends the token only in the Authorization header', () => {
    assert.ok(issuedTokens.length >= 1, 'the page obtained a token');
    const dicomweb = requests.filter((request) => new URL(request.url).pathname.startsWith('/dicomweb/'));
    assert.ok(dicomweb.length >= gateway.sources.length, 'the page searched every source');
    for (const request of requests) {
      for (const token of issuedTokens) assert.ok(!request.url.includes(token), `no token in ${new URL(request.url).pathname}`);
      assert.doesNotMatch(request.url, /[?&#](access_token|token|id_token)=/i);
    }
    for (const request of dicomweb) assert.match(request.authorization ?? '', /^Bearer \S+$/);
    const logged = gateway.log.entries.filter((entry) => entry.path.startsWith('/dicomweb/'));
    assert.ok(logged.length > 0);
    assert.ok(logged.every((entry) => entry.authorization && !entry.credentialInUrl));
  });
});
