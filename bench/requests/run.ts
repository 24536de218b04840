/**
 * PF-4: the HTTP requests that the demo page makes to open the timeline, and
 * to show one study preview, from Chromium's request log against the sample
 * gateway on 127.0.0.1.
 *
 * The demo is built with the project's rollup config into
 * `bench/.cache/requests-demo/` and served by `createSampleGateway`.
 *
 * Usage: node --conditions=source --import tsx bench/requests/run.ts
 */
import type { Page, Request } from 'playwright-core';
import { createSampleGateway, type SampleGateway } from '@studyline/sample-gateway';
import { launchChromium } from '../lib/browser.js';
import { buildDemo } from '../lib/demo-build.js';
import { Report } from '../lib/report.js';

const VIEWPORT = { width: 1280, height: 900 };
const LOAD_TIMEOUT_MS = 30_000;

interface LoggedRequest {
  method: string;
  url: string;
  /** The request body, for SOAP requests to the sample XDS-I.b environment. */
  body?: string;
  /** Why the request failed, such as `net::ERR_ABORTED` for a cancelled one. */
  failure?: string;
  /** The HTTP status of the response. */
  status?: number;
  /** Items in the JSON array of the response, for QIDO-RS responses. */
  results?: number;
}

type RequestKind =
  | 'page'
  | 'script or style'
  | 'token'
  | 'config'
  | 'study query'
  | 'series query'
  | 'instance query'
  | 'metadata'
  | 'thumbnail or rendered'
  | 'retrieve'
  | 'manifest retrieve (ITI-43/39)'
  | 'imaging retrieve (RAD-69/75)'
  | 'blob URL, no network'
  | 'other';

interface Classified {
  kind: RequestKind;
  /** The source key in `/dicomweb/<key>/` for DICOMweb requests; the home community ID for XDS-I.b queries. */
  source?: string;
}

function classify(request: LoggedRequest): Classified {
  if (request.url.startsWith('blob:')) return { kind: 'blob URL, no network' };
  const path = new URL(request.url).pathname;
  if (path.startsWith('/xds/')) {
    // A stored query (ITI-18 or ITI-38) names its community in the AdhocQuery's home attribute.
    if (/\/(registry|query)$/.test(path)) return { kind: 'study query', source: /\bhome="([^"]+)"/.exec(request.body ?? '')?.[1] ?? path };
    if (/\/(repository|retrieve)$/.test(path)) return { kind: 'manifest retrieve (ITI-43/39)' };
    if (/\/imaging$/.test(path)) return { kind: 'imaging retrieve (RAD-69/75)' };
    return { kind: 'other' };
  }
  const dicomweb = /^\/dicomweb\/([^/]+)(\/.*)$/.exec(path);
  if (dicomweb === null) {
    if (path === '/' || path.endsWith('.html')) return { kind: 'page' };
    if (path === '/auth/token') return { kind: 'token' };
    if (path === '/demo/config.json') return { kind: 'config' };
    if (/\.(js|css|mjs|wasm|map)$/.test(path)) return { kind: 'script or style' };
    return { kind: 'other' };
  }
  const [, source, rest] = dicomweb;
  if (/\/(thumbnail|rendered)$/.test(rest)) return { kind: 'thumbnail or rendered', source };
  if (/\/metadata$/.test(rest)) return { kind: 'metadata', source };
  if (/^\/studies$/.test(rest)) return { kind: 'study query', source };
  if (/^\/studies\/[^/]+\/series$/.test(rest)) return { kind: 'series query', source };
  if (/\/instances$/.test(rest) && !/\/instances\/[^/]+/.test(rest)) return { kind: 'instance query', source };
  return { kind: 'retrieve', source };
}

function countByKind(requests: readonly LoggedRequest[]): Map<RequestKind, number> {
  const counts = new Map<RequestKind, number>();
  for (const request of requests) {
    const { kind } = classify(request);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return counts;
}

function formatCounts(counts: Map<RequestKind, number>): string {
  return [...counts.entries()].map(([kind, count]) => `${count} ${kind}`).join(', ');
}

/**
 * Checks the study queries of each source: every query must fetch a page
 * that no other query fetched (no repeated URL and body). Returns the worst number of
 * queries per distinct page over the sources, and a line per source.
 */
function studyQueriesPerPage(requests: readonly LoggedRequest[]): { worst: number; lines: string[] } {
  const bySource = new Map<string, LoggedRequest[]>();
  for (const request of requests) {
    const { kind, source } = classify(request);
    if (kind !== 'study query' || source === undefined) continue;
    bySource.set(source, [...(bySource.get(source) ?? []), request]);
  }
  let worst = 0;
  const lines: string[] = [];
  for (const [source, queries] of bySource) {
    const pages = new Set(queries.map((query) => `${query.url} ${query.body ?? ''}`)).size;
    worst = Math.max(worst, queries.length / pages);
    if (queries[0].body !== undefined) {
      lines.push(`${source}: ${queries.length} stored queries for ${pages} distinct requests`);
      continue;
    }
    const offsets = queries.map((query) => new URL(query.url).searchParams.get('offset') ?? '-').join(',');
    const results = queries.map((query) => query.results ?? '?').join(',');
    lines.push(`${source}: ${queries.length} study queries for ${pages} pages (offsets ${offsets}; results ${results})`);
  }
  return { worst, lines };
}

/**
 * Installs `window.deepQuery(selector)`, which finds the first match in the
 * document or in any open shadow root below it: the demo's elements sit
 * inside `<studyline-patient-history>`.
 */
async function installDeepQuery(page: Page): Promise<void> {
  // A string, because tsx compiles functions with name helpers that the page does not have.
  await page.addInitScript(`
    window.deepQuery = (selector) => {
      const visit = (root) => {
        const found = root.querySelector(selector);
        if (found !== null) return found;
        for (const element of root.querySelectorAll('*')) {
          const inner = element.shadowRoot === null ? null : visit(element.shadowRoot);
          if (inner !== null) return inner;
        }
        return null;
      };
      return visit(document);
    };
  `);
}

function deepQuery(selector: string): Element | null {
  return (window as unknown as { deepQuery: (selector: string) => Element | null }).deepQuery(selector);
}

/** Waits until the timeline has finished loading and shows at least one study, then until the network is idle. */
async function waitForTimeline(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const root = deepQuery('studyline-timeline')?.shadowRoot;
      const base = root?.querySelector('[part~="base"]');
      return base?.getAttribute('aria-busy') === 'false' && (root?.querySelectorAll('[part~="mark"], [part~="cluster"]').length ?? 0) > 0;
    },
    undefined,
    { timeout: LOAD_TIMEOUT_MS },
  );
  await page.waitForLoadState('networkidle');
}

/**
 * Opens one study in the demo's `<studyline-study-preview>` by selecting the
 * first dated study on the timeline. Returns the series rows on screen, or
 * undefined when the page has no preview element.
 */
async function openPreview(page: Page): Promise<{ visibleSeries: number; visibleImageSeries: number; seriesRows: number } | undefined> {
  const hasPreview = await page.evaluate(() => customElements.get('studyline-study-preview') !== undefined);
  if (!hasPreview) return undefined;
  // The first lane is the own hospital's (DICOMweb, with thumbnails); the composite shows the selected study's preview.
  await page.locator('studyline-timeline [part~="lane"]:not([part~="undated-lane"]) [part~="mark"]').first().click();
  // Done when every series row shows its thumbnail, a broken-image icon or a non-image icon.
  await page.waitForFunction(
    () => {
      const root = deepQuery('studyline-study-preview')?.shadowRoot;
      return (root?.querySelectorAll('[data-series-uid]').length ?? 0) > 0 && root?.querySelector('[part~="thumbnail"].loading') === null;
    },
    undefined,
    { timeout: LOAD_TIMEOUT_MS },
  );
  await page.waitForLoadState('networkidle');
  return page.evaluate(() => {
    const rows = [...(deepQuery('studyline-study-preview')?.shadowRoot?.querySelectorAll<HTMLElement>('[data-series-uid]') ?? [])];
    const visible = rows.filter((row) => {
      const box = row.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
    });
    const imageRows = visible.filter((row) => row.querySelector('[part~="thumbnail"]:not(.non-image)') !== null);
    return { visibleSeries: visible.length, visibleImageSeries: imageRows.length, seriesRows: rows.length };
  });
}

async function main(): Promise<void> {
  const report = new Report('PF-4');
  let demoDir: string;
  try {
    demoDir = (await buildDemo('requests-demo')).dir;
  } catch (error) {
    report.info(`not measured: the demo build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    report.save();
    return;
  }

  let gateway: SampleGateway | undefined;
  const browser = await launchChromium();
  try {
    gateway = await createSampleGateway({ port: 0, staticDir: demoDir });
    const page = await browser.newPage({ viewport: VIEWPORT });
    const log: LoggedRequest[] = [];
    const entries = new Map<Request, LoggedRequest>();
    await installDeepQuery(page);
    page.on('request', (request) => {
      const entry: LoggedRequest = { method: request.method(), url: request.url() };
      if (new URL(entry.url).pathname.startsWith('/xds/')) entry.body = request.postData() ?? undefined;
      entries.set(request, entry);
      log.push(entry);
    });
    page.on('requestfailed', (request) => {
      const entry = entries.get(request);
      if (entry !== undefined) entry.failure = request.failure()?.errorText ?? 'failed';
    });
    page.on('response', async (response) => {
      const entry = entries.get(response.request());
      if (entry === undefined) return;
      entry.status = response.status();
      if (classify(entry).kind !== 'study query' || response.status() !== 200) return;
      try {
        const body: unknown = await response.json();
        if (Array.isArray(body)) entry.results = body.length;
      } catch {
        // An empty or non-JSON page has no result count.
      }
    });

    await page.goto(gateway.url);
    await waitForTimeline(page);
    const opening = [...log];
    const perPage = studyQueriesPerPage(opening);
    report.add({
      id: 'PF-4',
      name: 'requests to open the timeline',
      subject: { label: 'Studyline demo', value: opening.length, unit: 'requests', digits: 0 },
      target: { text: 'one study query per source per page (queries per distinct page ≤ 1)', kind: 'at-most', bound: 1, checked: perPage.worst },
      note: `${formatCounts(countByKind(opening))}; ${perPage.lines.join('; ')}`,
    });
    report.details.opening = opening;

    const preview = await openPreview(page);
    if (preview === undefined) {
      report.info('study preview: not measured, the demo page has no <studyline-study-preview>');
    } else {
      const previewRequests = log.slice(opening.length);
      const imageRequests = previewRequests.filter((request) => classify(request).kind === 'thumbnail or rendered');
      // The adapter learns once what the server offers: a 404 for `/thumbnail` and a 406 for JPEG are those probes.
      const thumbnails = imageRequests.filter((request) => request.status === 200).length;
      const probes = imageRequests.length - thumbnails;
      report.add({
        id: 'PF-4',
        name: 'requests to show one study preview',
        subject: { label: 'Studyline demo', value: previewRequests.length, unit: 'requests', digits: 0 },
        target: {
          text: 'thumbnails only for visible image series (thumbnails ≤ visible image series)',
          kind: 'at-most',
          bound: 1,
          checked: preview.visibleImageSeries === 0 ? thumbnails + 1 : thumbnails / preview.visibleImageSeries,
        },
        note:
          `${formatCounts(countByKind(previewRequests))}; ${thumbnails} thumbnails and ${probes} probe requests ` +
          `(statuses ${imageRequests.map((request) => request.status ?? request.failure ?? '?').join(', ')}); ` +
          `${preview.visibleSeries} of ${preview.seriesRows} series rows on screen, ${preview.visibleImageSeries} of them image series`,
      });
      report.details.preview = { ...preview, requests: previewRequests };
    }
  } finally {
    await browser.close();
    await gateway?.close();
  }
  report.save();
}

main().catch((error: unknown) => {
  console.error(`PF-4 failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
