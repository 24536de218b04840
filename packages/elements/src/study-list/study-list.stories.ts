import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Study, StudyFilter } from '@studyline/core';
import './define.js';
import type { StudyListLayout } from './study-list.js';
import { filterHistory } from '../modality-filter/test-support/filter-history.js';
import { generateHistory } from '../timeline/test-support/generate-history.js';

interface StudyListArgs {
  studies?: Study[];
  filter?: StudyFilter;
  loading: boolean;
  layout: StudyListLayout;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
  selectedStudyUid?: string;
  /** Width of the story's container, for example `360px`. */
  width: string;
}

function background(theme: StudyListArgs['theme']): string {
  return theme === 'dark' ? '#0b0d0f' : 'transparent';
}

const meta = {
  title: 'Elements/Study list',
  component: 'studyline-study-list',
  tags: ['autodocs'],
  render: (args): TemplateResult => html`
    <div style="width: ${args.width}; max-width: 100%; padding: 8px; background: ${background(args.theme)}">
      <studyline-study-list
        .studies=${args.studies}
        .filter=${args.filter}
        ?loading=${args.loading}
        layout=${args.layout}
        theme=${args.theme}
        lang=${args.lang === '' ? nothing : args.lang}
        selected-study-uid=${ifDefined(args.selectedStudyUid)}
        sort-storage-key="studyline:storybook:study-list:sort"
        @studyline-study-select=${(event: CustomEvent) => console.log('studyline-study-select', event.detail)}
      ></studyline-study-list>
    </div>
  `,
  args: {
    studies: filterHistory(),
    loading: false,
    layout: 'auto',
    theme: 'light',
    lang: 'en-GB',
    width: '100%',
  },
  argTypes: {
    layout: { control: 'inline-radio', options: ['auto', 'table', 'list'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'text' },
    width: { control: 'text' },
    filter: { control: 'object' },
    studies: { control: false },
  },
} satisfies Meta<StudyListArgs>;

export default meta;
type Story = StoryObj<StudyListArgs>;

export const Default: Story = {};

export const Filtered: Story = {
  args: { filter: { modalityGroups: ['ct', 'xray'] } },
};

export const NoMatches: Story = {
  name: 'No matches',
  args: { filter: { search: 'no such study' } },
};

export const Selected: Story = {
  args: { selectedStudyUid: 'f.3' },
};

export const Empty: Story = {
  args: { studies: [] },
};

export const Loading: Story = {
  args: { studies: undefined, loading: true },
};

export const LargeHistory: Story = {
  name: '5,000 studies',
  args: { studies: generateHistory({ count: 5000, seed: 5 }).studies },
};

export const Dutch: Story = {
  args: { lang: 'nl' },
};

export const Dark: Story = {
  args: { theme: 'dark' },
};

export const Phone360: Story = {
  name: '360 px',
  args: { width: '360px' },
};
