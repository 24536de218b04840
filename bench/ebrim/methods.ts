/**
 * The timed work of PF-6 in Chromium: one stored query response read into
 * studies as the XDS adapter reads it, against the browser's own DOMParser
 * on the same text.
 */
import type { SourceInfo } from '@studyline/core';
import { readFault, readStoredQueryResponse, soapBodyElement, studiesFromEntries } from '@studyline/xds';
import { parseXml } from '../../packages/xds/src/xml.js';

export const XDS_SOURCE: SourceInfo = { id: 'regio-xds', label: 'Regio XDS', kind: 'external', community: 'urn:oid:1.2.3.4' };

export type MethodName = 'domparser' | 'adapter' | 'read' | 'parse';

/** Parses the text with the browser's DOMParser, which builds the whole document before it returns. */
function withDomParser(text: string): number {
  return new DOMParser().parseFromString(text, 'application/xml').documentElement.childElementCount;
}

/** Reads a parsed response into studies: `soapBodyElement`, `readStoredQueryResponse`, `studiesFromEntries`. */
function readDocument(document: Document): number {
  const result = readStoredQueryResponse(soapBodyElement(document, 'benchmark response'), 'benchmark response');
  return studiesFromEntries(result.documents, XDS_SOURCE).studies.length;
}

/** Parses the text with `parseXml` and reads it, without the fault check. */
function readOnce(text: string): number {
  return readDocument(parseXml(text, 'benchmark response'));
}

/**
 * Reads the response as the adapter does: its SOAP client parses the text
 * once and looks for a fault (`checkForFault` in soap.ts, not exported, so
 * its calls are repeated here), and the query reads the same document.
 */
function readAsAdapter(text: string): number {
  const document = parseXml(text, 'benchmark response');
  readFault(document);
  return readDocument(document);
}

/** Parses the text once with `parseXml` (the browser's DOMParser plus the package's checks) and reads nothing. */
function parseOnly(text: string): number {
  return parseXml(text, 'benchmark response').documentElement.childNodes.length;
}

export const METHODS: Record<MethodName, (text: string) => number> = {
  domparser: withDomParser,
  adapter: readAsAdapter,
  read: readOnce,
  parse: parseOnly,
};

/** Times `runs` iterations of every method after `warmup` untimed ones, rotating the order; returns ms per method. */
export function measure(text: string, runs: number, warmup: number, collectGarbage?: () => void): Record<MethodName, number[]> {
  const names = Object.keys(METHODS) as MethodName[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<MethodName, number[]>;
  for (let iteration = 0; iteration < warmup + runs; iteration++) {
    const order = [...names.slice(iteration % names.length), ...names.slice(0, iteration % names.length)];
    for (const name of order) {
      collectGarbage?.();
      const start = performance.now();
      METHODS[name](text);
      const end = performance.now();
      if (iteration >= warmup) times[name].push(end - start);
    }
  }
  return times;
}
