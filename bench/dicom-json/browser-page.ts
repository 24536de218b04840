/** The Chromium page of PF-2: the same generator and methods as in Node. */
import { generateQidoResponse } from './generate.js';
import { mapWithStudyline, measure, type Measurements } from './methods.js';

declare global {
  interface Window {
    dicomJsonBench: {
      measure(count: number, runs: number, warmup: number): Measurements & { bytes: number };
      /** Generates the response and warms up Studyline's mapping, for `runProfiled`. */
      prepareProfile(count: number): void;
      /** Parses and maps the response with Studyline `iterations` times; returns the number of studies. */
      runProfiled(iterations: number): number;
    };
    gc?: () => void;
  }
}

let profileText = '';

window.dicomJsonBench = {
  measure(count, runs, warmup) {
    const text = generateQidoResponse(count);
    // window.gc exists when Chromium runs with --js-flags=--expose-gc.
    const collect = typeof window.gc === 'function' ? () => window.gc?.() : undefined;
    return { ...measure(text, runs, warmup, collect), bytes: new TextEncoder().encode(text).length };
  },
  prepareProfile(count) {
    profileText = generateQidoResponse(count);
    for (let warmup = 0; warmup < 3; warmup++) mapWithStudyline(JSON.parse(profileText));
  },
  runProfiled(iterations) {
    let studies = 0;
    for (let iteration = 0; iteration < iterations; iteration++) studies += mapWithStudyline(JSON.parse(profileText)).length;
    return studies;
  },
};
