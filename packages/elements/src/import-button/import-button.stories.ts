import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { ref } from 'lit/directives/ref.js';
import { StudylineError } from '@studyline/core';
import './define.js';
import type { StudylineImportButton } from './import-button.js';
import { STORY_EXTERNAL, STORY_INTERNAL, makeStory, makeStoryAdapters } from './test-support/timed-adapter.js';

/** The state a story shows. Each one runs a real import between in-memory adapters, held or failed on purpose. */
type Scenario = 'idle' | 'importing' | 'indeterminate' | 'waiting' | 'done' | 'partial' | 'failed' | 'available';

interface ImportArgs {
  scenario: Scenario;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
  /** Width of the story's container, for example `360px`. */
  width: string;
}

function background(theme: ImportArgs['theme']): string {
  return theme === 'dark' ? '#0b0d0f' : 'transparent';
}

/** Gives the element adapters for the scenario and starts the import where the scenario needs one. */
function setUp(element: StudylineImportButton, scenario: Scenario): void {
  const { study, source, target } = makeStoryAdapters({ target: { storeDelayMs: 150 } });
  element.source = source;
  element.target = target;
  element.batchSize = 4;
  switch (scenario) {
    case 'importing':
      source.timing = { instanceDelayMs: 60, holdAfterInstances: 10 };
      break;
    case 'indeterminate':
      source.timing = { listDelayMs: Infinity };
      break;
    case 'waiting':
      source.timing = { retryAfterSeconds: 600 };
      break;
    case 'partial':
      source.faults = {
        retrieveStopAfter: 17,
        incompleteReason: 'The server sent only part of /dicomweb/rijnstad/studies/x (HTTP 206 Partial Content).',
      };
      break;
    case 'failed':
      source.faults = {
        listError: new StudylineError('http', 'The server responded with HTTP 500 for /dicomweb/rijnstad/studies/x/instances.', { status: 500 }),
      };
      break;
    default:
      break;
  }
  element.study = scenario === 'available' ? makeStory([STORY_INTERNAL, STORY_EXTERNAL]) : study;
  if (scenario !== 'idle' && scenario !== 'available') void element.updateComplete.then(() => element.start());
}

const prepared = new WeakSet<Element>();

const meta = {
  title: 'Elements/Import button',
  component: 'studyline-import-button',
  tags: ['autodocs'],
  render: (args): TemplateResult => html`
    <div style="width: ${args.width}; max-width: 100%; padding: 8px; background: ${background(args.theme)}">
      ${keyed(
        args.scenario,
        html`<studyline-import-button
        theme=${args.theme}
        lang=${args.lang === '' ? nothing : args.lang}
        ${ref((element) => {
          if (element === undefined || prepared.has(element)) return;
          prepared.add(element);
          setUp(element as StudylineImportButton, args.scenario);
        })}
        @studyline-import-start=${(event: CustomEvent) => console.log('studyline-import-start', event.detail)}
        @studyline-import-complete=${(event: CustomEvent) => console.log('studyline-import-complete', event.detail)}
      ></studyline-import-button>`,
      )}
    </div>
  `,
  args: {
    scenario: 'idle',
    theme: 'light',
    lang: 'en-GB',
    width: '480px',
  },
  argTypes: {
    scenario: { control: 'select', options: ['idle', 'importing', 'indeterminate', 'waiting', 'done', 'partial', 'failed', 'available'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'text' },
    width: { control: 'text' },
  },
} satisfies Meta<ImportArgs>;

export default meta;
type Story = StoryObj<ImportArgs>;

export const Idle: Story = {};

export const Importing: Story = {
  name: 'Importing, total known',
  args: { scenario: 'importing' },
};

export const Indeterminate: Story = {
  name: 'Importing, total unknown',
  args: { scenario: 'indeterminate' },
};

export const Waiting: Story = {
  name: 'Waiting for Retry-After',
  args: { scenario: 'waiting' },
};

export const Done: Story = {
  args: { scenario: 'done' },
};

export const Partial: Story = {
  name: 'Partial, with missing list',
  args: { scenario: 'partial' },
};

export const Failed: Story = {
  args: { scenario: 'failed' },
};

export const AlreadyLocal: Story = {
  name: 'Study already local',
  args: { scenario: 'available' },
};

export const Dutch: Story = {
  args: { scenario: 'partial', lang: 'nl' },
};

export const DutchImporting: Story = {
  name: 'Dutch, importing',
  args: { scenario: 'importing', lang: 'nl' },
};

export const Dark: Story = {
  args: { scenario: 'importing', theme: 'dark' },
};

export const DarkFailed: Story = {
  name: 'Dark, failed',
  args: { scenario: 'failed', theme: 'dark' },
};

export const Phone360: Story = {
  name: '360 px',
  args: { scenario: 'partial', width: '360px' },
};

export const Phone360Waiting: Story = {
  name: '360 px, waiting',
  args: { scenario: 'waiting', width: '360px', lang: 'nl' },
};
