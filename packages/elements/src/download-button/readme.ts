/**
 * README.txt of a downloaded zip in the element's language. `downloadStudy`
 * in `@studyline/core` writes an English one by default, for Node scripts.
 */
import type { DownloadSummary } from '@studyline/core';
import type { LocalizeController } from '../shared/localize.js';

/** Writes the README text: what the files are, that a DICOM viewer is needed, and whether the zip is complete. */
export function localizedReadme(localize: LocalizeController, summary: DownloadSummary): string {
  const lines = [
    localize.term('downloadReadmeIntro'),
    '',
    localize.term('downloadReadmeViewer'),
    localize.term('downloadReadmeNoDicomdir'),
    '',
    localize.term('downloadReadmeLayout'),
    '',
    localize.term('downloadReadmeStudy', { uid: summary.studyInstanceUid }),
    localize.term('downloadReadmeCount', { done: localize.formatNumber(summary.instances), count: localize.formatNumber(summary.expected) }),
  ];
  if (summary.missing.length > 0 || summary.problem !== undefined) {
    lines.push('', localize.term('downloadReadmeIncomplete'));
    if (summary.problem !== undefined) lines.push(localize.term('downloadReadmeProblem', { detail: summary.problem }));
    if (summary.missing.length > 0) {
      lines.push('', localize.term('downloadReadmeMissing'));
      for (const instance of summary.missing) lines.push(`${instance.seriesInstanceUid} / ${instance.sopInstanceUid}`);
    }
  }
  // CRLF, so that Notepad on older Windows shows the lines.
  return `${lines.join('\r\n')}\r\n`;
}
