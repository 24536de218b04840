/**
 * The demo page: one sample patient's imaging history from several DICOMweb
 * sources behind the sample gateway, on one timeline.
 *
 * The access token lives in memory only and goes out in the Authorization
 * header of every request, never in a URL.
 */
import { combineSources, formatPersonName, type Study, type StudylineAdapter } from '@studyline/core';
import { DicomWebAdapter } from '@studyline/dicomweb';
import '@studyline/elements/define.js';
import type { StudylineTimeline } from '@studyline/elements';
import { demoText, type DemoLanguage } from './text.js';

interface DemoSource {
  id: string;
  label: string;
  kind: 'internal' | 'external';
  institution?: string;
  baseUrl: string;
}

interface DemoConfig {
  patient: { id: string; issuer?: string };
  sources: DemoSource[];
}

let accessToken: Promise<string> | undefined;

async function requestToken(): Promise<string> {
  const response = await fetch('/auth/token', { method: 'POST', headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`The sample gateway did not issue a token (HTTP ${response.status}).`);
  const body = (await response.json()) as { access_token?: unknown };
  if (typeof body.access_token !== 'string') throw new Error('The sample gateway answered without an access token.');
  return body.access_token;
}

/** Returns the current token, or a new one when `refresh` is set after a 401. */
function currentToken(refresh: boolean): Promise<string> {
  if (refresh || accessToken === undefined) {
    accessToken = requestToken();
    // A failed token request is retried on the next call instead of being cached.
    accessToken.catch(() => {
      accessToken = undefined;
    });
  }
  return accessToken;
}

async function loadConfig(): Promise<DemoConfig> {
  const response = await fetch('/demo/config.json', {
    headers: { Accept: 'application/json', Authorization: `Bearer ${await currentToken(false)}` },
  });
  if (!response.ok) throw new Error(`The demo configuration could not be loaded (HTTP ${response.status}).`);
  return (await response.json()) as DemoConfig;
}

function createAdapter(config: DemoConfig): StudylineAdapter {
  const adapters = config.sources.map(
    (source) =>
      new DicomWebAdapter({
        baseUrl: source.baseUrl,
        source: { id: source.id, label: source.label, kind: source.kind, institution: source.institution },
        auth: async ({ refresh }) => ({ Authorization: `Bearer ${await currentToken(refresh)}` }),
      }),
  );
  const own = adapters.find((adapter) => adapter.source.kind === 'internal');
  return combineSources(adapters, { storeTarget: own });
}

function language(): DemoLanguage {
  return document.documentElement.lang === 'nl' ? 'nl' : 'en';
}

function applyText(): void {
  const text = demoText(language());
  for (const element of document.querySelectorAll<HTMLElement>('[data-text]')) {
    const key = element.dataset.text as keyof typeof text;
    const value = text[key];
    if (typeof value === 'string') element.textContent = value;
  }
  document.title = text.title;
}

function showDetails(study: Study | undefined): void {
  const list = document.querySelector<HTMLDListElement>('#details-list');
  const empty = document.querySelector<HTMLElement>('#details-empty');
  if (!list || !empty) return;
  empty.hidden = study !== undefined;
  list.hidden = study === undefined;
  list.replaceChildren();
  if (study === undefined) return;

  const text = demoText(language());
  const date = study.timestamp
    ? new Intl.DateTimeFormat(language(), { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(study.timestamp.epochMs))
    : text.undated;
  const rows: [string, string][] = [
    [text.date, study.timestamp?.time ? `${date}, ${study.timestamp.time}` : date],
    [text.description, study.description ?? '–'],
    [text.modalities, study.modalities.join(', ') || text.unknown],
    [text.institution, study.institution ?? '–'],
    [text.sources, study.sources.map((entry) => entry.source.label).join(', ')],
    [text.accession, study.accessionNumber ?? '–'],
    [text.referring, formatPersonName(study.referringPhysician) || '–'],
    [text.counts, text.seriesAndInstances(study.numberOfSeries, study.numberOfInstances)],
  ];
  for (const [term, description] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = description;
    list.append(dt, dd);
  }
}

function showError(message: string): void {
  const element = document.querySelector<HTMLElement>('#error');
  if (!element) return;
  element.textContent = message;
  element.hidden = false;
}

async function start(): Promise<void> {
  const timeline = document.querySelector<StudylineTimeline>('#timeline');
  const languageSelect = document.querySelector<HTMLSelectElement>('#language');
  const themeSelect = document.querySelector<HTMLSelectElement>('#theme');
  if (!timeline || !languageSelect || !themeSelect) return;

  const storedLanguage = new URLSearchParams(location.search).get('lang');
  if (storedLanguage === 'nl' || storedLanguage === 'en') document.documentElement.lang = storedLanguage;
  languageSelect.value = language();
  applyText();

  let selected: Study | undefined;
  languageSelect.addEventListener('change', () => {
    document.documentElement.lang = languageSelect.value;
    applyText();
    showDetails(selected);
  });
  const prefersDark = matchMedia('(prefers-color-scheme: dark)').matches;
  themeSelect.value = prefersDark ? 'dark' : 'light';
  const applyTheme = (): void => {
    document.documentElement.dataset.theme = themeSelect.value;
    timeline.setAttribute('theme', themeSelect.value);
  };
  themeSelect.addEventListener('change', applyTheme);
  applyTheme();

  timeline.addEventListener('studyline-study-select', (event) => {
    selected = event.detail.study;
    showDetails(selected);
  });

  try {
    const config = await loadConfig();
    timeline.adapter = createAdapter(config);
    timeline.issuerOfPatientId = config.patient.issuer;
    timeline.patientId = config.patient.id;
    const patientLine = document.querySelector<HTMLElement>('#patient');
    timeline.addEventListener('studyline-load', (event) => {
      const patient = event.detail.result.studies.find((study) => study.patient?.name)?.patient;
      if (patientLine && patient) {
        patientLine.textContent = `${formatPersonName(patient.name)} · ${patient.id ?? config.patient.id}`;
      }
    });
  } catch (error) {
    showError(`${demoText(language()).startFailed} ${error instanceof Error ? error.message : ''}`);
  }
}

void start();
