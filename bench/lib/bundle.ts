/** esbuild builds of the benchmark pages and bundles, written to `bench/.cache/`. */
import { build, type BuildOptions } from 'esbuild';

export const CACHE_DIR = new URL('../.cache/', import.meta.url).pathname;
export const REPOSITORY_ROOT = new URL('../../', import.meta.url).pathname;

/**
 * Options shared by every browser bundle: minified ES2022 like the demo
 * build, `@studyline/*` resolved to their TypeScript sources through the
 * `source` export condition, and the repository's tsconfig for Lit's decorators.
 */
export const BROWSER_BUILD: BuildOptions = {
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  conditions: ['source'],
  tsconfig: `${REPOSITORY_ROOT}tsconfig.json`,
  absWorkingDir: REPOSITORY_ROOT,
  logLevel: 'error',
  legalComments: 'none',
};

/** Bundles entry points into a folder under `bench/.cache/`, for the browser unless `options` set another platform. */
export async function bundlePages(folder: string, entryPoints: Record<string, string>, options: BuildOptions = {}): Promise<string> {
  const outdir = `${CACHE_DIR}${folder}`;
  await build({ ...BROWSER_BUILD, entryPoints, outdir, sourcemap: true, ...options });
  return outdir;
}
