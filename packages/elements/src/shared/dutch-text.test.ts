// Every element rendered with lang="nl", in the states that show most of its texts, with a check that no English
// word of the catalogs, the terminology or the month names is left on screen or in an accessible name.
import { expect, fixture, html, nextFrame, oneEvent } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../define.js';
import type { StudylineDownloadButton } from '../download-button/download-button.js';
import type { StudylineImportButton } from '../import-button/import-button.js';
import { STORY_INTERNAL, STORY_STUDY_UID, makeStory, makeStoryAdapters } from '../import-button/test-support/timed-adapter.js';
import type { StudylineModalityFilter } from '../modality-filter/modality-filter.js';
import { filterHistory } from '../modality-filter/test-support/filter-history.js';
import type { StudylinePatientHistory } from '../patient-history/patient-history.js';
import { makeMemoryHistory } from '../patient-history/test-support/memory-history.js';
import type { StudylineStudyList } from '../study-list/study-list.js';
import type { StudylineStudyPreview } from '../study-preview/study-preview.js';
import { SYNTHETIC_EXTERNAL_SOURCE, SyntheticAdapter, syntheticStudy, type SyntheticSeries } from '../study-preview/test-support/synthetic-adapter.js';
import { waitFor } from '../study-preview/test-support/gateway-client.js';
import type { StudylineTimeline } from '../timeline/timeline.js';
import { NOORDWIJK, REGIONAL_XDS, failedOutcome, incompleteOutcome } from '../timeline/test-support/generate-history.js';
import { englishOnlyWords, englishWordsIn } from './test-support/english-words.js';

/** Texts of the test data that the elements show as sent: the synthetic studies' report title, and a server's message. */
const DATA_TEXTS = ['Radiology report', 'Result limited to 2 of 5 matching studies'];

/** Fails with every English word found, each with its text and place, so that one run lists them all. */
function expectDutch(element: Element, state: string): void {
  const found = englishWordsIn(element, DATA_TEXTS).map(({ word, text, where }) => `"${word}" in "${text}" (${where})`);
  expect(found, `${element.localName}, ${state}`).to.deep.equal([]);
}

async function updated(element: Element): Promise<void> {
  for (const part of [element, ...element.shadowRoot!.querySelectorAll('*')]) {
    await (part as Element & { updateComplete?: Promise<unknown> }).updateComplete;
  }
  await nextFrame();
}

describe('Dutch text of every element', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  it('word list has English-only words', () => {
    const words = englishOnlyWords();

    for (const word of ['retry', 'studies', 'loading', 'cancel', 'march', 'chest', 'ultrasound']) expect(words.has(word), word).to.equal(true);
    for (const word of ['status', 'dicom', 'download', 'thorax', 'mri', 'filters', 'series']) expect(words.has(word), word).to.equal(false);
  });

  it('helper finds an English word', async () => {
    const element = await fixture<StudylineTimeline>(html`<studyline-timeline lang="nl"></studyline-timeline>`);
    element.shadowRoot!.append(Object.assign(document.createElement('p'), { textContent: 'Retry the search of CHEST' }));
    element.shadowRoot!.append(Object.assign(document.createElement('p'), { lang: 'en', textContent: 'Server says: loading failed' }));
    element.shadowRoot!.append(Object.assign(document.createElement('p'), { title: 'Opnieuw laden, Zoom out' }));

    expect(englishWordsIn(element).map((found) => found.word)).to.deep.equal(['retry', 'the', 'search', 'zoom', 'out']);
    expect(englishWordsIn(element, ['Retry the search', 'Zoom out']).map((found) => found.word)).to.deep.equal([]);
  });

  it('timeline', async () => {
    const element = await fixture<StudylineTimeline>(html`<studyline-timeline lang="nl" style="width: 900px"></studyline-timeline>`);
    element.studies = filterHistory();
    element.sources = [incompleteOutcome(NOORDWIJK, 'Result limited to 3 of 7'), failedOutcome(REGIONAL_XDS, 'connect ECONNREFUSED')];
    await updated(element);
    element.shadowRoot!.querySelector<HTMLButtonElement>('.mark')!.focus();
    await updated(element);
    expectDutch(element, 'horizontal with banners and a tooltip');

    element.layout = 'vertical';
    element.pendingSources = [NOORDWIJK];
    await updated(element);
    expectDutch(element, 'vertical while a source searches');

    element.studies = [];
    element.sources = [failedOutcome(NOORDWIJK, 'HTTP 500')];
    element.pendingSources = [];
    await updated(element);
    expectDutch(element, 'error');
  });

  it('modality filter', async () => {
    const element = await fixture<StudylineModalityFilter>(html`<studyline-modality-filter lang="nl"></studyline-modality-filter>`);
    element.studies = filterHistory();
    await updated(element);
    expectDutch(element, 'folded');

    element.filter = { modalityGroups: ['ct'], dateRange: { preset: 'custom', from: '2015-01-01' }, sourceIds: ['noordwijk'] };
    await updated(element);
    expect(element.expanded).to.equal(true);
    expectDutch(element, 'open with choices');
  });

  it('study list', async () => {
    const element = await fixture<StudylineStudyList>(html`<studyline-study-list lang="nl" sort-storage-key="" style="width: 900px"></studyline-study-list>`);
    element.studies = filterHistory();
    element.filter = { modalityGroups: ['ct'] };
    await updated(element);
    expectDutch(element, 'table');

    element.layout = 'list';
    await updated(element);
    expectDutch(element, 'list');
  });

  it('study preview', async () => {
    const series: SyntheticSeries[] = [
      { modality: 'CT', description: 'Thorax', bodyPart: 'CHEST', instances: 3 },
      { modality: 'CT', description: 'Buik', bodyPart: 'ABDOMENPELVIS', instances: 2 },
      { modality: 'SR', description: 'Verslag', instances: 1 },
      { modality: 'KO', description: 'Sleutelbeelden', instances: 1 },
    ];
    const study = syntheticStudy({ uid: '31', date: '2023-03-14', description: 'CT thorax', series, source: SYNTHETIC_EXTERNAL_SOURCE });
    const other = syntheticStudy({ uid: '32', date: '2021-03-14', description: 'CT buik', series });
    const adapter = new SyntheticAdapter(
      [
        { study, series },
        { study: other, series },
      ],
      { delayMs: 0, failThumbnails: [2] },
    );
    const element = await fixture<StudylineStudyPreview>(html`<studyline-study-preview lang="nl" style="width: 900px"></studyline-study-preview>`);
    expectDutch(element, 'without a study');

    element.adapter = adapter;
    element.study = study;
    element.studies = [study, other];
    await waitFor(() => element.seriesStatus === 'complete', 'the series list');
    await waitFor(() => element.shadowRoot!.querySelector('.thumbnail.error') !== null, 'the failed thumbnail');
    await updated(element);
    expectDutch(element, 'series with a failed thumbnail');

    element.openSeries(element.series[0].seriesInstanceUid);
    await waitFor(() => element.viewerState.status === 'ready', 'the viewer', 20_000);
    await updated(element);
    expectDutch(element, 'viewer open');
  });

  it('import button', async () => {
    const { study, source, target } = makeStoryAdapters({ count: 6, size: 1024, source: { holdAfterInstances: 2 } });
    const container = await fixture<HTMLDivElement>(html`<div lang="nl"><studyline-import-button></studyline-import-button></div>`);
    const element = container.querySelector('studyline-import-button') as StudylineImportButton;
    element.source = source;
    element.target = target;
    element.study = study;
    await updated(element);
    expectDutch(element, 'idle');

    const finished = element.start();
    await waitFor(() => (element.progress?.instances ?? 0) >= 2, 'two instances');
    await updated(element);
    expectDutch(element, 'importing');

    element.cancel();
    await finished;
    await updated(element);
    expect(element.state).to.equal('failed');
    expectDutch(element, 'cancelled');

    const partial = makeStoryAdapters({ count: 8, size: 1024 });
    partial.source.faults = { retrieveStopAfter: 5, incompleteReason: 'The server sent only part of /studies/x (HTTP 206 Partial Content).' };
    element.source = partial.source;
    element.target = partial.target;
    await updated(element);
    await element.start();
    await updated(element);
    expect(element.state).to.equal('partial');
    (element.shadowRoot!.querySelector('[part~="missing"]') as HTMLDetailsElement).open = true;
    expectDutch(element, 'partial');

    element.study = makeStory([STORY_INTERNAL], `${STORY_STUDY_UID}.2`);
    await updated(element);
    expect(element.state).to.equal('available');
    expectDutch(element, 'available');
  });

  it('download button', async () => {
    const { study, source } = makeStoryAdapters({ count: 6, size: 1024, source: { holdAfterInstances: 2, estimateBytes: 3_400_000 } });
    const element = await fixture<StudylineDownloadButton>(html`<studyline-download-button lang="nl" save-method="blob"></studyline-download-button>`);
    element.source = source;
    element.study = study;
    await updated(element);
    expectDutch(element, 'idle');

    element.showConfirmation();
    await waitFor(() => element.estimate !== undefined, 'the size estimate');
    await updated(element);
    expectDutch(element, 'confirmation');

    const finished = element.start();
    await waitFor(() => (element.progress?.instances ?? 0) >= 2, 'two files');
    await updated(element);
    expectDutch(element, 'downloading');

    element.cancel();
    await finished;
    await updated(element);
    expect(element.state).to.equal('cancelled');
    expectDutch(element, 'cancelled');
  });

  it('patient history with every part', async () => {
    await setViewport({ width: 1280, height: 900 });
    const memory = makeMemoryHistory({ delaysMs: { own: 0, rijnstad: 0, noordzee: 0 }, noordzeeTruncated: true });
    const container = await fixture<HTMLDivElement>(
      html`<div><studyline-patient-history lang="nl" allow-download></studyline-patient-history></div>`,
    );
    const element = container.querySelector('studyline-patient-history') as StudylinePatientHistory;
    element.importTarget = memory.own;
    const loaded = oneEvent(element, 'studyline-load');
    element.adapter = memory.adapter;
    element.patientId = 'P1';
    await loaded;
    element.selectedStudyUid = element.studies.find((study) => study.accessionNumber === 'RZ-2024-08812')!.studyInstanceUid;
    await updated(element);
    const preview = element.shadowRoot!.querySelector('studyline-study-preview') as StudylineStudyPreview;
    await waitFor(() => preview.seriesStatus === 'complete', 'the series list');
    await updated(element);
    expectDutch(element, 'timeline with an external study');

    element.view = 'list';
    await updated(element);
    expectDutch(element, 'list');

    await setViewport({ width: 360, height: 740 });
    await waitFor(() => element.currentLayout === 'narrow', 'the narrow layout');
    await updated(element);
    expectDutch(element, 'narrow');

    // In English the same scan finds the texts of the parts inside: the filter button, the timeline's banner and the preview.
    element.setAttribute('lang', 'en-GB');
    await updated(element);
    const english = englishWordsIn(element).map((found) => found.word);
    for (const word of ['studies', 'retry', 'images']) expect(english, word).to.include(word);
  });
});
