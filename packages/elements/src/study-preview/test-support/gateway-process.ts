/**
 * The sample gateway in a child process, controlled over Node's IPC channel,
 * for the browser tests. The test runner's config is plain JavaScript and
 * cannot load the gateway's TypeScript sources, so it starts this file with
 * `node --conditions=source --import tsx` and sends it commands.
 *
 * Besides the sample history, the own hospital contains the studies in
 * `PREVIEW_TEST_STUDIES`: one with many series, for the tests of lazy
 * thumbnails.
 *
 * Messages from the parent: `{ id, command, payload }`. Replies:
 * `{ id, result }` or `{ id, error }`; commands without a value return
 * `true`, because the test runner reads a null result as an unknown command. The first message to the parent is
 * `{ ready: true, url }`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createSampleGateway,
  ensureSampleData,
  type SourceFaults,
  type StudyPlan,
} from '@studyline/sample-gateway';

/** Accession number of the study with many series. */
const MANY_SERIES_ACCESSION = 'SMC-PREVIEW-MANY';
/** Number of CT series in that study, besides its report. */
const MANY_SERIES_COUNT = 30;

const PREVIEW_TEST_STUDIES: readonly StudyPlan[] = [
  {
    key: 'preview-many-series',
    sources: ['own'],
    institution: 'Studyline Medisch Centrum',
    date: '20240912',
    time: '1000',
    description: 'CT many series (test)',
    accessionNumber: MANY_SERIES_ACCESSION,
    bodyPart: 'CHEST',
    studyId: '9001',
    series: [
      ...Array.from({ length: MANY_SERIES_COUNT }, (_, index) => ({
        template: 'ct' as const,
        modality: 'CT',
        description: `Reconstruction ${index + 1}`,
        instances: 1,
      })),
      { template: 'sr', modality: 'SR', description: 'Report', instances: 1 },
    ],
  },
];

interface CommandMessage {
  id: number;
  command: string;
  payload?: unknown;
}

const send = (message: unknown): void => {
  process.send?.(message);
};

const workDir = await mkdtemp(join(tmpdir(), 'studyline-preview-tests-'));
const storeDir = join(workDir, 'store');
await ensureSampleData({ dataDir: storeDir, studies: PREVIEW_TEST_STUDIES });
const gateway = await createSampleGateway({ port: 0, storeDir });

async function stop(): Promise<void> {
  await gateway.close();
  await rm(workDir, { recursive: true, force: true });
}

function runCommand(command: string, payload: unknown): unknown {
  switch (command) {
    case 'log':
      return gateway.log.entries;
    case 'clear-log':
      gateway.log.clear();
      return true;
    case 'set-faults': {
      const { source, faults } = payload as { source: string; faults: SourceFaults };
      gateway.setFaults(source, faults);
      return true;
    }
    case 'info':
      return { patient: gateway.patient, manySeriesAccession: MANY_SERIES_ACCESSION, manySeriesCount: MANY_SERIES_COUNT };
    default:
      throw new Error(`Unknown gateway command "${command}"; use log, clear-log, set-faults or info.`);
  }
}

process.on('message', (message: CommandMessage) => {
  try {
    send({ id: message.id, result: runCommand(message.command, message.payload) });
  } catch (error) {
    send({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});

// The parent ends the channel when the test run stops, or when it dies.
process.on('disconnect', () => {
  stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error('The sample gateway for the browser tests did not stop cleanly.', error);
      process.exit(1);
    },
  );
});

send({ ready: true, url: gateway.url });
