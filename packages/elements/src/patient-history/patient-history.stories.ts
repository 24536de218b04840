import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import './define.js';
import type { PatientHistoryView } from './patient-history.js';
import { makeMemoryHistory, memoryHistoryEntries } from './test-support/memory-history.js';

interface PatientHistoryArgs {
  view: PatientHistoryView;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
  /** Width of the story's container, for example `375px`. */
  width: string;
  singleStudy: boolean;
  allowDownload: boolean;
  /** Gives the element the own hospital's adapter as `importTarget`, so that external studies offer an import. */
  withImportTarget: boolean;
  selectedStudyUid?: string;
}

/** The in-memory study that the single-study story shows: a CT of the thorax that Rijnstad also has. */
const PORTAL_STUDY_UID = memoryHistoryEntries().find((entry) => entry.study.accessionNumber === 'SMC23-0207')?.study.studyInstanceUid;

function background(theme: PatientHistoryArgs['theme']): string {
  return theme === 'dark' ? '#0b0d0f' : 'transparent';
}

const log = (event: Event): void => console.log(event.type, (event as CustomEvent).detail);

const meta = {
  title: 'Elements/Patient history',
  component: 'studyline-patient-history',
  tags: ['autodocs'],
  // Each render gets a fresh in-memory history, so that an import in one story does not show in another.
  render: (args): TemplateResult => {
    const memory = makeMemoryHistory({ noordzeeTruncated: true });
    return html`
      <div style="width: ${args.width}; max-width: 100%; background: ${background(args.theme)}">
        <studyline-patient-history
          .adapter=${memory.adapter}
          .importTarget=${args.withImportTarget ? memory.own : undefined}
          patient-id="SL-0001"
          view=${args.view}
          theme=${args.theme}
          lang=${args.lang === '' ? nothing : args.lang}
          selected-study-uid=${ifDefined(args.selectedStudyUid)}
          ?single-study=${args.singleStudy}
          ?allow-download=${args.allowDownload}
          @studyline-load=${log}
          @studyline-study-select=${log}
          @studyline-filter-change=${log}
          @studyline-import-complete=${log}
          @studyline-download-complete=${log}
        >
          <p slot="header" style="margin: 0; font-weight: 600">Jansen, Anna · SL-0001 · 12-04-1968</p>
        </studyline-patient-history>
      </div>
    `;
  },
  args: {
    view: 'timeline',
    theme: 'light',
    lang: 'en-GB',
    width: '100%',
    singleStudy: false,
    allowDownload: true,
    withImportTarget: true,
  },
  argTypes: {
    view: { control: 'inline-radio', options: ['timeline', 'list'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'text' },
    width: { control: 'text' },
    selectedStudyUid: { control: 'text' },
  },
} satisfies Meta<PatientHistoryArgs>;

export default meta;
type Story = StoryObj<PatientHistoryArgs>;

export const Default: Story = {};

export const Dark: Story = {
  args: { theme: 'dark' },
};

export const Dutch: Story = {
  args: { lang: 'nl' },
};

export const Phone: Story = {
  name: '375 px',
  args: { width: '375px' },
};

export const SingleStudy: Story = {
  name: 'Single study (patient portal)',
  args: { singleStudy: true, selectedStudyUid: PORTAL_STUDY_UID, withImportTarget: false, width: '375px', lang: 'nl' },
};

export const ListView: Story = {
  name: 'List view',
  args: { view: 'list' },
};
