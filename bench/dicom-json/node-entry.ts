/**
 * The Node side of PF-2, bundled by esbuild to `bench/.cache/dicom-json/node.mjs`
 * and run with plain `node --expose-gc`, so that the timed code is the same
 * esbuild output as in the browser bundle. (Under tsx, every nested function
 * would also get a `__name` call from esbuild's keepNames, which costs time.)
 *
 * Usage: node --expose-gc node.mjs measure COUNT RUNS WARMUP
 *        node node.mjs profile COUNT ITERATIONS PROFILE_PATH
 * Prints one JSON object to stdout.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { isDeepStrictEqual } from 'node:util';
import { generateQidoResponse } from './generate.js';
import { mapWithDcmjs, mapWithStudyline, measure } from './methods.js';

/** Returns the number of results for which the two mappings differ, and the first difference. */
function compareMappings(text: string): { mismatches: number; firstMismatch?: string } {
  const own = mapWithStudyline(JSON.parse(text));
  const peer = mapWithDcmjs(JSON.parse(text));
  if (own.length !== peer.length) return { mismatches: Math.abs(own.length - peer.length), firstMismatch: `${own.length} vs ${peer.length} studies` };
  let mismatches = 0;
  let firstMismatch: string | undefined;
  for (let index = 0; index < own.length; index++) {
    if (isDeepStrictEqual(own[index], peer[index])) continue;
    mismatches++;
    firstMismatch ??= `result ${index}: Studyline ${JSON.stringify(own[index])} / dcmjs ${JSON.stringify(peer[index])}`;
  }
  return { mismatches, firstMismatch };
}

/** Records a CPU profile of `iterations` rounds of JSON.parse and Studyline's mapping, as in the timed runs. */
async function profileMapping(text: string, iterations: number, path: string): Promise<void> {
  for (let warmup = 0; warmup < 3; warmup++) mapWithStudyline(JSON.parse(text));
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  for (let iteration = 0; iteration < iterations; iteration++) mapWithStudyline(JSON.parse(text));
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  writeFileSync(path, JSON.stringify(profile));
}

async function main(): Promise<void> {
  const [mode, countText, runsText, extra] = process.argv.slice(2);
  const count = Number(countText);
  const text = generateQidoResponse(count);
  if (mode === 'measure') {
    const gc = (globalThis as { gc?: () => void }).gc;
    const result = { bytes: Buffer.byteLength(text), ...compareMappings(text), ...measure(text, Number(runsText), Number(extra), gc) };
    process.stdout.write(JSON.stringify(result));
  } else if (mode === 'profile') {
    await profileMapping(text, Number(runsText), extra);
    process.stdout.write(JSON.stringify({ path: extra }));
  } else {
    throw new Error(`Unknown mode "${mode}"; use "measure" or "profile".`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
