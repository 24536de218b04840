/**
 * PF-1: `<studyline-timeline>` against vis-timeline in the same Chromium run,
 * on generated histories of 500, 5,000 and 10,000 studies.
 *
 * For each size and run, each library gets a freshly loaded page (the order
 * alternates between runs) and is measured for:
 * - first paint: from handing over the data to the end of the first frame that shows it;
 * - zoom and pan frames: main-thread time per frame while the same 90 views are shown, one per frame.
 *
 * Usage: node --conditions=source --import tsx bench/timeline/run.ts [--runs 5] [--sizes 500,5000,10000]
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { CACHE_DIR, bundlePages } from '../lib/bundle.js';
import {
  SourceLocator,
  formatProfile,
  formatTrace,
  launchChromium,
  profilePage,
  tracePage,
  type ProfileSummary,
  type TraceSummary,
} from '../lib/browser.js';
import { Report, formatNumber, median, percentile, targetMargin, type Figure } from '../lib/report.js';
import { startStaticServer } from '../lib/static-server.js';
import type { FrameTimes, InteractionResult, MountResult } from './frames.js';

type Library = 'studyline' | 'vis';

const LIBRARY_LABELS: Record<Library, string> = { studyline: 'Studyline', vis: 'vis-timeline' };
const VIEWPORT = { width: 1280, height: 800 };
const FIRST_PAINT_TARGET = 20;
const FIRST_PAINT_TARGET_SIZE = 5000;
const FRAME_TARGET_MS = 16;
const FRAME_TARGET_SIZE = 10_000;

interface Options {
  runs: number;
  sizes: number[];
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { runs: 5, sizes: [500, 5000, 10_000] };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], argv[index + 1] ?? ''];
    if (flag === '--runs' && /^[1-9]\d*$/.test(value)) options.runs = Number(value);
    else if (flag === '--sizes' && /^\d+(,\d+)*$/.test(value)) options.sizes = value.split(',').map(Number);
    else {
      console.error(`Invalid option "${flag} ${value}". Options: --runs N (positive integer), --sizes N,N,... (study counts).`);
      process.exit(2);
    }
  }
  return options;
}

function pageHtml(library: Library): string {
  const stylesheet = library === 'vis' ? '<link rel="stylesheet" href="vis.css">' : '';
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><link rel="icon" href="data:,"><title>PF-1 ${LIBRARY_LABELS[library]}</title>${stylesheet}</head>
<body style="margin:0;font-family:sans-serif">
<div id="host" style="width:1200px;height:600px;overflow:hidden"></div>
<script type="module" src="${library}.js"></script>
</body>
</html>
`;
}

/**
 * Builds both pages into `bench/.cache/<folder>/`: minified for the figures,
 * or unminified for profiles, where function names must stay readable.
 */
async function buildPages(folder: string, minify: boolean): Promise<void> {
  const outdir = await bundlePages(
    folder,
    { studyline: 'bench/timeline/studyline-page.ts', vis: 'bench/timeline/vis-page.ts' },
    { minify },
  );
  for (const library of ['studyline', 'vis'] as const) writeFileSync(`${outdir}/${library}.html`, pageHtml(library));
}

async function openPage(page: Page, folderUrl: string, library: Library, size: number): Promise<void> {
  await page.goto(`${folderUrl}/${library}.html`);
  await page.waitForFunction(() => window.timelineBench !== undefined);
  await page.evaluate((count) => window.timelineBench.prepare(count), size);
}

interface Samples {
  mount: MountResult[];
  zoom: FrameTimes[];
  pan: FrameTimes[];
}

function emptySamples(): Record<Library, Samples> {
  return { studyline: { mount: [], zoom: [], pan: [] }, vis: { mount: [], zoom: [], pan: [] } };
}

/** Pools the frames of every run. */
function pooled(times: readonly FrameTimes[], field: keyof FrameTimes): number[] {
  return times.flatMap((run) => run[field]);
}

function frameSummary(times: readonly FrameTimes[]): { medianMs: number; p95Ms: number; maxMs: number; intervalMedianMs: number; intervalP95Ms: number } {
  const work = pooled(times, 'work');
  const intervals = pooled(times, 'intervals');
  return {
    medianMs: median(work),
    p95Ms: percentile(work, 95),
    maxMs: Math.max(...work),
    intervalMedianMs: median(intervals),
    intervalP95Ms: percentile(intervals, 95),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const report = new Report('PF-1');
  await buildPages('timeline', true);
  const server = await startStaticServer(CACHE_DIR);
  const pagesUrl = `${server.url}/timeline`;
  const browser = await launchChromium();
  report.details.chromium = browser.version();
  const page = await browser.newPage({ viewport: VIEWPORT });
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });

  const bySize = new Map<number, Record<Library, Samples>>();
  const profiles: (ProfileSummary | TraceSummary)[] = [];
  try {
    for (const size of options.sizes) {
      const samples = emptySamples();
      bySize.set(size, samples);
      for (let run = 0; run < options.runs; run++) {
        const order: Library[] = run % 2 === 0 ? ['studyline', 'vis'] : ['vis', 'studyline'];
        for (const library of order) {
          await openPage(page, pagesUrl, library, size);
          samples[library].mount.push(await page.evaluate(() => window.timelineBench.mount()));
          const interaction: InteractionResult = await page.evaluate(() => window.timelineBench.interact());
          samples[library].zoom.push(interaction.zoom);
          samples[library].pan.push(interaction.pan);
        }
      }
      addFigures(report, size, samples);
    }

    // A missed target gets a CPU profile and a trace of Studyline doing the same work once more.
    const missed = report.figures.filter((figure) => figure.target !== undefined && targetMargin(figure.target, figure.ratio) < 1);
    if (missed.length > 0) await buildPages('timeline-profile', false);
    for (const figure of missed) {
      profiles.push(...(await profileMissed(browser, page, server.url, figure)));
    }
  } finally {
    await browser.close();
    await server.close();
  }

  if (pageErrors.length > 0) console.log(`PF-1 page errors (${pageErrors.length}): ${[...new Set(pageErrors)].slice(0, 5).join(' / ')}`);
  report.details.runs = options.runs;
  report.details.samples = Object.fromEntries(bySize);
  report.details.profiles = profiles;
  report.details.pageErrors = pageErrors;
  report.save();
}

/** Profiles Studyline for a missed figure: a CPU profile with source locations, then a timeline trace. */
async function profileMissed(browser: Browser, page: Page, serverUrl: string, figure: Figure): Promise<(ProfileSummary | TraceSummary)[]> {
  const size = Number(/(\d[\d,]*) studies/.exec(figure.name)?.[1].replace(/,/g, ''));
  const zoom = figure.name.includes('zoom');
  // The zoom profile covers the 60 zoom frames only, after an unprofiled mount.
  const scenario = zoom
    ? () => page.evaluate(() => window.timelineBench.interact('zoom')).then(() => undefined)
    : () => page.evaluate(() => window.timelineBench.mount()).then(() => undefined);
  const prepare = async (): Promise<void> => {
    await openPage(page, folderUrl, 'studyline', size);
    if (zoom) await page.evaluate(() => window.timelineBench.mount());
  };
  const name = `pf1-studyline-${zoom ? 'zoom' : 'first-paint'}-${size}`;
  const folderUrl = `${serverUrl}/timeline-profile`;
  const locator = new SourceLocator(serverUrl, CACHE_DIR);

  await prepare();
  const profile = await profilePage(page, name, scenario, locator);
  await prepare();
  const trace = await tracePage(browser, page, name, scenario);
  let mutations = '';
  if (zoom) {
    await prepare();
    const counts = await page.evaluate(() => window.timelineBench.countMutations?.());
    if (counts !== undefined) {
      const perFrame = (value: number): string => formatNumber(value / counts.frames, 1);
      mutations = `  DOM changes per zoom frame: ${perFrame(counts.added)} elements inserted, ${perFrame(counts.removed)} removed, ${perFrame(counts.attributes)} attributes set`;
    }
  }
  console.log(`${figure.id} profile of Studyline for "${figure.name}" (unminified build, ${zoom ? 'the 60 zoom frames after mounting' : 'mount'}):`);
  console.log(formatProfile(profile));
  console.log(formatTrace(trace));
  if (mutations !== '') console.log(mutations);
  return [profile, trace];
}

function addFigures(report: Report, size: number, samples: Record<Library, Samples>): void {
  const sizeText = `${formatNumber(size, 0)} studies`;
  const mountMs = (library: Library): number => median(samples[library].mount.map((result) => result.ms));
  const itemsInDom = (library: Library): number => median(samples[library].mount.map((result) => result.itemsInDom));
  const studyline = mountMs('studyline');
  const vis = mountMs('vis');
  const firstPaint: Figure = {
    id: 'PF-1',
    name: `first paint, ${sizeText}`,
    subject: { label: 'Studyline', value: studyline, unit: 'ms' },
    peer: { label: 'vis-timeline', value: vis, unit: 'ms' },
    ratio: vis / studyline,
    ratioText: 'faster',
    note: `median of ${samples.studyline.mount.length} runs; ${formatNumber(itemsInDom('studyline'), 0)} marks and clusters vs ${formatNumber(itemsInDom('vis'), 0)} vis-timeline items in the DOM`,
  };
  if (size === FIRST_PAINT_TARGET_SIZE) firstPaint.target = { text: `≥ ${FIRST_PAINT_TARGET}× faster than vis-timeline`, kind: 'at-least', bound: FIRST_PAINT_TARGET };
  report.add(firstPaint);

  for (const kind of ['zoom', 'pan'] as const) {
    const own = frameSummary(samples.studyline[kind]);
    const peer = frameSummary(samples.vis[kind]);
    const figure: Figure = {
      id: 'PF-1',
      name: `${kind} frame p95, ${sizeText}`,
      subject: { label: 'Studyline', value: own.p95Ms, unit: 'ms' },
      peer: { label: 'vis-timeline', value: peer.p95Ms, unit: 'ms' },
      ratio: peer.p95Ms / own.p95Ms,
      ratioText: 'faster',
      note:
        `main-thread time per frame, median/p95/max Studyline ${formatNumber(own.medianMs)}/${formatNumber(own.p95Ms)}/${formatNumber(own.maxMs)} ms, ` +
        `vis-timeline ${formatNumber(peer.medianMs)}/${formatNumber(peer.p95Ms)}/${formatNumber(peer.maxMs)} ms; ` +
        `frame interval median/p95 Studyline ${formatNumber(own.intervalMedianMs)}/${formatNumber(own.intervalP95Ms)} ms, ` +
        `vis-timeline ${formatNumber(peer.intervalMedianMs)}/${formatNumber(peer.intervalP95Ms)} ms`,
    };
    if (kind === 'zoom' && size === FRAME_TARGET_SIZE) {
      figure.target = { text: `Studyline zoom frames ≤ ${FRAME_TARGET_MS} ms (p95)`, kind: 'at-most', bound: FRAME_TARGET_MS, checked: own.p95Ms };
    }
    report.add(figure);
  }
}

main().catch((error: unknown) => {
  console.error(`PF-1 failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
