/**
 * PF-5: min+gzip sizes of each package, of the timeline with the filter, and
 * of the demo page's initial chunk, with a check that Cornerstone is not in
 * the initial chunk.
 *
 * Packages are bundled with esbuild (minified, ES2022, code splitting, so a
 * dynamic `import()` becomes a lazy chunk) twice: with their dependencies
 * and with every npm dependency external. "Initial" is the entry chunk plus
 * the chunks it imports statically. The demo page is built with the
 * project's own rollup config (rollup, esbuild, terser). gzip runs at level
 * 9 on each file separately, and 1 kB is 1,000 bytes.
 *
 * Usage: node --conditions=source --import tsx bench/size/run.ts
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { BROWSER_BUILD, CACHE_DIR, REPOSITORY_ROOT } from '../lib/bundle.js';
import { buildDemo, type DemoChunk } from '../lib/demo-build.js';
import { Report, formatNumber, type Figure } from '../lib/report.js';

const TARGET_KB = 40;
const PACKAGES = ['core', 'dicomweb', 'elements', 'xds'];
const CORNERSTONE = /node_modules\/@cornerstonejs\//;
/** Possible paths of the filter element's define module, below packages/elements/src. */
const FILTER_DEFINES = ['modality-filter/define.ts', 'filter/define.ts', 'study-filter/define.ts'];

interface Sizes {
  /** min+gzip of the entry chunk and its static imports, in bytes. */
  initialGzip: number;
  initialMin: number;
  /** min+gzip of every chunk, lazy ones included. */
  totalGzip: number;
  chunks: number;
  cornerstoneInInitial: boolean;
  /** Minified bytes in the initial chunks by package (npm package or Studyline source folder), largest first. */
  composition: { origin: string; bytes: number }[];
}

function gzipSize(bytes: Uint8Array): number {
  return gzipSync(bytes, { level: 9 }).length;
}

function kB(bytes: number): string {
  return `${formatNumber(bytes / 1000, 1)} kB`;
}

/** Follows the static imports from one output of an esbuild metafile. */
function initialOutputs(metafile: Metafile, entry: string): string[] {
  const seen = new Set<string>();
  const visit = (output: string): void => {
    if (seen.has(output)) return;
    seen.add(output);
    for (const imported of metafile.outputs[output]?.imports ?? []) {
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    }
  };
  visit(entry);
  return [...seen];
}

/** Names the package a bundled input belongs to: `lit-html`, `d3-scale`, `elements/timeline`, `core`. */
function originOf(input: string): string {
  const npm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (npm !== null) return npm[1];
  const own = /packages\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(input);
  if (own !== null) return own[1] === 'elements' && own[2] !== undefined ? `elements/${own[2]}` : own[1];
  return input;
}

function composition(metafile: Metafile, outputs: readonly string[]): { origin: string; bytes: number }[] {
  const bytes = new Map<string, number>();
  for (const output of outputs) {
    for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[output].inputs)) {
      const origin = originOf(input);
      bytes.set(origin, (bytes.get(origin) ?? 0) + bytesInOutput);
    }
  }
  return [...bytes.entries()].map(([origin, size]) => ({ origin, bytes: size })).sort((a, b) => b.bytes - a.bytes);
}

/** Bundles one entry module with esbuild and measures its chunks. */
async function measureEntry(name: string, entryFile: string, external: boolean): Promise<Sizes> {
  const outdir = join(CACHE_DIR, 'size', `${name}${external ? '-external' : ''}`);
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    ...BROWSER_BUILD,
    entryPoints: { entry: entryFile },
    outdir,
    splitting: true,
    metafile: true,
    write: true,
    packages: external ? 'external' : undefined,
    // Cornerstone finds its codecs through new URL(..., import.meta.url); those files are not part of the size.
    loader: { '.wasm': 'file' },
  });
  const metafile = result.metafile;
  // esbuild also sets `entryPoint` on the chunk of each dynamic import, so the entry chunk is found by its source file.
  const entrySource = relative(REPOSITORY_ROOT, entryFile);
  const entryOutput = Object.keys(metafile.outputs).find((output) => metafile.outputs[output].entryPoint === entrySource && output.endsWith('.js'));
  if (entryOutput === undefined) throw new Error(`esbuild produced no entry chunk for ${entryFile}.`);
  const javascript = Object.keys(metafile.outputs).filter((output) => output.endsWith('.js'));
  const initial = initialOutputs(metafile, entryOutput);
  const read = (output: string): Buffer => readFileSync(join(REPOSITORY_ROOT, output));
  return {
    initialGzip: initial.reduce((sum, output) => sum + gzipSize(read(output)), 0),
    initialMin: initial.reduce((sum, output) => sum + read(output).length, 0),
    totalGzip: javascript.reduce((sum, output) => sum + gzipSize(read(output)), 0),
    chunks: javascript.length,
    cornerstoneInInitial: initial.some((output) => Object.keys(metafile.outputs[output].inputs).some((input) => CORNERSTONE.test(input))),
    composition: composition(metafile, initial),
  };
}

/** Lists the `define.ts` modules of the elements package, relative to its src folder. */
function elementDefines(): string[] {
  const root = join(REPOSITORY_ROOT, 'packages/elements/src');
  return readdirSync(root)
    .filter((entry) => statSync(join(root, entry)).isDirectory() && existsSync(join(root, entry, 'define.ts')))
    .map((entry) => `${entry}/define.ts`);
}

function sizeNote(sizes: Sizes): string {
  return `min ${kB(sizes.initialMin)}; with lazy chunks ${kB(sizes.totalGzip)} in ${sizes.chunks} files; Cornerstone in the initial chunk: ${sizes.cornerstoneInInitial ? 'YES' : 'no'}`;
}

/** Sums rollup's rendered module lengths (after tree-shaking, before terser) by package. */
function demoComposition(chunks: readonly (DemoChunk | undefined)[]): { origin: string; bytes: number }[] {
  const bytes = new Map<string, number>();
  for (const chunk of chunks) {
    for (const [id, module] of Object.entries(chunk?.modules ?? {})) {
      const origin = originOf(id);
      bytes.set(origin, (bytes.get(origin) ?? 0) + module.renderedLength);
    }
  }
  return [...bytes.entries()].map(([origin, size]) => ({ origin, bytes: size })).sort((a, b) => b.bytes - a.bytes);
}

/** Formats the largest parts of a bundle for a missed size target. */
function formatComposition(sizes: Sizes, unit: string): string {
  const total = sizes.composition.reduce((sum, part) => sum + part.bytes, 0);
  const rows = sizes.composition
    .slice(0, 12)
    .map((part) => `    ${kB(part.bytes).padStart(9)}  ${formatNumber((100 * part.bytes) / total, 0).padStart(3)} %  ${part.origin}`);
  return [`  largest parts of the initial chunk (${unit}):`, ...rows].join('\n');
}

/** Builds the demo page with the project's rollup config and measures its initial chunk. */
async function measureDemo(): Promise<Sizes & { files: string[] }> {
  const { output } = await buildDemo('size-demo');
  const chunks = new Map(output.filter((item) => item.type === 'chunk').map((chunk) => [chunk.fileName, chunk]));
  const entry = [...chunks.values()].find((chunk) => chunk.isEntry);
  if (entry === undefined) throw new Error('The demo build produced no entry chunk.');
  const initial = new Set<string>();
  const visit = (fileName: string): void => {
    if (initial.has(fileName)) return;
    initial.add(fileName);
    for (const imported of chunks.get(fileName)?.imports ?? []) visit(imported);
  };
  visit(entry.fileName);

  const size = (fileName: string): { min: number; gzip: number } => {
    const code = Buffer.from(chunks.get(fileName)?.code ?? '');
    return { min: code.length, gzip: gzipSize(code) };
  };
  const initialFiles = [...initial];
  return {
    initialGzip: initialFiles.reduce((sum, fileName) => sum + size(fileName).gzip, 0),
    initialMin: initialFiles.reduce((sum, fileName) => sum + size(fileName).min, 0),
    totalGzip: [...chunks.keys()].reduce((sum, fileName) => sum + size(fileName).gzip, 0),
    chunks: chunks.size,
    cornerstoneInInitial: initialFiles.some((fileName) => Object.keys(chunks.get(fileName)?.modules ?? {}).some((id) => CORNERSTONE.test(id))),
    composition: demoComposition(initialFiles.map((fileName) => chunks.get(fileName))),
    files: initialFiles,
  };
}

async function main(): Promise<void> {
  const report = new Report('PF-5');

  for (const name of PACKAGES) {
    const entry = join(REPOSITORY_ROOT, 'packages', name, 'src/index.ts');
    if (!existsSync(entry)) {
      report.info(`@studyline/${name}: not available (no src/index.ts)`);
      continue;
    }
    try {
      const withDependencies = await measureEntry(name, entry, false);
      const withoutDependencies = await measureEntry(name, entry, true);
      report.add({
        id: 'PF-5',
        name: `@studyline/${name} entry, min+gzip`,
        subject: { label: 'with dependencies', value: withDependencies.initialGzip / 1000, unit: 'kB' },
        peer: { label: 'dependencies excluded', value: withoutDependencies.initialGzip / 1000, unit: 'kB' },
        note: sizeNote(withDependencies),
      });
      report.details[name] = { withDependencies, withoutDependencies };
    } catch (error) {
      report.info(`@studyline/${name}: the bundle failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  }

  for (const define of elementDefines()) {
    const sizes = await measureEntry(`elements-${define.split('/')[0]}`, join(REPOSITORY_ROOT, 'packages/elements/src', define), false);
    report.add({
      id: 'PF-5',
      name: `@studyline/elements/${define.replace(/\.ts$/, '.js')} with dependencies, min+gzip`,
      subject: { label: 'initial', value: sizes.initialGzip / 1000, unit: 'kB' },
      note: sizeNote(sizes),
    });
  }

  // The timeline with the filter, as a page that shows both loads them.
  const filter = FILTER_DEFINES.find((path) => existsSync(join(REPOSITORY_ROOT, 'packages/elements/src', path)));
  const combinedEntry = join(CACHE_DIR, 'size', 'timeline-and-filter.ts');
  mkdirSync(join(CACHE_DIR, 'size'), { recursive: true });
  const imports = ['timeline/define.ts', ...(filter === undefined ? [] : [filter])];
  writeFileSync(combinedEntry, imports.map((path) => `import '${relative(join(CACHE_DIR, 'size'), join(REPOSITORY_ROOT, 'packages/elements/src', path))}';`).join('\n'));
  const combined = await measureEntry('timeline-and-filter', combinedEntry, false);
  const combinedFigure: Figure = {
    id: 'PF-5',
    name: `timeline${filter === undefined ? ' (no filter element yet)' : ' + filter'} elements with dependencies, min+gzip`,
    subject: { label: 'initial', value: combined.initialGzip / 1000, unit: 'kB' },
    target: { text: `≤ ${TARGET_KB} kB`, kind: 'at-most', bound: TARGET_KB, checked: combined.initialGzip / 1000 },
    note: sizeNote(combined),
  };
  report.add(combinedFigure);
  report.details.timelineAndFilter = combined;
  if (combined.initialGzip / 1000 > TARGET_KB) console.log(formatComposition(combined, 'minified bytes before gzip, from the esbuild metafile'));

  try {
    const demo = await measureDemo();
    report.add({
      id: 'PF-5',
      name: 'demo page initial chunk (rollup + terser), min+gzip',
      subject: { label: 'initial', value: demo.initialGzip / 1000, unit: 'kB' },
      target: { text: `≤ ${TARGET_KB} kB`, kind: 'at-most', bound: TARGET_KB, checked: demo.initialGzip / 1000 },
      note: `${demo.files.join(', ')}; ${sizeNote(demo)}`,
    });
    report.details.demo = demo;
    if (demo.initialGzip / 1000 > TARGET_KB) console.log(formatComposition(demo, "rollup's rendered bytes before terser and gzip"));
    report.info(`Cornerstone check: ${demo.cornerstoneInInitial ? 'FAILED, Cornerstone is in the demo page\'s initial chunk' : 'passed, Cornerstone is not in the demo page\'s initial chunk'}`);
  } catch (error) {
    report.info(`demo page: the build failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  report.save();
}

main().catch((error: unknown) => {
  console.error(`PF-5 failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
