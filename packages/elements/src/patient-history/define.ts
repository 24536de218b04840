/**
 * Registers `<studyline-patient-history>` unless that name is already taken,
 * for example by another copy of this package on the page. It also registers
 * the elements that it renders by their default tags: the filter, timeline,
 * study list, study preview, and import and download buttons.
 */
import '../modality-filter/define.js';
import '../timeline/define.js';
import '../study-list/define.js';
import '../study-preview/define.js';
import '../import-button/define.js';
import '../download-button/define.js';
import { StudylinePatientHistory } from './patient-history.js';

if (!customElements.get('studyline-patient-history')) {
  customElements.define('studyline-patient-history', StudylinePatientHistory);
}

declare global {
  interface HTMLElementTagNameMap {
    'studyline-patient-history': StudylinePatientHistory;
  }
}
