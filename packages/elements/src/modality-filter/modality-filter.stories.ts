import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { createTerminology, type Study, type StudyFilter, type Terminology } from '@studyline/core';
import './define.js';
import '../timeline/define.js';
import '../study-list/define.js';
import type { StudylineFilterChangeEvent } from '../shared/filter-change-event.js';
import type { ModalityFilterLayout } from './modality-filter.js';
import { filterHistory } from './test-support/filter-history.js';
import { generateHistory, makeStudy } from '../timeline/test-support/generate-history.js';

interface FilterArgs {
  studies?: Study[];
  filter: StudyFilter;
  terminology?: Terminology;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
  layout: ModalityFilterLayout;
  /** Opens "More filters" in the compact layout. */
  expanded: boolean;
  /** Width of the story's container, for example `360px`. */
  width: string;
}

function background(theme: FilterArgs['theme']): string {
  return theme === 'dark' ? '#0b0d0f' : 'transparent';
}

const meta = {
  title: 'Elements/Modality filter',
  component: 'studyline-modality-filter',
  tags: ['autodocs'],
  render: (args): TemplateResult => html`
    <div style="width: ${args.width}; max-width: 100%; padding: 8px; background: ${background(args.theme)}">
      <studyline-modality-filter
        .studies=${args.studies}
        .filter=${args.filter}
        .terminology=${args.terminology}
        theme=${args.theme}
        layout=${args.layout}
        ?expanded=${args.expanded}
        lang=${args.lang === '' ? nothing : args.lang}
        @studyline-filter-change=${(event: StudylineFilterChangeEvent) => console.log('studyline-filter-change', event.detail.filter)}
      ></studyline-modality-filter>
    </div>
  `,
  args: {
    studies: filterHistory(),
    filter: {},
    theme: 'light',
    lang: 'en-GB',
    layout: 'compact',
    expanded: false,
    width: '760px',
  },
  argTypes: {
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    layout: { control: 'inline-radio', options: ['compact', 'full'] },
    expanded: { control: 'boolean' },
    lang: { control: 'text' },
    width: { control: 'text' },
    filter: { control: 'object' },
    studies: { control: false },
    terminology: { control: false },
  },
} satisfies Meta<FilterArgs>;

export default meta;
type Story = StoryObj<FilterArgs>;

export const Default: Story = {};

export const MoreFiltersOpen: Story = {
  name: 'More filters open',
  args: { expanded: true },
};

/** Every facet at once, as the patient history shows the filter on a phone once its Filter button is pressed. */
export const FullLayout: Story = {
  name: 'Full layout',
  args: { layout: 'full' },
};

/** A radiologist's wide screen: search and modality share a row, so the timeline below starts high on the page. */
export const Wide: Story = {
  name: '1,400 px',
  args: { width: '1400px', filter: { modalityGroups: ['ct'] } },
};

/** A choice behind "More filters" opens it, and its button counts the active facets. */
export const WithChoices: Story = {
  name: 'With choices',
  args: { filter: { modalityGroups: ['ct', 'mr'], sourceIds: ['rijnstad'], dateRange: { preset: 'last-5-years' } } },
};

export const CustomDateRange: Story = {
  name: 'Custom date range',
  args: { filter: { dateRange: { preset: 'custom', from: '2015-01-01', to: '2020-12-31' } } },
};

export const Search: Story = {
  args: { filter: { search: 'knie' } },
};

export const UnknownAndLocalCodes: Story = {
  name: 'Unknown and local codes',
  args: {
    studies: [
      makeStudy({ uid: 'u.1', date: '2020-01-01', modalities: ['ZZ'], description: 'Local code' }),
      makeStudy({ uid: 'u.2', date: '2021-01-01', modalities: ['MRT'], description: 'German synonym of MR' }),
      makeStudy({ uid: 'u.3', date: '2022-01-01', modalities: ['ST'], description: 'Retired SPECT code' }),
      makeStudy({ uid: 'u.4', date: '2023-01-01', modalities: [], description: 'No modalities sent' }),
    ],
  },
};

export const InstitutionTerminology: Story = {
  name: 'Institution terminology',
  args: {
    terminology: createTerminology({
      modalityGroups: { xray: { names: { en: 'Radiography', nl: 'Röntgenfoto' } } },
      modalities: { RF: { group: 'xray' } },
    }),
  },
};

export const Empty: Story = {
  args: { studies: [] },
};

export const LargeHistory: Story = {
  name: '5,000 studies',
  args: { studies: generateHistory({ count: 5000, seed: 5, undatedCount: 20 }).studies },
};

export const Dutch: Story = {
  args: { lang: 'nl' },
};

export const Dark: Story = {
  args: { theme: 'dark' },
};

export const Phone360: Story = {
  name: '360 px',
  args: { width: '360px', filter: { dateRange: { preset: 'custom' } } },
};

/** The filter wired to a timeline and a study list, as a host page does it. */
export const WithTimelineAndList: Story = {
  name: 'With timeline and list',
  render: (args): TemplateResult => {
    const onChange = (event: StudylineFilterChangeEvent): void => {
      const host = (event.currentTarget as HTMLElement).parentElement!;
      for (const target of host.querySelectorAll<HTMLElement & { filter: StudyFilter }>('studyline-timeline, studyline-study-list')) {
        target.filter = event.detail.filter;
      }
    };
    return html`
      <div style="width: ${args.width}; max-width: 100%; padding: 8px; background: ${background(args.theme)}">
        <studyline-modality-filter
          .studies=${args.studies}
          theme=${args.theme}
          lang=${args.lang === '' ? nothing : args.lang}
          @studyline-filter-change=${onChange}
        ></studyline-modality-filter>
        <studyline-timeline .studies=${args.studies} theme=${args.theme} lang=${args.lang === '' ? nothing : args.lang}></studyline-timeline>
        <studyline-study-list
          .studies=${args.studies}
          theme=${args.theme}
          lang=${args.lang === '' ? nothing : args.lang}
          sort-storage-key=""
        ></studyline-study-list>
      </div>
    `;
  },
  args: { width: '100%' },
};
