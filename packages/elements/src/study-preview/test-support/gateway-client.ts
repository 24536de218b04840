/**
 * Browser-side helpers for tests against the sample gateway that the test
 * runner starts (see `gateway-process.ts`): its commands, tokens and adapters.
 */
import { executeServerCommand } from '@web/test-runner-commands';
import type { AuthRequest, Study } from '@studyline/core';
import { DicomWebAdapter } from '@studyline/dicomweb';

/** One request as the gateway logged it. */
export interface GatewayLogEntry {
  method: string;
  path: string;
  status: number;
  authorization: boolean;
  source?: string;
  credentialInUrl: boolean;
  completed: boolean;
}

export interface GatewayInfo {
  patient: { id: string; issuer: string };
  manySeriesAccession: string;
  manySeriesCount: number;
}

/** The gateway's sources, as `/demo/config.json` lists them. */
export const GATEWAY_SOURCES = {
  own: { id: 'own', label: 'Studyline Medisch Centrum', kind: 'internal' },
  rijnstad: { id: 'rijnstad', label: 'Rijnstad Ziekenhuis', kind: 'external' },
  noordzee: { id: 'noordzee', label: 'Noordzee Kliniek', kind: 'external' },
} as const;

export type GatewaySourceKey = keyof typeof GATEWAY_SOURCES;

export function gatewayCommand<T>(action: string, payload?: unknown): Promise<T> {
  return executeServerCommand<T, { action: string; payload?: unknown }>('studyline-gateway', { action, payload });
}

export function gatewayLog(): Promise<GatewayLogEntry[]> {
  return gatewayCommand<GatewayLogEntry[]>('log');
}

export function clearGatewayLog(): Promise<void> {
  return gatewayCommand<void>('clear-log');
}

export function setGatewayFaults(source: GatewaySourceKey, faults: Record<string, unknown>): Promise<void> {
  return gatewayCommand<void>('set-faults', { source, faults });
}

export function gatewayInfo(): Promise<GatewayInfo> {
  return gatewayCommand<GatewayInfo>('info');
}

let token: Promise<string> | undefined;

/** Returns a bearer token from the gateway, fetched once per test file and kept in memory. */
export function gatewayToken(): Promise<string> {
  token ??= fetch('/auth/token', { method: 'POST', headers: { Accept: 'application/json' } })
    .then((response) => response.json() as Promise<{ access_token: string }>)
    .then((body) => body.access_token);
  return token;
}

export interface TestAdapter {
  adapter: DicomWebAdapter;
  /** Every call of the auth hook, in order. */
  authCalls: AuthRequest[];
  /** URL and `priority` of every fetch the adapter sent, in order. */
  fetches: { url: string; priority?: RequestPriority }[];
  /** Number of thumbnail and rendered requests in flight now, and the most seen at once. */
  inFlight: { now: number; max: number };
}

/** Creates a DICOMweb adapter for one gateway source that records its auth hook calls and fetches. */
export function createTestAdapter(key: GatewaySourceKey = 'own'): TestAdapter {
  const authCalls: AuthRequest[] = [];
  const fetches: { url: string; priority?: RequestPriority }[] = [];
  const inFlight = { now: 0, max: 0 };
  const adapter = new DicomWebAdapter({
    baseUrl: `/dicomweb/${key}`,
    source: { ...GATEWAY_SOURCES[key] },
    auth: async (request) => {
      authCalls.push(request);
      return { Authorization: `Bearer ${await gatewayToken()}` };
    },
    fetch: async (input, init) => {
      fetches.push({ url: String(input), priority: init?.priority });
      const image = /\/(rendered|thumbnail)(\?|$)/.test(String(input));
      if (!image) return fetch(input, init);
      inFlight.now++;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      try {
        const response = await fetch(input, init);
        // The request counts as in flight until its body has arrived.
        const body = await response.blob();
        return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
      } finally {
        inFlight.now--;
      }
    },
  });
  return { adapter, authCalls, fetches, inFlight };
}

/** Finds a study of the sample patient by accession number through the adapter. */
export async function findStudy(adapter: DicomWebAdapter, accessionNumber: string): Promise<Study> {
  const { patient } = await gatewayInfo();
  const result = await adapter.searchStudies({ patient: { id: patient.id } });
  const study = result.studies.find((candidate) => candidate.accessionNumber === accessionNumber);
  if (study === undefined) throw new Error(`The sample gateway has no study with accession number ${accessionNumber}.`);
  return study;
}

/** Waits until `condition` returns true, checking every 20 ms, or fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, description: string, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}.`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
