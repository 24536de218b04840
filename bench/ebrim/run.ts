/**
 * PF-6: 1,000 DocumentEntries of a registry stored query response read into
 * studies by `@studyline/xds` against the browser's bare DOMParser on the
 * same XML, in Chromium.
 *
 * Usage: node --conditions=source --import tsx bench/ebrim/run.ts [--runs 15] [--count 1000]
 */
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { CACHE_DIR, bundlePages } from '../lib/bundle.js';
import { SourceLocator, formatProfile, launchChromium, profilePage } from '../lib/browser.js';
import { Report, formatNumber, median, targetMargin, type Figure } from '../lib/report.js';
import { startStaticServer } from '../lib/static-server.js';

const WARMUP = 3;
const PROFILE_ITERATIONS = 5;
/** Studyline may take at most twice DOMParser's time, that is at least half its speed. */
const TARGET = 0.5;

interface Options {
  runs: number;
  count: number;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { runs: 15, count: 1000 };
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
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>PF-6</title><script type="module" src="page.js"></script></head><body></body></html>\n';

async function openPage(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForFunction(() => window.ebrimBench !== undefined);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const report = new Report('PF-6');
  for (const [folder, minify] of [['ebrim', true], ['ebrim-profile', false]] as const) {
    const outdir = await bundlePages(folder, { page: 'bench/ebrim/page.ts' }, { minify });
    writeFileSync(`${outdir}/index.html`, PAGE_HTML);
  }
  const server = await startStaticServer(CACHE_DIR);
  const browser = await launchChromium(['--js-flags=--expose-gc']);
  try {
    const page = await browser.newPage();
    await openPage(page, `${server.url}/ebrim/index.html`);
    const result = await page.evaluate(({ count, runs, warmup }) => window.ebrimBench.measure(count, runs, warmup), {
      count: options.count,
      runs: options.runs,
      warmup: WARMUP,
    });
    if (!result.gc) report.info('WARNING: Chromium did not expose gc(); garbage collection falls inside the timings.');
    const adapter = median(result.times.adapter);
    const read = median(result.times.read);
    const domParser = median(result.times.domparser);
    const parse = median(result.times.parse);
    const figure: Figure = {
      id: 'PF-6',
      name: `Chromium ${browser.version()}, ${formatNumber(options.count, 0)} DocumentEntries to studies`,
      subject: { label: 'Studyline (as the XDS adapter reads a response)', value: adapter, unit: 'ms' },
      peer: { label: 'DOMParser alone', value: domParser, unit: 'ms' },
      ratio: domParser / adapter,
      ratioText: "of DOMParser's speed",
      target: { text: `at most 2× DOMParser's time (≥ ${TARGET} of its speed)`, kind: 'at-least', bound: TARGET },
      note:
        `median of ${options.runs} runs, ${formatNumber(result.bytes / 1e6, 2)} MB of XML, ${result.studies} studies; ` +
        `parseXml alone ${formatNumber(parse)} ms; parse and read without the fault check ${formatNumber(read)} ms`,
    };
    report.add(figure);
    report.details.result = result;

    if (targetMargin(figure.target!, figure.ratio) < 1) {
      await openPage(page, `${server.url}/ebrim-profile/index.html`);
      await page.evaluate((count) => window.ebrimBench.prepareProfile(count), options.count);
      const summary = await profilePage(
        page,
        'pf6-studyline-chromium',
        () => page.evaluate((iterations) => window.ebrimBench.runProfiled(iterations), PROFILE_ITERATIONS),
        new SourceLocator(server.url, CACHE_DIR),
      );
      report.details.profile = summary;
      console.log(`PF-6 profile of the adapter's reading in Chromium (${PROFILE_ITERATIONS} × ${formatNumber(options.count, 0)} entries, unminified build):\n${formatProfile(summary)}`);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  report.save();
}

main().catch((error: unknown) => {
  console.error(`PF-6 failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
