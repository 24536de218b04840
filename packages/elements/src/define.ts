/** Registers every Studyline element under its default `studyline-` tag name. */
import './timeline/define.js';
