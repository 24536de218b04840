// Runs the whole test suite: the type check, unit and server tests in Node, component tests in
// Chromium, the end-to-end test of the demo, and the Storybook build.
// `npm test -- types|node|browser|e2e|stories` runs the named parts only.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { requireChromium, requireOrthanc } from './chromium.mjs';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';
process.env.STORYBOOK_DISABLE_TELEMETRY = '1';

const NODE_TEST_ROOTS = ['packages/core/src', 'packages/dicomweb/src', 'packages/xds/src', 'packages/sample-gateway/src'];
const E2E_ROOTS = ['demo/e2e'];

function findTests(roots, pattern) {
  const files = [];
  const walk = (folder) => {
    let entries;
    try {
      entries = readdirSync(folder);
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'node_modules' && entry !== 'dist') walk(path);
      } else if (pattern.test(entry)) {
        files.push(path);
      }
    }
  };
  roots.forEach(walk);
  return files.sort();
}

/** Every part that ran, for the summary at the end. */
const results = [];

/** Runs one part and records whether it passed; a failed part does not stop the parts after it. */
function run(title, command, args, env = {}) {
  console.log(`\n== ${title}: ${command} ${args.length > 6 ? `${args.slice(0, 6).join(' ')} …` : args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const passed = result.status === 0;
  results.push({ title, passed, seconds });
  if (passed) console.log(`== ${title} passed in ${seconds} s`);
  else console.error(`\n${title} failed after ${seconds} s (exit code ${result.status ?? result.signal}).`);
  return passed;
}

const parts = process.argv.slice(2);
const wanted = (part) => parts.length === 0 || parts.includes(part);
const chromium = wanted('browser') || wanted('e2e') ? requireChromium() : undefined;
const nodeTest = ['--conditions=source', '--import', 'tsx', '--test', '--test-reporter=spec'];

if (wanted('types')) {
  run('Type check (sources, tests, stories)', process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.check.json']);
}
if (wanted('node')) {
  requireOrthanc();
  run('Unit and server tests (Node)', process.execPath, [...nodeTest, ...findTests(NODE_TEST_ROOTS, /(?<!\.browser)\.test\.ts$/)]);
}
if (wanted('browser')) {
  run('Component tests (Chromium)', process.execPath, ['node_modules/@web/test-runner/dist/bin.js', '--config', 'web-test-runner.config.mjs'], {
    CHROMIUM_PATH: chromium,
  });
}
if (wanted('e2e')) {
  const built = run('Demo build', process.execPath, ['node_modules/rollup/dist/bin/rollup', '-c'], { STUDYLINE_BUILD: 'demo' });
  if (built) {
    run('End-to-end test (demo in Chromium)', process.execPath, [...nodeTest, ...findTests(E2E_ROOTS, /\.test\.ts$/)], {
      CHROMIUM_PATH: chromium,
    });
  }
}
if (wanted('stories')) {
  run('Storybook build', process.execPath, ['node_modules/storybook/dist/bin/dispatcher.js', 'build', '-c', 'stories', '-o', 'storybook-static', '--quiet']);
}

console.log('\nSummary:');
for (const { title, passed, seconds } of results) console.log(`  ${passed ? 'passed' : 'FAILED'}  ${title} (${seconds} s)`);
const failed = results.filter((result) => !result.passed);
if (failed.length > 0) {
  console.error(`\n${failed.length} of ${results.length} parts failed.`);
  process.exit(1);
}
console.log('\nAll requested tests passed.');
