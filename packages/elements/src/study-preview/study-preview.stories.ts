import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { ref } from 'lit/directives/ref.js';
import type { Study, StudylineAdapter } from '@studyline/core';
import './define.js';
import type { StudylineStudyPreview } from './study-preview.js';
import {
  SYNTHETIC_EXTERNAL_SOURCE,
  SyntheticAdapter,
  syntheticStudy,
  type SyntheticAdapterOptions,
  type SyntheticSeries,
} from './test-support/synthetic-adapter.js';

interface PreviewArgs {
  study?: Study;
  adapter?: StudylineAdapter;
  studies?: Study[];
  singleStudy: boolean;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
  /** Width of the story's container, for example `360px`. */
  width: string;
  /** Opens the first image series once the series list has loaded. */
  openFirstSeries: boolean;
  /** Opens the study's SR series as text once the series list has loaded. */
  openReport: boolean;
}

const CT_SERIES: SyntheticSeries[] = [
  { modality: 'CT', description: 'Thorax met contrast', bodyPart: 'CHEST', instances: 12 },
  { modality: 'CT', description: 'Thorax longvenster', bodyPart: 'CHEST', instances: 12 },
  { modality: 'KO', description: 'Sleutelbeelden', instances: 1 },
  { modality: 'SR', description: 'Verslag', instances: 1 },
];
const ctStudy = syntheticStudy({ uid: '10', date: '2023-11-20', description: 'CT thorax controle', series: CT_SERIES, accessionNumber: 'SMC23-0871' });

const MR_SERIES: SyntheticSeries[] = [
  { modality: 'MR', description: 'PD coronaal', bodyPart: 'SHOULDER', instances: 6 },
  { modality: 'MR', description: 'T1 transversaal', bodyPart: 'SHOULDER', instances: 6 },
];
const mrStudy = syntheticStudy({
  uid: '11',
  date: '2018-12-03',
  description: 'MRI schouder rechts',
  series: MR_SERIES,
  accessionNumber: 'RZ-2018-52977',
  source: SYNTHETIC_EXTERNAL_SOURCE,
});

const MANY_SERIES: SyntheticSeries[] = Array.from({ length: 40 }, (_, index) => ({
  modality: index % 5 === 4 ? 'PR' : 'CT',
  description: `Reconstructie ${index + 1}`,
  bodyPart: 'ABDOMEN',
  instances: 3,
}));
const manySeriesStudy = syntheticStudy({ uid: '12', date: '2024-09-12', description: 'CT abdomen, 40 series', series: MANY_SERIES });

const emptyStudy = syntheticStudy({ uid: '13', date: '2020-01-15', description: 'Onderzoek zonder beelden', series: [] });

function adapterFor(options: SyntheticAdapterOptions = {}): SyntheticAdapter {
  return new SyntheticAdapter(
    [
      { study: ctStudy, series: CT_SERIES },
      { study: mrStudy, series: MR_SERIES },
      { study: manySeriesStudy, series: MANY_SERIES },
      { study: emptyStudy, series: [] },
    ],
    options,
  );
}

/** Opens the first image series when the element has listed the series. */
function openFirstSeries(element: StudylineStudyPreview | null, report = false): void {
  if (element === null || element.viewerState.status !== 'closed' || element.reportState.status !== 'closed') return;
  const started = Date.now();
  const attempt = (): void => {
    const series = element.series.find((candidate) => (report ? candidate.modality === 'SR' : !['SR', 'KO', 'PR'].includes(candidate.modality ?? '')));
    if (element.seriesStatus === 'complete' && series !== undefined) {
      element.openSeries(series.seriesInstanceUid);
      return;
    }
    if (Date.now() - started < 10_000) setTimeout(attempt, 100);
  };
  attempt();
}

const meta = {
  title: 'Elements/Study preview',
  component: 'studyline-study-preview',
  tags: ['autodocs'],
  render: (args): TemplateResult => html`
    <div style="width: ${args.width}; max-width: 100%; padding: 8px; background: ${args.theme === 'dark' ? '#0b0d0f' : 'transparent'}">
      <studyline-study-preview
        .study=${args.study}
        .adapter=${args.adapter}
        .studies=${args.studies}
        ?single-study=${args.singleStudy}
        theme=${args.theme}
        lang=${args.lang}
        @studyline-series-open=${(event: CustomEvent) => console.log('studyline-series-open', event.detail)}
        @studyline-study-select=${(event: CustomEvent) => console.log('studyline-study-select', event.detail)}
        @studyline-report-open=${(event: CustomEvent) => console.log('studyline-report-open', event.detail)}
        ${args.openFirstSeries || args.openReport
          ? ref((element) => openFirstSeries((element as StudylineStudyPreview | undefined) ?? null, args.openReport))
          : nothing}
      ></studyline-study-preview>
    </div>
  `,
  args: {
    study: ctStudy,
    adapter: adapterFor(),
    studies: [ctStudy, mrStudy, manySeriesStudy],
    singleStudy: false,
    theme: 'light',
    lang: 'en-GB',
    width: '100%',
    openFirstSeries: false,
    openReport: false,
  },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'text' },
    width: { control: 'text' },
    study: { control: false },
    adapter: { control: false },
    studies: { control: false },
  },
} satisfies Meta<PreviewArgs>;

export default meta;
type Story = StoryObj<PreviewArgs>;

export const Default: Story = {};

export const ViewerOpen: Story = {
  name: 'Viewer open',
  args: { openFirstSeries: true },
};

export const ReportOpen: Story = {
  name: 'Report open',
  args: { openReport: true },
};

export const ExternalStudy: Story = {
  name: 'External study',
  args: { study: mrStudy },
};

export const ManySeries: Story = {
  name: 'Many series (thumbnails load as they scroll into view)',
  args: { study: manySeriesStudy, width: '480px' },
  render: (args) => html`<div style="height: 420px; overflow: auto">${meta.render(args)}</div>`,
};

export const Loading: Story = {
  args: { adapter: adapterFor({ neverListSeries: true }) },
};

export const SeriesListFailed: Story = {
  name: 'Series list failed',
  args: { adapter: adapterFor({ failSeriesList: 503 }) },
};

export const ThumbnailFailed: Story = {
  name: 'Thumbnail failed',
  args: { adapter: adapterFor({ failThumbnails: [2] }) },
};

export const EmptyStudy: Story = {
  name: 'Study without series',
  args: { study: emptyStudy },
};

export const NoStudy: Story = {
  name: 'No study',
  args: { study: undefined },
};

export const PatientPortal: Story = {
  name: 'Patient portal (single study, 360 px)',
  args: { singleStudy: true, width: '360px', lang: 'nl', openFirstSeries: true },
};

export const DarkDutch: Story = {
  name: 'Dark, Dutch',
  args: { theme: 'dark', lang: 'nl', openFirstSeries: true },
};
