/**
 * Picks the adapter that the import and download buttons of
 * `<studyline-patient-history>` work with for one study.
 *
 * Those buttons name one archive: "copy from Rijnstad into the own PACS",
 * "download from Rijnstad". The history's adapter usually combines several
 * sources, so the buttons get the plain adapter of the study's source from
 * `combineSources`' `adapterForSource`.
 */
import type { SourceInfo, Study, StudylineAdapter } from '@studyline/core';

/**
 * Returns the adapter that serves a source: through `adapterForSource`
 * when the adapter combines sources (`combineSources`), else the adapter
 * itself when it lists the source. Returns undefined for a source that the
 * adapter does not serve.
 */
export function adapterForSource(adapter: StudylineAdapter, sourceId: string): StudylineAdapter | undefined {
  if ('adapterForSource' in adapter && typeof adapter.adapterForSource === 'function') {
    return (adapter.adapterForSource as (id: string) => StudylineAdapter | undefined)(sourceId);
  }
  return adapter.sources.some((source) => source.id === sourceId) ? adapter : undefined;
}

function studySources(study: Study): SourceInfo[] {
  const entries = Array.isArray(study.sources) ? study.sources : [];
  return entries.map((entry) => entry?.source).filter((source): source is SourceInfo => typeof source?.id === 'string');
}

/**
 * Returns true when an internal source, or the import target's own source,
 * has the study, so that importing it would copy nothing new. The import
 * button makes the same check for its "already in" note.
 */
export function isHeldLocally(study: Study, importTarget: StudylineAdapter | undefined): boolean {
  const targetIds = new Set((importTarget?.sources ?? []).map((source) => source.id));
  return studySources(study).some((source) => source.kind === 'internal' || targetIds.has(source.id));
}

/**
 * Returns the plain adapter of the first external source that has the
 * study and that the history's adapter serves, as the source of an import,
 * or undefined when no such source exists.
 */
export function importSourceAdapter(study: Study, adapter: StudylineAdapter): StudylineAdapter | undefined {
  for (const source of studySources(study)) {
    if (source.kind !== 'external') continue;
    const sourceAdapter = adapterForSource(adapter, source.id);
    if (sourceAdapter !== undefined) return sourceAdapter;
  }
  return undefined;
}

/**
 * Returns the plain adapter of the first source that has the study
 * (internal sources come first in `Study.sources`), as the source of a
 * download, or the history's adapter itself when none of the study's
 * sources has its own adapter.
 */
export function downloadSourceAdapter(study: Study, adapter: StudylineAdapter): StudylineAdapter {
  for (const source of studySources(study)) {
    const sourceAdapter = adapterForSource(adapter, source.id);
    if (sourceAdapter !== undefined) return sourceAdapter;
  }
  return adapter;
}
