/**
 * Registers `<studyline-study-preview>` unless that name is already taken,
 * for example by another copy of this package on the page.
 */
import { StudylineStudyPreview } from './study-preview.js';

if (!customElements.get('studyline-study-preview')) {
  customElements.define('studyline-study-preview', StudylineStudyPreview);
}

declare global {
  interface HTMLElementTagNameMap {
    'studyline-study-preview': StudylineStudyPreview;
  }
}
