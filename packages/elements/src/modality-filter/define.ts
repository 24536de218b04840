/**
 * Registers `<studyline-modality-filter>` unless that name is already taken,
 * for example by another copy of this package on the page.
 */
import { StudylineModalityFilter } from './modality-filter.js';

if (!customElements.get('studyline-modality-filter')) {
  customElements.define('studyline-modality-filter', StudylineModalityFilter);
}

declare global {
  interface HTMLElementTagNameMap {
    'studyline-modality-filter': StudylineModalityFilter;
  }
}
