/** The Chromium page of PF-6. */
import { generateStoredQueryAnswer } from './generate.js';
import { METHODS, measure, type MethodName } from './methods.js';

declare global {
  interface Window {
    ebrimBench: {
      measure(count: number, runs: number, warmup: number): { times: Record<MethodName, number[]>; bytes: number; studies: number; gc: boolean };
      /** Generates the response and warms up the adapter's reading, for `runProfiled`. */
      prepareProfile(count: number): void;
      /** Reads the response as the adapter does `iterations` times. */
      runProfiled(iterations: number): void;
    };
    gc?: () => void;
  }
}

let profileText = '';

window.ebrimBench = {
  measure(count, runs, warmup) {
    const text = generateStoredQueryAnswer(count);
    const collect = typeof window.gc === 'function' ? () => window.gc?.() : undefined;
    const studies = METHODS.read(text);
    return { times: measure(text, runs, warmup, collect), bytes: new TextEncoder().encode(text).length, studies, gc: collect !== undefined };
  },
  prepareProfile(count) {
    profileText = generateStoredQueryAnswer(count);
    for (let warmup = 0; warmup < 3; warmup++) METHODS.adapter(profileText);
  },
  runProfiled(iterations) {
    for (let iteration = 0; iteration < iterations; iteration++) METHODS.adapter(profileText);
  },
};
