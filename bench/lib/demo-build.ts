/**
 * Builds the demo page with the project's own rollup config into a folder of
 * `bench/.cache/`, so that the benchmarks measure what `npm run build:demo`
 * ships without touching `demo/dist/`.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CACHE_DIR, REPOSITORY_ROOT } from './bundle.js';

/** The parts of a rollup output chunk that the benchmarks read. */
export interface DemoChunk {
  type: 'chunk' | 'asset';
  fileName: string;
  isEntry?: boolean;
  imports?: string[];
  modules?: Record<string, { renderedLength: number }>;
  code?: string;
}

interface RollupConfig {
  input: unknown;
  output: Record<string, unknown>;
  plugins: ({ name?: string } | false | null | undefined)[];
}

/** The static files that rollup.config.mjs copies next to the bundle. */
const STATIC_FILES = ['index.html', 'demo.css'];

/**
 * Builds the demo into `bench/.cache/<folder>/` (page files at its root,
 * scripts in `assets/`) and returns rollup's output. Throws rollup's error when the build fails.
 */
export async function buildDemo(folder: string): Promise<{ dir: string; output: DemoChunk[] }> {
  const previous = process.env.STUDYLINE_BUILD;
  process.env.STUDYLINE_BUILD = 'demo';
  let configs: RollupConfig[];
  try {
    // The config reads STUDYLINE_BUILD once, when it is first imported.
    configs = ((await import(pathToFileURL(join(REPOSITORY_ROOT, 'rollup.config.mjs')).href)) as { default: RollupConfig[] }).default;
  } finally {
    if (previous === undefined) delete process.env.STUDYLINE_BUILD;
    else process.env.STUDYLINE_BUILD = previous;
  }
  const config = configs[0];
  const dir = join(CACHE_DIR, folder);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });

  const { rollup } = await import('rollup');
  // The config's own copy step writes to demo/dist; the files are copied here instead.
  const plugins = config.plugins.filter((plugin) => !(plugin && plugin.name === 'copy-demo-static'));
  const bundle = await rollup({ ...config, plugins, onwarn: () => undefined } as Parameters<typeof rollup>[0]);
  try {
    const { output } = await bundle.write({ ...config.output, dir: join(dir, 'assets'), sourcemap: false } as Parameters<typeof bundle.write>[0]);
    for (const file of STATIC_FILES) copyFileSync(join(REPOSITORY_ROOT, 'demo', file), join(dir, file));
    return { dir, output: output as unknown as DemoChunk[] };
  } finally {
    await bundle.close();
  }
}
