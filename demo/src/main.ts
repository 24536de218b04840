/**
 * The demo page: one sample patient's imaging history from the own hospital
 * and other hospitals behind the sample gateway, with filter, timeline or
 * list, preview, import and download in one `<studyline-patient-history>`.
 *
 * The access token lives in memory only and goes out in the Authorization
 * header of every request, never in a URL.
 */
import { formatPersonName, type StudySearchResult } from '@studyline/core';
import '@studyline/elements/define.js';
import type { StudylinePatientHistory } from '@studyline/elements';
import { createAdapters, type DemoConfig } from './config.js';
import { demoText, type DemoLanguage } from './text.js';

let accessToken: Promise<string> | undefined;

async function requestToken(): Promise<string> {
  const response = await fetch('/auth/token', { method: 'POST', headers: { Accept: 'application/json' } });
  if (!response.ok) throw new Error(`The sample gateway did not issue a token (HTTP ${response.status}).`);
  const body = (await response.json()) as { access_token?: unknown };
  if (typeof body.access_token !== 'string') throw new Error('The sample gateway responded without an access token.');
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

function showError(message: string): void {
  const element = document.querySelector<HTMLElement>('#error');
  if (!element) return;
  element.textContent = message;
  element.hidden = false;
}

async function start(): Promise<void> {
  const history = document.querySelector<StudylinePatientHistory>('#history');
  const languageSelect = document.querySelector<HTMLSelectElement>('#language');
  const themeSelect = document.querySelector<HTMLSelectElement>('#theme');
  const patientLine = document.querySelector<HTMLElement>('#patient');
  if (!history || !languageSelect || !themeSelect || !patientLine) return;

  const requestedLanguage = new URLSearchParams(location.search).get('lang');
  if (requestedLanguage === 'nl' || requestedLanguage === 'en') document.documentElement.lang = requestedLanguage;
  languageSelect.value = language();
  applyText();
  languageSelect.addEventListener('change', () => {
    document.documentElement.lang = languageSelect.value;
    applyText();
  });

  themeSelect.value = matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  const applyTheme = (): void => {
    document.documentElement.dataset.theme = themeSelect.value;
    history.setAttribute('theme', themeSelect.value);
  };
  themeSelect.addEventListener('change', applyTheme);
  applyTheme();

  try {
    const config = await loadConfig();
    const adapters = createAdapters(config, async ({ refresh }) => ({ Authorization: `Bearer ${await currentToken(refresh)}` }));
    // The patient line fills in from the first source that responds, not only when every source has.
    const showPatient = (result: StudySearchResult): void => {
      const patient = result.studies.find((study) => study.patient?.name)?.patient;
      if (patient) patientLine.textContent = `${formatPersonName(patient.name)} · ${patient.id ?? config.patient.id}`;
    };
    history.addEventListener('studyline-load-progress', (event) => showPatient(event.detail.result));
    history.addEventListener('studyline-load', (event) => showPatient(event.detail.result));
    history.adapter = adapters.history;
    history.importTarget = adapters.own;
    history.issuerOfPatientId = config.patient.issuer;
    history.patientId = config.patient.id;
  } catch (error) {
    showError(`${demoText(language()).startFailed} ${error instanceof Error ? error.message : ''}`);
  }
}

void start();
