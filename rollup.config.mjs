// Builds each published package to ESM in its dist/ (one module per source file, dependencies left
// external), and the demo page to demo/dist/ as one minified, code-split bundle.
import { copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { rollupCornerstoneAssets, rollupXmlbuilder2Stub } from './packages/elements/build/cornerstone-assets.mjs';

const TARGET = 'es2022';

/** Lists a package's entry points: its index and every define module. */
function entryPoints(name) {
  const root = `packages/${name}/src`;
  const entries = [join(root, 'index.ts')];
  const walk = (folder) => {
    for (const entry of readdirSync(folder)) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'test-support') walk(path);
      } else if (entry === 'define.ts') {
        entries.push(path);
      }
    }
  };
  walk(root);
  return Object.fromEntries(entries.map((path) => [relative(root, path).replace(/\.ts$/, ''), path]));
}

function library(name) {
  return {
    input: entryPoints(name),
    output: {
      dir: `packages/${name}/dist`,
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: `packages/${name}/src`,
      sourcemap: true,
    },
    // Bare imports (lit, d3, @studyline/*) stay imports; the host's bundler resolves them.
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
    plugins: [esbuild({ target: TARGET, tsconfig: 'tsconfig.json' })],
  };
}

/** Copies the demo's static files next to its bundle. */
function copyDemoStatic() {
  return {
    name: 'copy-demo-static',
    writeBundle() {
      mkdirSync('demo/dist', { recursive: true });
      for (const file of ['index.html', 'demo.css']) copyFileSync(join('demo', file), join('demo/dist', file));
    },
  };
}

// Cornerstone3D, which the study preview loads with import() when a user opens a series, ends up in chunks of
// its own. Its DICOM image loader needs its decode worker and WebAssembly codecs emitted next to them, and
// some of its dependencies are CommonJS.
const demo = {
  input: { main: 'demo/src/main.ts' },
  output: {
    dir: 'demo/dist/assets',
    format: 'es',
    sourcemap: true,
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    assetFileNames: '[name]-[hash][extname]',
  },
  plugins: [
    rollupXmlbuilder2Stub(),
    nodeResolve({ exportConditions: ['source', 'browser'], extensions: ['.ts', '.js', '.mjs'], browser: true }),
    // The Emscripten codecs require fs and path only in Node, so those calls stay as they are and never run.
    commonjs({ include: /node_modules/, ignore: ['fs', 'path'] }),
    rollupCornerstoneAssets(),
    esbuild({ target: TARGET, tsconfig: 'tsconfig.json' }),
    terser({ format: { comments: false } }),
    copyDemoStatic(),
  ],
};

const only = process.env.STUDYLINE_BUILD;
const configs = { core: library('core'), dicomweb: library('dicomweb'), elements: library('elements'), xds: library('xds'), demo };
export default only ? only.split(',').map((name) => configs[name]) : Object.values(configs);
