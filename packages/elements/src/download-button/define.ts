/**
 * Registers `<studyline-download-button>` unless that name is already taken,
 * for example by another copy of this package on the page.
 */
import { StudylineDownloadButton } from './download-button.js';

if (!customElements.get('studyline-download-button')) {
  customElements.define('studyline-download-button', StudylineDownloadButton);
}

declare global {
  interface HTMLElementTagNameMap {
    'studyline-download-button': StudylineDownloadButton;
  }
}
