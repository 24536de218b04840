import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { SourceInfo, SourceOutcome, Study, StudylineAdapter } from '@studyline/core';
import './define.js';
import type { LaneMode } from './lanes.js';
import type { TimelineLayout } from './timeline.js';
import {
  NOORDWIJK,
  OWN_ARCHIVE,
  REGIONAL_XDS,
  failedOutcome,
  generateHistory,
  incompleteOutcome,
} from './test-support/generate-history.js';
import { createDelayedAdapter } from './test-support/scripted-adapter.js';

interface TimelineArgs {
  studies?: Study[];
  sources?: SourceOutcome[];
  pendingSources?: SourceInfo[];
  adapter?: StudylineAdapter;
  patientId?: string;
  loading: boolean;
  laneMode: LaneMode;
  layout: TimelineLayout;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
  selectedStudyUid?: string;
  /** Width of the story's container, for example `375px`. */
  width: string;
}

const history = generateHistory({ count: 120, seed: 11, fromYear: 2006, toYear: 2024, undatedCount: 2 });
const largeHistory = generateHistory({ count: 5000, seed: 5 });

function background(theme: TimelineArgs['theme']): string {
  return theme === 'dark' ? '#0b0d0f' : 'transparent';
}

const meta = {
  title: 'Elements/Timeline',
  component: 'studyline-timeline',
  tags: ['autodocs'],
  render: (args): TemplateResult => html`
    <div style="width: ${args.width}; max-width: 100%; padding: 8px; background: ${background(args.theme)}">
      <studyline-timeline
        .studies=${args.studies}
        .sources=${args.sources}
        .pendingSources=${args.pendingSources}
        .adapter=${args.adapter}
        patient-id=${ifDefined(args.patientId)}
        ?loading=${args.loading}
        lane-mode=${args.laneMode}
        layout=${args.layout}
        theme=${args.theme}
        lang=${args.lang === '' ? nothing : args.lang}
        selected-study-uid=${ifDefined(args.selectedStudyUid)}
        @studyline-study-select=${(event: CustomEvent) => console.log('studyline-study-select', event.detail)}
        @studyline-source-retry=${(event: CustomEvent) => console.log('studyline-source-retry', event.detail)}
      ></studyline-timeline>
    </div>
  `,
  args: {
    studies: history.studies,
    sources: history.sources,
    loading: false,
    laneMode: 'source',
    layout: 'auto',
    theme: 'light',
    lang: 'en-GB',
    width: '100%',
  },
  argTypes: {
    laneMode: { control: 'inline-radio', options: ['source', 'modality'] },
    layout: { control: 'inline-radio', options: ['auto', 'horizontal', 'vertical'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'text' },
    width: { control: 'text' },
    studies: { control: false },
    sources: { control: false },
    pendingSources: { control: false },
    adapter: { control: false },
  },
} satisfies Meta<TimelineArgs>;

export default meta;
type Story = StoryObj<TimelineArgs>;

export const Default: Story = {};

export const FiveThousandStudies: Story = {
  name: '5,000 studies',
  args: { studies: largeHistory.studies, sources: largeHistory.sources },
};

export const Empty: Story = {
  args: { studies: [], sources: [{ source: OWN_ARCHIVE, status: { state: 'complete' }, studyCount: 0 }] },
};

export const Loading: Story = {
  args: { studies: undefined, sources: undefined, loading: true },
};

export const LoadingPerSource: Story = {
  name: 'Loading per source',
  args: {
    studies: undefined,
    sources: undefined,
    adapter: createDelayedAdapter(history, { [OWN_ARCHIVE.id]: 600, [NOORDWIJK.id]: 1800, [REGIONAL_XDS.id]: 3500 }),
    patientId: 'DEMO-0001',
  },
};

export const ErrorState: Story = {
  name: 'Error',
  args: {
    studies: [],
    sources: [
      failedOutcome(OWN_ARCHIVE, 'Connection refused.'),
      failedOutcome(NOORDWIJK, 'The server responded with 503 Service Unavailable.'),
      failedOutcome(REGIONAL_XDS, 'Source "Regio XDS" did not answer within 60 seconds.'),
    ],
  },
};

export const IncompleteSource: Story = {
  name: 'Incomplete source',
  args: {
    sources: [
      history.sources[0],
      incompleteOutcome(NOORDWIJK, 'The server returned the first 100 studies only.', history.sources[1].studyCount),
      failedOutcome(REGIONAL_XDS, 'Source "Regio XDS" did not answer within 60 seconds.'),
    ],
  },
};

export const Dutch: Story = {
  args: { lang: 'nl' },
};

export const Dark: Story = {
  args: { theme: 'dark' },
};

export const Phone375: Story = {
  name: '375 px',
  args: { width: '375px' },
};
