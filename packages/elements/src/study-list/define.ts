/**
 * Registers `<studyline-study-list>` unless that name is already taken, for
 * example by another copy of this package on the page.
 */
import { StudylineStudyList } from './study-list.js';

if (!customElements.get('studyline-study-list')) {
  customElements.define('studyline-study-list', StudylineStudyList);
}

declare global {
  interface HTMLElementTagNameMap {
    'studyline-study-list': StudylineStudyList;
  }
}
