// Runs Studyline's benchmarks (PF-1 to PF-6) one after another, each in its own Node process, and prints
// one line per figure with its peer, their ratio and the target. `npm run bench -- pf1 pf5` runs the named
// parts only. The benchmarks are not tests: they need a quiet machine for stable figures, and CI does not run them.
// Each part also writes its figures, samples and any profiles to bench/results/ (not committed).
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { findChromium } from '../scripts/chromium.mjs';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

const TSX = ['--conditions=source', '--import', 'tsx'];

/** The parts in the order they run. A part whose script or `requires` file is missing prints its `missing` line instead. */
const PARTS = [
  { id: 'pf1', title: 'PF-1 timeline: Studyline vs vis-timeline in Chromium', script: 'bench/timeline/run.ts' },
  { id: 'pf2', title: 'PF-2 DICOM JSON to studies: Studyline vs dcmjs vs JSON.parse', script: 'bench/dicom-json/run.ts' },
  {
    id: 'pf3',
    title: 'PF-3 import: Studyline vs dicomweb-client vs a raw copy, between two Orthanc servers',
    script: 'bench/import/run.ts',
    missing: 'not available: bench/import/run.ts is not in this tree',
  },
  { id: 'pf4', title: 'PF-4 HTTP requests of the demo page', script: 'bench/requests/run.ts' },
  { id: 'pf5', title: 'PF-5 bundle sizes', script: 'bench/size/run.ts' },
  {
    id: 'pf6',
    title: 'PF-6 ebRIM DocumentEntries to studies vs DOMParser',
    script: 'bench/ebrim/run.ts',
    requires: 'packages/xds/src/index.ts',
    missing: 'not available: packages/xds/src/index.ts or bench/ebrim/run.ts is missing',
  },
];

function chromiumVersion() {
  const path = findChromium();
  if (path === undefined) return 'not found';
  try {
    // The Debian wrapper script also prints a harmless shell warning; keep the version line only.
    const output = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return output.split('\n').find((line) => /chrom/i.test(line))?.trim() ?? output.trim();
  } catch (error) {
    return `unknown (${error.message})`;
  }
}

const wanted = process.argv.slice(2).map((part) => part.toLowerCase());
const unknown = wanted.filter((part) => !PARTS.some(({ id }) => id === part));
if (unknown.length > 0) {
  console.error(`Unknown part ${unknown.join(', ')}. Parts: ${PARTS.map(({ id }) => id).join(', ')}; none means all.`);
  process.exit(2);
}

const started = Date.now();
console.log(`Studyline benchmarks, ${new Date().toISOString()}`);
console.log(
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM; ` +
    `Node ${process.version}; ${chromiumVersion()}`,
);

const failed = [];
for (const part of PARTS) {
  if (wanted.length > 0 && !wanted.includes(part.id)) continue;
  console.log(`\n== ${part.title}`);
  const available = existsSync(part.script) && (part.requires === undefined || existsSync(part.requires));
  if (!available) {
    console.log(`${part.title.split(' ')[0]} ${part.missing}`);
    continue;
  }
  const partStarted = Date.now();
  const result = spawnSync(process.execPath, [...TSX, part.script], { stdio: 'inherit' });
  const seconds = ((Date.now() - partStarted) / 1000).toFixed(0);
  if (result.status !== 0) {
    failed.push(part.id);
    console.log(`== ${part.id} failed after ${seconds} s (exit code ${result.status ?? result.signal})`);
  } else {
    console.log(`== ${part.id} took ${seconds} s`);
  }
}

console.log(`\nAll parts took ${((Date.now() - started) / 1000).toFixed(0)} s.${failed.length > 0 ? ` Failed: ${failed.join(', ')}.` : ''}`);
process.exit(failed.length > 0 ? 1 : 0);
