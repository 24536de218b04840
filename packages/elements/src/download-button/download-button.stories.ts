import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html, nothing, type TemplateResult } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { ref } from 'lit/directives/ref.js';
import { StudylineError } from '@studyline/core';
import './define.js';
import type { StudylineDownloadButton } from './download-button.js';
import { makeStoryAdapters } from '../import-button/test-support/timed-adapter.js';

/** The state a story shows. Each one runs a real download from an in-memory adapter, held or failed on purpose. */
type Scenario = 'idle' | 'confirm' | 'size-unknown' | 'downloading' | 'indeterminate' | 'waiting' | 'done' | 'partial' | 'failed' | 'cancelled';

interface DownloadArgs {
  scenario: Scenario;
  theme: 'light' | 'dark' | 'auto';
  lang: string;
  /** Width of the story's container, for example `360px`. */
  width: string;
}

function background(theme: DownloadArgs['theme']): string {
  return theme === 'dark' ? '#0b0d0f' : 'transparent';
}

/**
 * Keeps the stories from saving files: the element hands a finished zip to
 * the browser through a click on an `<a download>`, and this cancels that
 * click. Pressing the buttons by hand works as in a page otherwise.
 */
function preventFileSave(event: MouseEvent): void {
  const target = event.composedPath()[0];
  if (target instanceof HTMLAnchorElement && target.hasAttribute('download')) event.preventDefault();
}

/** Gives the element an adapter for the scenario and runs the download as far as the scenario needs. */
function setUp(element: StudylineDownloadButton, scenario: Scenario): void {
  const { study, source } = makeStoryAdapters({ source: { estimateBytes: 3_600_000, estimateDelayMs: 300 } });
  element.source = source;
  element.study = study;
  switch (scenario) {
    case 'size-unknown':
      source.estimateStudySize = undefined;
      break;
    case 'downloading':
      source.timing = { ...source.timing, instanceDelayMs: 60, holdAfterInstances: 9 };
      break;
    case 'indeterminate':
      source.timing = { ...source.timing, listDelayMs: Infinity };
      break;
    case 'waiting':
      source.timing = { ...source.timing, retryAfterSeconds: 600 };
      break;
    case 'partial':
      source.faults = {
        retrieveStopAfter: 20,
        incompleteReason: 'The server sent only part of /dicomweb/rijnstad/studies/x (HTTP 206 Partial Content).',
      };
      break;
    case 'failed':
      source.faults = {
        listError: new StudylineError('network', 'Could not reach the server for /dicomweb/rijnstad/studies/x/instances. Check the connection and the server address.'),
      };
      break;
    case 'cancelled':
      source.timing = { ...source.timing, holdAfterInstances: 4 };
      break;
    default:
      break;
  }
  if (scenario === 'idle') return;
  void element.updateComplete.then(async () => {
    element.showConfirmation();
    if (scenario === 'confirm' || scenario === 'size-unknown') return;
    const finished = element.start();
    if (scenario === 'cancelled') {
      await new Promise((resolve) => setTimeout(resolve, 300));
      element.cancel();
    }
    await finished;
  });
}

const prepared = new WeakSet<Element>();

const meta = {
  title: 'Elements/Download button',
  component: 'studyline-download-button',
  tags: ['autodocs'],
  render: (args): TemplateResult => html`
    <div style="width: ${args.width}; max-width: 100%; padding: 8px; background: ${background(args.theme)}" @click=${preventFileSave}>
      ${keyed(
        args.scenario,
        html`<studyline-download-button
          save-method="blob"
          theme=${args.theme}
          lang=${args.lang === '' ? nothing : args.lang}
          ${ref((element) => {
            if (element === undefined || prepared.has(element)) return;
            prepared.add(element);
            setUp(element as StudylineDownloadButton, args.scenario);
          })}
          @studyline-download-start=${(event: CustomEvent) => console.log('studyline-download-start', event.detail)}
          @studyline-download-complete=${(event: CustomEvent) => console.log('studyline-download-complete', event.detail)}
        ></studyline-download-button>`,
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
    scenario: {
      control: 'select',
      options: ['idle', 'confirm', 'size-unknown', 'downloading', 'indeterminate', 'waiting', 'done', 'partial', 'failed', 'cancelled'],
    },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    lang: { control: 'text' },
    width: { control: 'text' },
  },
} satisfies Meta<DownloadArgs>;

export default meta;
type Story = StoryObj<DownloadArgs>;

export const Idle: Story = {};

export const Confirm: Story = {
  name: 'Confirm: size and viewer warning',
  args: { scenario: 'confirm' },
};

export const SizeUnknown: Story = {
  name: 'Confirm: size unknown',
  args: { scenario: 'size-unknown' },
};

export const Downloading: Story = {
  name: 'Downloading, total known',
  args: { scenario: 'downloading' },
};

export const Indeterminate: Story = {
  name: 'Downloading, total unknown',
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

export const Cancelled: Story = {
  args: { scenario: 'cancelled' },
};

export const Dutch: Story = {
  args: { scenario: 'confirm', lang: 'nl' },
};

export const DutchPartial: Story = {
  name: 'Dutch, partial',
  args: { scenario: 'partial', lang: 'nl' },
};

export const Dark: Story = {
  args: { scenario: 'confirm', theme: 'dark' },
};

export const DarkDownloading: Story = {
  name: 'Dark, downloading',
  args: { scenario: 'downloading', theme: 'dark' },
};

export const Phone360: Story = {
  name: '360 px',
  args: { scenario: 'confirm', width: '360px' },
};

export const Phone360Partial: Story = {
  name: '360 px, partial',
  args: { scenario: 'partial', width: '360px', lang: 'nl' },
};
