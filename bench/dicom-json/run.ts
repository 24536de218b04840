/**
 * PF-2: 10,000 QIDO-RS study results in the DICOM JSON model to Studyline's
 * study model, against dcmjs `naturalizeDataset` with the same mapping and
 * against a bare `JSON.parse`, in Node and in Chromium.
 *
 * Both sides run esbuild bundles of the same modules: Node a child process
 * with --expose-gc, Chromium a page with --js-flags=--expose-gc, so that
 * garbage is collected between iterations rather than inside them. Before
 * timing, the Node side checks that both mappings return equal studies.
 *
 * Usage: node --conditions=source --import tsx bench/dicom-json/run.ts [--runs 15] [--count 10000]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CACHE_DIR, bundlePages } from '../lib/bundle.js';
import { SourceLocator, formatProfile, launchChromium, profilePage, summarizeProfile, type ProfileSummary } from '../lib/browser.js';
import { RESULTS_DIR, Report, formatNumber, median, targetMargin, type Figure } from '../lib/report.js';
import { startStaticServer } from '../lib/static-server.js';
import type { Measurements } from './methods.js';

const WARMUP = 3;
const PROFILE_ITERATIONS = 5;
const DCMJS_TARGET = 3;
const PARSE_TARGET = 0.5;

interface Options {
  runs: number;
  count: number;
}

interface NodeResult extends Measurements {
  bytes: number;
  mismatches: number;
  firstMismatch?: string;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { runs: 15, count: 10_000 };
  for (let index = 0; index < argv.length; index += 2) {
    const [flag, value] = [argv[index], argv[index + 1] ?? ''];
    if ((flag === '--runs' || flag === '--count') && /^[1-9]\d*$/.test(value)) options[flag === '--runs' ? 'runs' : 'count'] = Number(value);
    else {
      console.error(`Invalid option "${flag} ${value}". Options: --runs N, --count N (positive integers).`);
      process.exit(2);
    }
  }
  return options;
}

const PAGE_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>PF-2</title><script type="module" src="page.js"></script></head><body></body></html>\n';

/** Builds the Node script and the page (minified, and unminified for readable profiles). */
async function buildBundles(): Promise<{ nodeScript: string }> {
  const folder = await bundlePages('dicom-json', { page: 'bench/dicom-json/browser-page.ts' });
  writeFileSync(`${folder}/index.html`, PAGE_HTML);
  const profileFolder = await bundlePages('dicom-json-profile', { page: 'bench/dicom-json/browser-page.ts' }, { minify: false });
  writeFileSync(`${profileFolder}/index.html`, PAGE_HTML);
  // Unminified, like a library's dist/ that Node loads.
  await bundlePages('dicom-json', { node: 'bench/dicom-json/node-entry.ts' }, { platform: 'node', minify: false, outExtension: { '.js': '.mjs' } });
  return { nodeScript: join(folder, 'node.mjs') };
}

function runNode(script: string, args: readonly (string | number)[]): string {
  return execFileSync(process.execPath, ['--expose-gc', script, ...args.map(String)], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function addFigures(report: Report, where: string, measurements: Measurements, count: number): Figure[] {
  const studylineMap = median(measurements.studyline.map((times) => times.mapMs));
  const dcmjsMap = median(measurements.dcmjs.map((times) => times.mapMs));
  const studylineTotal = median(measurements.studyline.map((times) => times.parseMs + times.mapMs));
  const dcmjsTotal = median(measurements.dcmjs.map((times) => times.parseMs + times.mapMs));
  const parse = median([...measurements.studyline, ...measurements.dcmjs].map((times) => times.parseMs));
  const results = `${formatNumber(count, 0)} results`;

  const mapping: Figure = {
    id: 'PF-2',
    name: `${where}, mapping of the parsed JSON, ${results}`,
    subject: { label: 'Studyline', value: studylineMap, unit: 'ms' },
    peer: { label: 'dcmjs naturalizeDataset + same mapping', value: dcmjsMap, unit: 'ms' },
    ratio: dcmjsMap / studylineMap,
    ratioText: 'faster',
    target: { text: `≥ ${DCMJS_TARGET}× dcmjs`, kind: 'at-least', bound: DCMJS_TARGET },
    note: `median of ${measurements.studyline.length} runs; ${formatNumber(measurements.counts.studyline, 0)} and ${formatNumber(measurements.counts.dcmjs, 0)} studies`,
  };
  const total: Figure = {
    id: 'PF-2',
    name: `${where}, JSON.parse + mapping, ${results}`,
    subject: { label: 'Studyline', value: studylineTotal, unit: 'ms' },
    peer: { label: 'JSON.parse alone', value: parse, unit: 'ms' },
    ratio: parse / studylineTotal,
    ratioText: "of JSON.parse's speed",
    target: { text: `≥ ${PARSE_TARGET} of JSON.parse's speed`, kind: 'at-least', bound: PARSE_TARGET },
    note: `dcmjs JSON.parse + naturalizeDataset + mapping ${formatNumber(dcmjsTotal)} ms, ${formatNumber(dcmjsTotal / studylineTotal)}× Studyline's time`,
  };
  report.add(mapping);
  report.add(total);
  return [mapping, total];
}

function missed(figures: readonly Figure[]): boolean {
  return figures.some((figure) => figure.target !== undefined && targetMargin(figure.target, figure.ratio) < 1);
}

/** Profiles JSON.parse and Studyline's mapping in the unminified page. */
async function profileInChromium(page: Page, serverUrl: string, count: number): Promise<ProfileSummary> {
  await page.goto(`${serverUrl}/dicom-json-profile/index.html`);
  await page.waitForFunction(() => window.dicomJsonBench !== undefined);
  await page.evaluate((resultCount) => window.dicomJsonBench.prepareProfile(resultCount), count);
  const run = (): Promise<void> => page.evaluate((iterations) => window.dicomJsonBench.runProfiled(iterations), PROFILE_ITERATIONS).then(() => undefined);
  return profilePage(page, 'pf2-studyline-chromium', run, new SourceLocator(serverUrl, CACHE_DIR));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const report = new Report('PF-2');
  const { nodeScript } = await buildBundles();

  const node = JSON.parse(runNode(nodeScript, ['measure', options.count, options.runs, WARMUP])) as NodeResult;
  report.info(`input: ${formatNumber(options.count, 0)} QIDO-RS study results, ${formatNumber(node.bytes / 1e6, 1)} MB of DICOM JSON`);
  if (node.mismatches > 0) report.info(`WARNING: the two mappings differ for ${node.mismatches} results; first: ${node.firstMismatch}`);
  else report.info('check: both mappings return equal studies for every result');
  if (!node.gcBetweenIterations) report.info('WARNING: Node did not expose gc(); garbage collection falls inside the timings.');
  const nodeFigures = addFigures(report, `Node ${process.version}`, node, options.count);
  report.details.node = node;

  const server = await startStaticServer(CACHE_DIR);
  const browser = await launchChromium(['--js-flags=--expose-gc']);
  const profiles: ProfileSummary[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/dicom-json/index.html`);
    await page.waitForFunction(() => window.dicomJsonBench !== undefined);
    const chromium = await page.evaluate(({ count, runs, warmup }) => window.dicomJsonBench.measure(count, runs, warmup), {
      count: options.count,
      runs: options.runs,
      warmup: WARMUP,
    });
    if (!chromium.gcBetweenIterations) report.info('WARNING: Chromium did not expose gc(); garbage collection falls inside the timings.');
    const chromiumFigures = addFigures(report, `Chromium ${browser.version()}`, chromium, options.count);
    report.details.chromium = chromium;

    if (missed(nodeFigures)) {
      const path = join(RESULTS_DIR, 'pf2-studyline-node.cpuprofile');
      runNode(nodeScript, ['profile', options.count, PROFILE_ITERATIONS, path]);
      const summary = summarizeProfile(JSON.parse(readFileSync(path, 'utf8')), path, new SourceLocator('file://', '/'));
      profiles.push(summary);
      console.log(`PF-2 profile of JSON.parse + Studyline's mapping in Node (${PROFILE_ITERATIONS} × ${formatNumber(options.count, 0)} results):\n${formatProfile(summary)}`);
    }
    if (missed(chromiumFigures)) {
      const summary = await profileInChromium(page, server.url, options.count);
      profiles.push(summary);
      console.log(`PF-2 profile of JSON.parse + Studyline's mapping in Chromium (${PROFILE_ITERATIONS} × ${formatNumber(options.count, 0)} results):\n${formatProfile(summary)}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  report.details.profiles = profiles;
  report.save();
}

main().catch((error: unknown) => {
  console.error(`PF-2 failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
