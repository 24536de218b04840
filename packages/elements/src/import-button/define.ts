/**
 * Registers `<studyline-import-button>` unless that name is already taken,
 * for example by another copy of this package on the page.
 */
import { StudylineImportButton } from './import-button.js';

if (!customElements.get('studyline-import-button')) {
  customElements.define('studyline-import-button', StudylineImportButton);
}

declare global {
  interface HTMLElementTagNameMap {
    'studyline-import-button': StudylineImportButton;
  }
}
