/**
 * Runs one import method of the benchmark in a process of its own, so that
 * its peak memory is its own, and prints the measurement as one JSON line.
 *
 * Usage (run.ts starts it): node --conditions=source --import tsx bench/import/method.ts '<json>'
 * with { method, externalUrl, localUrl, studyInstanceUid, batchSize?, maxBatchBytes?, concurrentStores? }.
 */
import { importStudy } from '@studyline/core';
import { DicomWebAdapter } from '@studyline/dicomweb';

export type MethodName = 'studyline' | 'dicomweb-client' | 'raw-copy' | 'read-only';

export interface MethodRequest {
  method: MethodName;
  /** DICOMweb base URLs, such as `http://127.0.0.1:8042/dicom-web`. */
  externalUrl: string;
  localUrl: string;
  studyInstanceUid: string;
  batchSize?: number;
  maxBatchBytes?: number;
  concurrentStores?: number;
}

export interface MethodResult {
  method: MethodName;
  seconds: number;
  /** Part 10 bytes moved. */
  bytes: number;
  instances: number;
  /** Resident set size right before the import started, in bytes. */
  baselineRss: number;
  /** Highest resident set size during the import, in bytes. */
  peakRss: number;
  /** `done` or what went wrong. */
  state: string;
}

const request = JSON.parse(process.argv[2] ?? '{}') as MethodRequest;
if (!request.method || !request.externalUrl || !request.localUrl || !request.studyInstanceUid) {
  console.error('Usage: method.ts \'{"method":"studyline","externalUrl":"…","localUrl":"…","studyInstanceUid":"…"}\'');
  process.exit(2);
}

async function runStudyline(): Promise<Pick<MethodResult, 'bytes' | 'instances' | 'state'>> {
  const source = new DicomWebAdapter({ baseUrl: request.externalUrl, source: { id: 'external', label: 'External', kind: 'external' } });
  const target = new DicomWebAdapter({ baseUrl: request.localUrl, source: { id: 'local', label: 'Local', kind: 'internal' } });
  const outcome = await importStudy({
    study: { studyInstanceUid: request.studyInstanceUid, sources: [] },
    source,
    target,
    batchSize: request.batchSize,
    maxBatchBytes: request.maxBatchBytes,
    concurrentStores: request.concurrentStores,
  });
  return { bytes: outcome.bytes, instances: outcome.transferred, state: outcome.state === 'done' ? 'done' : `${outcome.state}: ${outcome.reason}` };
}

async function runDicomwebClient(): Promise<Pick<MethodResult, 'bytes' | 'instances' | 'state'>> {
  const { NodeXMLHttpRequest } = await import('./xhr.js');
  (globalThis as { XMLHttpRequest?: unknown }).XMLHttpRequest = NodeXMLHttpRequest;
  const { api } = (await import('dicomweb-client')) as unknown as {
    api: {
      DICOMwebClient: new (options: { url: string }) => {
        retrieveStudy(options: { studyInstanceUID: string }): Promise<ArrayBuffer[]>;
        storeInstances(options: { datasets: ArrayBuffer[] }): Promise<unknown>;
      };
    };
  };
  const external = new api.DICOMwebClient({ url: request.externalUrl });
  const local = new api.DICOMwebClient({ url: request.localUrl });
  const datasets = await external.retrieveStudy({ studyInstanceUID: request.studyInstanceUid });
  await local.storeInstances({ datasets });
  return { bytes: datasets.reduce((sum, dataset) => sum + dataset.byteLength, 0), instances: datasets.length, state: 'done' };
}

/** Pipes the WADO-RS body into STOW-RS as it arrives, with no parsing and no copy: the limit for any client. */
async function runRawCopy(): Promise<Pick<MethodResult, 'bytes' | 'instances' | 'state'>> {
  const retrieve = await fetch(`${request.externalUrl}/studies/${request.studyInstanceUid}`, {
    headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
  });
  if (!retrieve.ok || retrieve.body === null) return { bytes: 0, instances: 0, state: `retrieve failed: HTTP ${retrieve.status}` };
  let bytes = 0;
  const counted = retrieve.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.length;
        controller.enqueue(chunk);
      },
    }),
  );
  const store = await fetch(`${request.localUrl}/studies`, {
    method: 'POST',
    body: counted,
    duplex: 'half',
    headers: { 'Content-Type': retrieve.headers.get('Content-Type') ?? '', Accept: 'application/dicom+json' },
  } as RequestInit);
  const answer = (await store.json()) as { '00081199'?: { Value?: unknown[] } };
  const instances = answer['00081199']?.Value?.length ?? 0;
  return { bytes, instances, state: store.ok ? 'done' : `store failed: HTTP ${store.status}` };
}

/** Reads the WADO-RS body and drops it, which shows the memory that Node needs to receive the body at all. */
async function runReadOnly(): Promise<Pick<MethodResult, 'bytes' | 'instances' | 'state'>> {
  const retrieve = await fetch(`${request.externalUrl}/studies/${request.studyInstanceUid}`, {
    headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
  });
  if (!retrieve.ok || retrieve.body === null) return { bytes: 0, instances: 0, state: `retrieve failed: HTTP ${retrieve.status}` };
  let bytes = 0;
  const reader = retrieve.body.getReader();
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.length;
  return { bytes, instances: 0, state: 'done' };
}

const methods: Record<MethodName, () => Promise<Pick<MethodResult, 'bytes' | 'instances' | 'state'>>> = {
  studyline: runStudyline,
  'dicomweb-client': runDicomwebClient,
  'raw-copy': runRawCopy,
  'read-only': runReadOnly,
};

// Node loads its fetch implementation on first use: one small request to each server loads it before the baseline.
for (const url of [request.externalUrl, request.localUrl]) await (await fetch(`${url}/studies?limit=1`)).arrayBuffer();
// Let start-up work (module compilation) settle before the baseline is taken.
await new Promise((resolve) => setTimeout(resolve, 200));
const baselineRss = process.memoryUsage.rss();
const maxRssBefore = process.resourceUsage().maxRSS * 1024;
let sampledPeak = baselineRss;
const sampler = setInterval(() => {
  sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
}, 5);

const started = performance.now();
const moved = await methods[request.method]();
const seconds = (performance.now() - started) / 1000;
clearInterval(sampler);
sampledPeak = Math.max(sampledPeak, process.memoryUsage.rss());
const maxRssAfter = process.resourceUsage().maxRSS * 1024;
// maxRSS covers peaks inside long synchronous steps that the sampler cannot see, but only once it passes the start-up peak.
const peakRss = maxRssAfter > maxRssBefore ? Math.max(maxRssAfter, sampledPeak) : sampledPeak;

const result: MethodResult = { method: request.method, seconds, ...moved, baselineRss, peakRss };
console.log(JSON.stringify(result));
