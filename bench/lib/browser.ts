/**
 * Chromium for the browser benchmarks: the system's Chromium through
 * playwright-core, never a downloaded one, and CPU profiles through the
 * DevTools protocol.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { join, relative } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';
import { REPOSITORY_ROOT } from './bundle.js';
import { RESULTS_DIR, formatNumber } from './report.js';

process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD = '1';

/** Launches the system's Chromium headless with the project's flags and `extraArgs`, or throws with the install command when there is none. */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  const executablePath = findChromium();
  if (executablePath === undefined) {
    throw new Error('Chromium was not found. Install it with "apt-get install chromium" or set CHROMIUM_PATH to its executable.');
  }
  return chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...extraArgs] });
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileEntry {
  /** Function name, file and 1-based line. */
  frame: string;
  selfMs: number;
  totalMs: number;
}

export interface ProfileSummary {
  /** Path of the saved `.cpuprofile`, which Chrome DevTools opens. */
  path: string;
  durationMs: number;
  /** Functions by self time, largest first. */
  bySelf: ProfileEntry[];
  /** Functions by total (inclusive) time, largest first. */
  byTotal: ProfileEntry[];
}

/** Maps positions in served bundles back to source files through the bundles' source maps. */
export class SourceLocator {
  private readonly maps = new Map<string, SourceMap | undefined>();

  /** `servedRoot` is the folder the page's scripts are served from, `baseUrl` its URL. */
  constructor(
    private readonly baseUrl: string,
    private readonly servedRoot: string,
  ) {}

  /** Returns `file:line` in the repository for a 0-based position in a served script, when its map has one. */
  locate(url: string, line: number, column: number): string | undefined {
    if (!url.startsWith(this.baseUrl)) return undefined;
    const file = join(this.servedRoot, new URL(url).pathname);
    if (!this.maps.has(file)) {
      const mapFile = `${file}.map`;
      this.maps.set(file, existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : undefined);
    }
    const entry = this.maps.get(file)?.findEntry(line, column) as { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource === undefined || entry.originalLine === undefined) return undefined;
    const source = relative(REPOSITORY_ROOT, join(file, '..', entry.originalSource));
    return `${source}:${entry.originalLine + 1}`;
  }
}

function frameName(node: ProfileNode, locator?: SourceLocator): string {
  const { functionName, url, lineNumber, columnNumber } = node.callFrame;
  const name = functionName === '' ? '(anonymous)' : functionName;
  if (url === '') return name;
  const located = locator?.locate(url, lineNumber, columnNumber);
  if (located !== undefined) return `${name} ${located}`;
  const file = url.replace(/^.*\/(node_modules\/|bench\/|packages\/)/, '$1');
  return `${name} ${file}:${lineNumber + 1}`;
}

/** Sums a V8 CPU profile's samples into self and total time per function (recursive frames counted once). */
export function summarizeProfile(profile: CpuProfile, path: string, locator?: SourceLocator, top = 15): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's time is the delta to the next sample.
  for (let index = 0; index < samples.length; index++) {
    const delta = deltas[index + 1] ?? 0;
    selfUs.set(samples[index], (selfUs.get(samples[index]) ?? 0) + delta);
  }

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, micros] of selfUs) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const name = frameName(node, locator);
    self.set(name, (self.get(name) ?? 0) + micros);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const ancestor = byId.get(current);
      if (ancestor === undefined) break;
      const ancestorName = frameName(ancestor, locator);
      if (seen.has(ancestorName) || ancestorName === '(root)') continue;
      seen.add(ancestorName);
      total.set(ancestorName, (total.get(ancestorName) ?? 0) + micros);
    }
  }
  const entries = [...self.keys(), ...total.keys()]
    .filter((name, index, names) => names.indexOf(name) === index)
    .map((frame) => ({ frame, selfMs: (self.get(frame) ?? 0) / 1000, totalMs: (total.get(frame) ?? 0) / 1000 }));
  return {
    path,
    durationMs: (profile.endTime - profile.startTime) / 1000,
    bySelf: [...entries].sort((a, b) => b.selfMs - a.selfMs).slice(0, top),
    byTotal: [...entries].sort((a, b) => b.totalMs - a.totalMs).slice(0, top),
  };
}

/** Saves a profile under `bench/results/` and returns its summary. */
export function saveProfile(profile: CpuProfile, name: string, locator?: SourceLocator): ProfileSummary {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.cpuprofile`);
  writeFileSync(path, JSON.stringify(profile));
  return summarizeProfile(profile, path, locator);
}

/** Records a CPU profile of the page's main thread while `action` runs, sampling every 100 µs. */
export async function profilePage(page: Page, name: string, action: () => Promise<void>, locator?: SourceLocator): Promise<ProfileSummary> {
  const session = await page.context().newCDPSession(page);
  await session.send('Profiler.enable');
  await session.send('Profiler.setSamplingInterval', { interval: 100 });
  await session.send('Profiler.start');
  let profile: unknown;
  try {
    await action();
  } finally {
    ({ profile } = await session.send('Profiler.stop'));
    await session.detach();
  }
  return saveProfile(profile as CpuProfile, name, locator);
}

/** Formats a profile summary as indented lines for the console and the benchmark record. */
export function formatProfile(summary: ProfileSummary, lines = 10): string {
  const rows = [`  profile ${summary.path} (${formatNumber(summary.durationMs)} ms sampled)`, '  self time:'];
  for (const entry of summary.bySelf.slice(0, lines)) rows.push(`    ${formatNumber(entry.selfMs).padStart(8)} ms  ${entry.frame}`);
  rows.push('  total time:');
  for (const entry of summary.byTotal.slice(0, lines)) rows.push(`    ${formatNumber(entry.totalMs).padStart(8)} ms  ${entry.frame}`);
  return rows.join('\n');
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  args?: { name?: string };
}

export interface TraceSummary {
  path: string;
  /** Main-thread time in events, by kind of work, in ms. */
  byCategory: Record<string, number>;
  /** Main-thread self time by trace event name, largest first, in ms. */
  byEvent: { name: string; selfMs: number }[];
}

/** Groups Chromium's timeline trace events into the kinds of work that DevTools' Performance panel shows. */
const EVENT_CATEGORIES: Record<string, string> = {
  FunctionCall: 'scripting',
  FireAnimationFrame: 'scripting',
  RunMicrotasks: 'scripting',
  EvaluateScript: 'scripting',
  TimerFire: 'scripting',
  EventDispatch: 'scripting',
  'v8.callFunction': 'scripting',
  'v8.run': 'scripting',
  'V8.Execute': 'scripting',
  UpdateLayoutTree: 'style',
  ParseAuthorStyleSheet: 'style',
  Layout: 'layout',
  UpdateLayerTree: 'layout',
  HitTest: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  Commit: 'paint',
  PaintImage: 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GC_SCAVENGER': 'gc',
  'V8.GC_MARK_COMPACTOR': 'gc',
  BlinkGC: 'gc',
};

/**
 * Records a Chromium timeline trace while `action` runs and sums the
 * renderer main thread's self time per event, so that style, layout and
 * paint show up next to script.
 */
export async function tracePage(browser: Browser, page: Page, name: string, action: () => Promise<void>): Promise<TraceSummary> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'] });
  let buffer: Buffer;
  try {
    await action();
  } finally {
    buffer = await browser.stopTracing();
  }
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name}.trace.json`);
  writeFileSync(path, buffer);
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  return summarizeTrace(events, path);
}

function summarizeTrace(events: readonly TraceEvent[], path: string): TraceSummary {
  const mainThreads = new Set(
    events.filter((event) => event.ph === 'M' && event.name === 'thread_name' && event.args?.name === 'CrRendererMain').map((event) => `${event.pid}:${event.tid}`),
  );
  const complete = events
    .filter((event) => event.ph === 'X' && event.dur !== undefined && mainThreads.has(`${event.pid}:${event.tid}`))
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));

  // Self time: an event's duration less the durations of the events nested directly in it.
  const self = new Map<string, number>();
  const stack: { event: TraceEvent; end: number; childUs: number }[] = [];
  const close = (until: number): void => {
    while (stack.length > 0 && stack[stack.length - 1].end <= until) {
      const done = stack.pop()!;
      self.set(done.event.name, (self.get(done.event.name) ?? 0) + (done.event.dur ?? 0) - done.childUs);
    }
  };
  for (const event of complete) {
    close(event.ts);
    const parent = stack[stack.length - 1];
    if (parent !== undefined) parent.childUs += event.dur ?? 0;
    stack.push({ event, end: event.ts + (event.dur ?? 0), childUs: 0 });
  }
  close(Number.POSITIVE_INFINITY);

  const byCategory: Record<string, number> = {};
  for (const [eventName, micros] of self) {
    const category = EVENT_CATEGORIES[eventName] ?? (eventName.startsWith('V8.GC') ? 'gc' : 'other');
    byCategory[category] = (byCategory[category] ?? 0) + micros / 1000;
  }
  const byEvent = [...self.entries()]
    .map(([eventName, micros]) => ({ name: eventName, selfMs: micros / 1000 }))
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, 15);
  return { path, byCategory, byEvent };
}

/** Formats a trace summary as indented lines. */
export function formatTrace(summary: TraceSummary, lines = 8): string {
  const categories = Object.entries(summary.byCategory)
    .sort((a, b) => b[1] - a[1])
    .map(([category, ms]) => `${category} ${formatNumber(ms)} ms`)
    .join(', ');
  const rows = [`  trace ${summary.path}`, `  main thread by kind: ${categories}`, '  main thread self time by event:'];
  for (const entry of summary.byEvent.slice(0, lines)) rows.push(`    ${formatNumber(entry.selfMs).padStart(8)} ms  ${entry.name}`);
  return rows.join('\n');
}
