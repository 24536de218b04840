/**
 * Merging of the studies that several sources return for one patient.
 */
import { compareTimestampsDescending } from './dicom-datetime.js';
import type { ReportReference, Study, StudySource } from './model.js';
import { normalizeUid } from './uid.js';

function sourceRank(source: StudySource): number {
  return source.source.kind === 'internal' ? 0 : 1;
}

function mergeSources(target: StudySource[], added: readonly StudySource[]): void {
  for (const source of added) {
    if (!target.some((existing) => existing.source.id === source.source.id)) target.push(source);
  }
  // A stable sort keeps the order of arrival among sources of one kind.
  target.sort((a, b) => sourceRank(a) - sourceRank(b));
}

function sameReport(a: ReportReference, b: ReportReference): boolean {
  return a.kind === b.kind && a.url === b.url && a.sopInstanceUid === b.sopInstanceUid && a.title === b.title;
}

function union<T>(target: T[], added: readonly T[], same: (a: T, b: T) => boolean = Object.is): void {
  for (const item of added) {
    if (!target.some((existing) => same(existing, item))) target.push(item);
  }
}

/**
 * Merges a study into another with the same Study Instance UID. Attributes of
 * an internal source win, because the own archive has the authoritative
 * copy; the other source only fills gaps. List attributes are joined.
 */
export function mergeStudy(into: Study, other: Study): Study {
  const intoInternal = into.sources.some((source) => source.source.kind === 'internal');
  const otherInternal = other.sources.some((source) => source.source.kind === 'internal');
  const [primary, secondary] = otherInternal && !intoInternal ? [other, into] : [into, other];

  const merged: Study = {
    ...secondary,
    ...withoutUndefined(primary),
    studyInstanceUid: primary.studyInstanceUid,
    modalities: [...primary.modalities],
    modalitiesKnown: primary.modalitiesKnown || secondary.modalitiesKnown,
    bodyParts: [...primary.bodyParts],
    anatomicRegions: [...primary.anatomicRegions],
    performingPhysicians: [...primary.performingPhysicians],
    sources: [...primary.sources],
    reports: [...primary.reports],
    warnings: [...primary.warnings],
  };
  union(merged.modalities, secondary.modalities);
  union(merged.bodyParts, secondary.bodyParts);
  union(merged.anatomicRegions, secondary.anatomicRegions, (a, b) => a.code === b.code && a.scheme === b.scheme);
  if (merged.performingPhysicians.length === 0) merged.performingPhysicians.push(...secondary.performingPhysicians);
  mergeSources(merged.sources, secondary.sources);
  union(merged.reports, secondary.reports, sameReport);
  union(merged.warnings, secondary.warnings);
  return merged;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  const result: Partial<T> = {};
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] !== undefined) result[key] = value[key];
  }
  return result;
}

/**
 * Merges study lists from several sources: one study per Study Instance UID
 * (after `urn:oid:` normalisation), listing every source that has it.
 * Returns the studies newest first, undated ones last, ties by UID so that
 * the order is stable.
 */
export function mergeStudies(lists: Iterable<readonly Study[]>): Study[] {
  const byUid = new Map<string, Study>();
  for (const list of lists) {
    for (const study of list) {
      const uid = normalizeUid(study.studyInstanceUid);
      const existing = byUid.get(uid);
      const normalised = uid === study.studyInstanceUid ? study : { ...study, studyInstanceUid: uid };
      byUid.set(uid, existing === undefined ? normalised : mergeStudy(existing, normalised));
    }
  }
  return sortStudiesNewestFirst([...byUid.values()]);
}

/** Sorts studies newest first; undated ones last; ties by Study Instance UID. Sorts in place and returns the array. */
export function sortStudiesNewestFirst(studies: Study[]): Study[] {
  return studies.sort(
    (a, b) =>
      compareTimestampsDescending(a.timestamp, b.timestamp) ||
      (a.studyInstanceUid < b.studyInstanceUid ? -1 : a.studyInstanceUid > b.studyInstanceUid ? 1 : 0),
  );
}
