/**
 * DICOMweb adapters for the sample gateway that record every fetch with
 * whether it carried an Authorization header, for the import and download
 * tests. The gateway's commands and token come from the study preview's
 * test support.
 */
import { DicomWebAdapter } from '@studyline/dicomweb';
import type { InstanceInfo, StudyLocator } from '@studyline/core';
import { GATEWAY_SOURCES, gatewayLog, gatewayToken, type GatewaySourceKey } from '../../study-preview/test-support/gateway-client.js';

/** One fetch as the adapter sent it. */
export interface RecordedFetch {
  url: string;
  authorization: boolean;
}

export interface RecordingAdapter {
  adapter: DicomWebAdapter;
  fetches: RecordedFetch[];
}

/** Creates a DICOMweb adapter for one gateway source that records the URL of every fetch and whether it had Authorization. */
export function recordingAdapter(key: GatewaySourceKey): RecordingAdapter {
  const fetches: RecordedFetch[] = [];
  const adapter = new DicomWebAdapter({
    baseUrl: `/dicomweb/${key}`,
    source: { ...GATEWAY_SOURCES[key] },
    auth: async () => ({ Authorization: `Bearer ${await gatewayToken()}` }),
    fetch: (input, init) => {
      fetches.push({ url: String(input), authorization: new Headers(init?.headers).has('Authorization') });
      return fetch(input, init);
    },
  });
  return { adapter, fetches };
}

/** Returns the SOP Instance UIDs that a source's QIDO-RS lists for a study, sorted. */
export async function listedUids(adapter: DicomWebAdapter, study: StudyLocator): Promise<string[]> {
  const instances: InstanceInfo[] = await adapter.listInstances(study);
  return instances.map((instance) => instance.sopInstanceUid).sort();
}

/** Collects the names of the resources the page loaded while it runs, through a PerformanceObserver. */
export class ResourceNames {
  readonly names: string[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.names.push(entry.name);
  });

  constructor() {
    this.observer.observe({ type: 'resource' });
  }

  /** Stops observing and returns the names, after taking the entries still queued. */
  stop(): string[] {
    for (const entry of this.observer.takeRecords()) this.names.push(entry.name);
    this.observer.disconnect();
    return this.names;
  }
}

/**
 * Throws unless every DICOMweb request carried a bearer token in its
 * Authorization header and none carried the token in its URL: in the
 * gateway's log, in the adapters' fetches and in the page's resource timing.
 */
export async function assertNoTokenInUrls(fetches: readonly RecordedFetch[], resourceNames: readonly string[]): Promise<void> {
  const token = await gatewayToken();
  const log = (await gatewayLog()).filter((entry) => entry.path.startsWith('/dicomweb/'));
  if (log.length === 0) throw new Error('The gateway logged no DICOMweb request.');
  for (const entry of log) {
    if (!entry.authorization) throw new Error(`The gateway got ${entry.method} ${entry.path} without Authorization.`);
    if (entry.credentialInUrl || entry.path.includes(token)) throw new Error(`The gateway got a credential in the URL of ${entry.method} ${entry.path}.`);
  }
  if (fetches.length === 0) throw new Error('The adapters sent no fetch.');
  for (const fetch of fetches) {
    if (!fetch.authorization) throw new Error(`The fetch of ${fetch.url} had no Authorization header.`);
    if (fetch.url.includes(token) || /[?&#](access_)?token=/i.test(fetch.url)) throw new Error(`The fetch of ${fetch.url} had a token in its URL.`);
  }
  const dicomweb = resourceNames.filter((name) => name.includes('/dicomweb/'));
  if (dicomweb.length === 0) throw new Error('The page recorded no DICOMweb resource timing.');
  for (const name of resourceNames) {
    if (name.includes(token) || /[?&#](access_)?token=/i.test(name)) throw new Error(`The page loaded ${name}, which has a token in its URL.`);
  }
}
