/**
 * Import benchmark: one generated study on an "external" Orthanc, imported
 * into an empty "local" Orthanc in three ways in the same run, each in a
 * process of its own:
 *
 * - studyline: `importStudy` (WADO-RS parsed as it arrives, STOW-RS in batches, QIDO verification);
 * - dicomweb-client: `retrieveStudy` then `storeInstances`, the whole study in memory;
 * - raw copy: the WADO-RS body piped unparsed into one STOW-RS request, the limit for any client.
 *
 * Two more rows give context. Studyline imports a smaller study, because its
 * memory must not grow with the study. A plain read drops the WADO-RS body as
 * it arrives, which shows the memory that Node itself needs to receive it.
 * The steps run interleaved, `--runs` times, and the table shows medians.
 * This is a benchmark, not a test.
 *
 * Usage: node --conditions=source --import tsx bench/import/run.ts [--instances 1000] [--instance-kib 512]
 *        [--small-instances 200] [--runs 3] [--batch-size 50] [--max-batch-mib 4] [--concurrent-stores 2]
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DicomWebAdapter } from '@studyline/dicomweb';
import { makeLargeStudy } from '../../packages/dicomweb/src/test-support/dicom-files.js';
import { startOrthanc, type OrthancServer } from '../../packages/dicomweb/src/test-support/orthanc.js';
import type { MethodName, MethodRequest, MethodResult } from './method.js';

interface Options {
  instances: number;
  instanceKib: number;
  smallInstances: number;
  runs: number;
  batchSize: number;
  maxBatchMib: number;
  concurrentStores: number;
}

const DEFAULTS: Options = { instances: 1000, instanceKib: 512, smallInstances: 200, runs: 3, batchSize: 50, maxBatchMib: 4, concurrentStores: 2 };
const FLAGS: Record<string, keyof Options> = {
  '--instances': 'instances',
  '--instance-kib': 'instanceKib',
  '--small-instances': 'smallInstances',
  '--runs': 'runs',
  '--batch-size': 'batchSize',
  '--max-batch-mib': 'maxBatchMib',
  '--concurrent-stores': 'concurrentStores',
};
const MB = 1_000_000;
const MIB = 1024 * 1024;

function parseOptions(argv: readonly string[]): Options {
  const options = { ...DEFAULTS };
  for (let index = 0; index < argv.length; index += 2) {
    const key = FLAGS[argv[index]];
    const value = Number(argv[index + 1]);
    if (key === undefined || !Number.isInteger(value) || value < 1) {
      console.error(`Invalid option: ${argv[index]} ${argv[index + 1] ?? ''}. Options: ${Object.keys(FLAGS).join(', ')}, each with a positive integer.`);
      process.exit(2);
    }
    options[key] = value;
  }
  return options;
}

interface LoadedStudy {
  studyInstanceUid: string;
  instances: number;
  bytes: number;
}

/** Generates a study and stores it on the server with STOW-RS, one batch of files in memory at a time. */
async function loadStudy(orthanc: OrthancServer, instances: number, instanceBytes: number): Promise<LoadedStudy> {
  const study = makeLargeStudy({ instances, instanceBytes, series: Math.max(1, Math.round(instances / 250)) });
  const adapter = new DicomWebAdapter({ baseUrl: orthanc.dicomWebUrl, source: { id: 'loader', label: 'Loader', kind: 'internal' } });
  let bytes = 0;
  function* files() {
    for (const file of study.files()) {
      bytes += file.data.length;
      yield { data: file.data, mediaType: 'application/dicom', sopInstanceUid: file.sopInstanceUid };
    }
  }
  const result = await adapter.storeInstances(files(), { batchSize: 50 });
  if (result.failed.length > 0) throw new Error(`Loading the study failed for ${result.failed.length} instances: ${result.failed[0].message}`);
  return { studyInstanceUid: study.studyInstanceUid, instances, bytes };
}

function runMethod(request: MethodRequest): MethodResult {
  const script = fileURLToPath(new URL('method.ts', import.meta.url));
  const child = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', script, JSON.stringify(request)], {
    encoding: 'utf8',
    maxBuffer: 16 * MIB,
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    throw new Error(`The ${request.method} run failed (exit code ${child.status}):\n${child.stderr.slice(-2000)}`);
  }
  return JSON.parse(line) as MethodResult;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

interface Step {
  label: string;
  method: MethodName;
  study: LoadedStudy;
  /** False for the read that stores nothing. */
  stores: boolean;
  results: MethodResult[];
}

const options = parseOptions(process.argv.slice(2));
const started = Date.now();
const [external, local] = await Promise.all([startOrthanc({ name: 'bench-external' }), startOrthanc({ name: 'bench-local' })]);
try {
  console.log(`Generating ${options.instances} instances of ${options.instanceKib} KiB and a study of ${options.smallInstances} on the external Orthanc …`);
  const big = await loadStudy(external, options.instances, options.instanceKib * 1024);
  const small = await loadStudy(external, options.smallInstances, options.instanceKib * 1024);
  console.log(`Loaded ${(big.bytes / MB).toFixed(0)} MB and ${(small.bytes / MB).toFixed(0)} MB in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  console.log(
    `Studyline settings: maxBatchBytes ${options.maxBatchMib} MiB, batchSize ${options.batchSize}, concurrentStores ${options.concurrentStores}. ` +
      `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.versions.node}.\n`,
  );

  const steps: Step[] = [
    { label: 'raw copy (limit)', method: 'raw-copy', study: big, stores: true, results: [] },
    { label: 'studyline importStudy', method: 'studyline', study: big, stores: true, results: [] },
    { label: 'dicomweb-client 0.11', method: 'dicomweb-client', study: big, stores: true, results: [] },
    { label: `studyline, ${options.smallInstances} instances`, method: 'studyline', study: small, stores: true, results: [] },
    { label: 'read and drop (Node floor)', method: 'read-only', study: big, stores: false, results: [] },
  ];
  for (let run = 1; run <= options.runs; run++) {
    for (const step of steps) {
      await local.clear();
      const result = runMethod({
        method: step.method,
        externalUrl: external.dicomWebUrl,
        localUrl: local.dicomWebUrl,
        studyInstanceUid: step.study.studyInstanceUid,
        batchSize: options.batchSize,
        maxBatchBytes: options.maxBatchMib * MIB,
        concurrentStores: options.concurrentStores,
      });
      const stored = step.stores ? await local.countInstances() : step.study.instances;
      if (result.state !== 'done' || stored !== step.study.instances) {
        throw new Error(`${step.label} did not import the whole study: ${result.state}, ${stored} of ${step.study.instances} instances stored.`);
      }
      step.results.push(result);
      console.log(
        `run ${run}, ${step.label}: ${result.seconds.toFixed(2)} s, peak RSS ${(result.peakRss / MIB).toFixed(0)} MiB ` +
          `(start ${(result.baselineRss / MIB).toFixed(0)} MiB)`,
      );
    }
  }

  const rows = steps.map((step) => {
    const seconds = median(step.results.map((result) => result.seconds));
    return {
      step,
      seconds,
      megabytesPerSecond: step.study.bytes / MB / seconds,
      growthMib: median(step.results.map((result) => (result.peakRss - result.baselineRss) / MIB)),
    };
  });
  const [raw, studyline, client, studylineSmall, floor] = rows;
  console.log(`\nMedians of ${options.runs} run${options.runs === 1 ? '' : 's'} (MB = 10^6 bytes):\n`);
  console.log('| method | study | time (s) | throughput (MB/s) | vs raw copy | peak RSS growth (MiB) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    const ratio = row.step.study === raw.step.study ? `${(row.megabytesPerSecond / raw.megabytesPerSecond).toFixed(2)}×` : '–';
    console.log(
      `| ${row.step.label} | ${(row.step.study.bytes / MB).toFixed(0)} MB | ${row.seconds.toFixed(2)} | ` +
        `${row.megabytesPerSecond.toFixed(1)} | ${ratio} | ${row.growthMib.toFixed(0)} |`,
    );
  }
  console.log(
    `\nStudyline vs dicomweb-client: ${(studyline.megabytesPerSecond / client.megabytesPerSecond).toFixed(2)}× the throughput, ` +
      `${(studyline.growthMib / client.growthMib).toFixed(3)}× the memory growth.`,
  );
  console.log(
    `Targets: throughput ≥ 0.8× the raw copy: ${(studyline.megabytesPerSecond / raw.megabytesPerSecond).toFixed(2)}×. ` +
      `Memory growth ≤ 64 MiB for any study: ${studyline.growthMib.toFixed(0)} MiB (${(big.bytes / MB).toFixed(0)} MB study) and ` +
      `${studylineSmall.growthMib.toFixed(0)} MiB (${(small.bytes / MB).toFixed(0)} MB study), of which reading the body costs Node ` +
      `${floor.growthMib.toFixed(0)} MiB by itself.`,
  );
} finally {
  await Promise.all([external.stop(), local.stop()]);
}
