/**
 * The histories that both timeline pages show: the project's deterministic
 * generator (three sources, 1998 to 2024, 70 % with a time of day), and the
 * same studies as vis-timeline items with one group per source.
 */
import type { Study } from '@studyline/core';
import { SAMPLE_SOURCES, generateHistory } from '../../packages/elements/src/timeline/test-support/generate-history.js';

export const HISTORY_SEED = 6;

/** Returns `count` dated studies, the same for the same count on every run. */
export function benchHistory(count: number): Study[] {
  return generateHistory({ count, seed: HISTORY_SEED }).studies;
}

export interface VisItem {
  id: number;
  group: string;
  start: number;
  content: string;
  title: string;
}

export interface VisGroup {
  id: string;
  content: string;
}

/** Returns one group per source, in the order of Studyline's lanes: the own archive first. */
export function visGroups(): VisGroup[] {
  return SAMPLE_SOURCES.map((source) => ({ id: source.id, content: source.label }));
}

/**
 * Maps studies to vis-timeline items. A study's group is its first source,
 * because Studyline shows a study that several sources hold in the lane of
 * its first source. The label is the first modality, as on Studyline's marks.
 */
export function visItems(studies: readonly Study[]): VisItem[] {
  return studies.map((study, index) => ({
    id: index,
    group: study.sources[0].source.id,
    start: study.timestamp?.epochMs ?? 0,
    content: study.modalities[0] ?? '?',
    title: study.description ?? '',
  }));
}

/** Returns the time range that contains every study, in milliseconds since 1970. */
export function historyExtent(studies: readonly Study[]): [number, number] {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const study of studies) {
    const time = study.timestamp?.epochMs;
    if (time === undefined) continue;
    if (time < first) first = time;
    if (time > last) last = time;
  }
  return [first, last];
}
