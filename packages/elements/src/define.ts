/** Registers every Studyline element under its default `studyline-` tag name. */
import './timeline/define.js';
import './study-preview/define.js';
import './modality-filter/define.js';
import './study-list/define.js';
import './import-button/define.js';
import './download-button/define.js';

// The patient history, which combines the elements above.
import './patient-history/define.js';
