// Build and dev-server plugins that make the Cornerstone3D DICOM image loader (4.x) work outside webpack.
//
// The loader finds its decode worker and the WebAssembly codecs with `new URL(SPECIFIER, import.meta.url)`:
// `./decodeImageFrameWorker.js` next to its `init.js`, and bare specifiers such as
// `@cornerstonejs/codec-charls/decodewasm` in each decoder. webpack 5 and Vite resolve those through the
// packages' export maps; Rollup and @web/dev-server leave them as they are, so the browser asks for paths
// that do not exist. These plugins resolve each specifier from the module that contains it and point the
// URL at a real file: an emitted asset or chunk in a Rollup build, the file's own path on the dev server.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { basename, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `new URL('literal', import.meta.url)`, with the literal in group 2. */
const URL_PATTERN = /new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/** Modules whose `new URL(...)` calls the plugins rewrite. */
function isImageLoaderModule(path) {
  return /[\\/]node_modules[\\/]@cornerstonejs[\\/]dicom-image-loader[\\/]/.test(path);
}

/** Resolves a specifier from a `new URL(...)` call in `importer` to a file path, as a bundler would. */
export function resolveAssetSpecifier(specifier, importer) {
  if (specifier.startsWith('./') || specifier.startsWith('../')) {
    return fileURLToPath(new URL(specifier, `file://${importer}`));
  }
  return createRequire(importer).resolve(specifier);
}

/**
 * A Rollup plugin that emits the image loader's decode worker as a chunk and its codecs as assets, and
 * rewrites the `new URL(...)` calls to point at them.
 */
export function rollupCornerstoneAssets() {
  return {
    name: 'studyline-cornerstone-assets',
    transform(code, id) {
      if (!isImageLoaderModule(id) || !code.includes('import.meta.url')) return null;
      let changed = false;
      const rewritten = code.replace(URL_PATTERN, (call, _quote, specifier) => {
        const path = resolveAssetSpecifier(specifier, id);
        const reference = path.endsWith('.js')
          ? this.emitFile({ type: 'chunk', id: path, name: basename(path, '.js') })
          : this.emitFile({ type: 'asset', name: basename(path), source: readFileSync(path) });
        changed = true;
        return `new URL(import.meta.ROLLUP_FILE_URL_${reference})`;
      });
      return changed ? { code: rewritten, map: null } : null;
    },
  };
}

/**
 * A @web/dev-server plugin that rewrites the image loader's `new URL(...)` calls to the served path of the
 * file they name. `rootDir` is the dev server's root; every resolved file must lie inside it.
 */
export function devServerCornerstoneAssets(rootDir = process.cwd()) {
  return {
    name: 'studyline-cornerstone-assets',
    transform(context) {
      if (!context.response.is('js') || !isImageLoaderModule(context.path)) return undefined;
      const body = typeof context.body === 'string' ? context.body : undefined;
      if (body === undefined || !body.includes('import.meta.url')) return undefined;
      const importer = `${rootDir}${context.path.split('?')[0]}`;
      return body.replace(URL_PATTERN, (call, _quote, specifier) => {
        if (specifier.startsWith('./') || specifier.startsWith('../')) return call;
        const served = relative(rootDir, resolveAssetSpecifier(specifier, importer)).split(sep).join('/');
        if (served.startsWith('../')) throw new Error(`${specifier} resolves outside the dev server's root ${rootDir}.`);
        return `new URL('/${served}', import.meta.url)`;
      });
    },
  };
}

/**
 * Source of a module that replaces xmlbuilder2. vtk.js imports it for its XML readers and writers, which a
 * stack viewport never uses, and its browser build is a UMD bundle without named ES exports.
 */
export const XMLBUILDER2_STUB = `export function create() {
  throw new Error('xmlbuilder2 is not bundled with Studyline: the vtk.js XML readers and writers are unavailable.');
}
export function fragment() {
  return create();
}
export function convert() {
  return create();
}
`;

/** A @web/dev-server plugin that serves XMLBUILDER2_STUB for every import of xmlbuilder2. */
export function devServerXmlbuilder2Stub() {
  const stubPath = '/__studyline__/xmlbuilder2-stub.js';
  return {
    name: 'studyline-xmlbuilder2-stub',
    resolveImport({ source }) {
      return source === 'xmlbuilder2' ? stubPath : undefined;
    },
    serve(context) {
      return context.path === stubPath ? { body: XMLBUILDER2_STUB, type: 'js' } : undefined;
    },
  };
}

/** A Rollup plugin that bundles XMLBUILDER2_STUB in place of xmlbuilder2. */
export function rollupXmlbuilder2Stub() {
  const stubId = '\0studyline-xmlbuilder2-stub';
  return {
    name: 'studyline-xmlbuilder2-stub',
    resolveId(source) {
      return source === 'xmlbuilder2' ? stubId : null;
    },
    load(id) {
      return id === stubId ? XMLBUILDER2_STUB : null;
    },
  };
}

/**
 * A @web/dev-server plugin that serves self-contained UMD bundles, such as dicom-parser's, as ES modules
 * with named exports.
 *
 * The CommonJS plugin turns such a bundle into a module with only a default export, because its exports
 * cannot be found without running it, so `import * as dicomParser` finds no `parseDicom`. Rollup fills
 * such names in at bundle time; the dev server needs this wrapper, which runs the bundle with a
 * `module.exports` of its own and takes the export names from loading the package once in Node.
 * `require` returns an empty object for the modules in `emptyModules` (dicom-parser asks for zlib, which
 * it never uses in a browser) and throws for any other.
 */
export function devServerUmdModules(packageNames, { emptyModules = [], rootDir = process.cwd() } = {}) {
  const requireFromRoot = createRequire(`${rootDir}/package.json`);
  const wrapperPath = (name) => `/__studyline__/umd/${name}.js`;
  return {
    name: 'studyline-umd-modules',
    resolveImport({ source }) {
      return packageNames.includes(source) ? wrapperPath(source) : undefined;
    },
    serve(context) {
      const name = packageNames.find((candidate) => context.path === wrapperPath(candidate));
      if (name === undefined) return undefined;
      const source = readFileSync(requireFromRoot.resolve(name), 'utf8');
      const names = Object.keys(requireFromRoot(name)).filter((key) => /^[A-Za-z_$][\w$]*$/.test(key) && key !== 'default');
      const body = [
        'const module = { exports: {} };',
        'const exports = module.exports;',
        `const require = (id) => {`,
        `  if (${JSON.stringify(emptyModules)}.includes(id)) return {};`,
        `  throw new Error(\`${name} requires \${id}, which is not available in the browser.\`);`,
        '};',
        '(function () {',
        source,
        '}).call(globalThis);',
        'export default module.exports;',
        ...names.map((key) => `export const ${key} = module.exports.${key};`),
      ].join('\n');
      return { body, type: 'js' };
    },
  };
}
