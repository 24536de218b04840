/**
 * The timed work of PF-2, the same in Node and in Chromium: one QIDO-RS
 * response text through `JSON.parse` and then through Studyline's mapping or
 * through dcmjs's `naturalizeDataset` and the same mapping.
 */
import { readDatasetArray, studyFromDicomJson, type SourceInfo, type Study } from '@studyline/core';
import { naturalize, studyFromNaturalized } from './dcmjs-mapping.js';

export const BENCH_SOURCE: SourceInfo = { id: 'pacs', label: 'Own hospital', kind: 'internal' };

export type MethodName = 'studyline' | 'dcmjs';

/** Maps the parsed response as the DICOMweb adapter does: `readDatasetArray`, then `studyFromDicomJson` on each dataset. */
export function mapWithStudyline(json: unknown): Study[] {
  const studies: Study[] = [];
  for (const dataset of readDatasetArray(json).datasets) {
    const study = studyFromDicomJson(dataset, BENCH_SOURCE);
    if (study !== undefined) studies.push(study);
  }
  return studies;
}

/** Maps the parsed response with dcmjs: `naturalizeDataset` on each result, then the same mapping over the naturalized dataset. */
export function mapWithDcmjs(json: unknown): Study[] {
  if (!Array.isArray(json)) throw new TypeError('Expected a JSON array of DICOM datasets.');
  const studies: Study[] = [];
  for (const dataset of json) {
    const study = studyFromNaturalized(naturalize(dataset), BENCH_SOURCE);
    if (study !== undefined) studies.push(study);
  }
  return studies;
}

const MAPPERS: Record<MethodName, (json: unknown) => Study[]> = { studyline: mapWithStudyline, dcmjs: mapWithDcmjs };

export interface IterationTimes {
  /** `JSON.parse` of the whole response text, in ms. */
  parseMs: number;
  /** The mapping of the parsed response to studies, in ms. */
  mapMs: number;
}

export interface Measurements {
  studyline: IterationTimes[];
  dcmjs: IterationTimes[];
  /** Studies each method returned in its last iteration. */
  counts: Record<MethodName, number>;
  gcBetweenIterations: boolean;
}

/**
 * Times `runs` iterations of each method after `warmup` untimed ones,
 * alternating which method goes first. Each iteration parses the text anew,
 * because naturalizeDataset adds accessors to the parsed values it keeps.
 * `collectGarbage`, when given, runs before each iteration, outside the timing.
 */
export function measure(text: string, runs: number, warmup: number, collectGarbage?: () => void): Measurements {
  const result: Measurements = { studyline: [], dcmjs: [], counts: { studyline: 0, dcmjs: 0 }, gcBetweenIterations: collectGarbage !== undefined };
  for (let iteration = 0; iteration < warmup + runs; iteration++) {
    const order: MethodName[] = iteration % 2 === 0 ? ['studyline', 'dcmjs'] : ['dcmjs', 'studyline'];
    for (const method of order) {
      collectGarbage?.();
      const start = performance.now();
      const json: unknown = JSON.parse(text);
      const parsed = performance.now();
      const studies = MAPPERS[method](json);
      const end = performance.now();
      result.counts[method] = studies.length;
      if (iteration >= warmup) result[method].push({ parseMs: parsed - start, mapMs: end - parsed });
    }
  }
  return result;
}
