/**
 * Registers `<studyline-timeline>` unless that name is already taken, for
 * example by another copy of this package on the page.
 */
import { StudylineTimeline } from './timeline.js';

if (!customElements.get('studyline-timeline')) {
  customElements.define('studyline-timeline', StudylineTimeline);
}

declare global {
  interface HTMLElementTagNameMap {
    'studyline-timeline': StudylineTimeline;
  }
}
