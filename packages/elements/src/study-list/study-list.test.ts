import { expect, fixture, fixtureCleanup, html, oneEvent } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import type { Study } from '@studyline/core';
import './define.js';
import type { StudylineStudyList } from './study-list.js';
import { STUDY_LIST_SORT_STORAGE_KEY } from './sort.js';
import { filterHistory } from '../modality-filter/test-support/filter-history.js';
import { NOORDWIJK, makeStudy } from '../timeline/test-support/generate-history.js';

/** Five studies: two on one day at different times, one with only a year, one undated. */
const small: Study[] = [
  makeStudy({ uid: 's.1', date: '2019-05-01', modalities: ['MR'], description: 'MRI knie' }),
  makeStudy({ uid: 's.2', date: '2021-03-04', time: '09:15', modalities: ['CT'], description: 'CT abdomen' }),
  makeStudy({ uid: 's.3', date: '2021-03-04', time: '14:30', modalities: ['DX'], description: 'Thorax', sources: [NOORDWIJK] }),
  makeStudy({ uid: 's.4', date: '2016', modalities: ['US'], description: 'Echo hals' }),
  makeStudy({ uid: 's.5', modalities: ['CR'], description: 'Bekken zonder datum' }),
];

async function renderList(studies: Study[] | undefined = small, attributes: Record<string, string> = {}): Promise<StudylineStudyList> {
  const element = await fixture<StudylineStudyList>(html`<studyline-study-list style="width: 760px"></studyline-study-list>`);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.studies = studies;
  await element.updateComplete;
  return element;
}

function shadow(element: StudylineStudyList): ShadowRoot {
  return element.shadowRoot!;
}

function rowUids(element: StudylineStudyList): string[] {
  const studies = element.studies ?? [];
  return [...shadow(element).querySelectorAll<HTMLElement>('[data-key]')].map((row) => studies[Number(row.dataset.key)].studyInstanceUid);
}

function header(element: StudylineStudyList, column: string): HTMLTableCellElement {
  return shadow(element).querySelector<HTMLTableCellElement>(`th[data-column="${column}"]`)!;
}

async function clickHeader(element: StudylineStudyList, column: string): Promise<void> {
  header(element, column).querySelector('button')!.click();
  await element.updateComplete;
}

describe('studyline-study-list', () => {
  beforeEach(() => {
    localStorage.removeItem(STUDY_LIST_SORT_STORAGE_KEY);
  });

  afterEach(async () => {
    localStorage.removeItem(STUDY_LIST_SORT_STORAGE_KEY);
    await setViewport({ width: 800, height: 600 });
  });

  describe('sorting', () => {
    it('lists newest first with ties by time and undated last', async () => {
      const element = await renderList();

      expect(rowUids(element)).to.deep.equal(['s.3', 's.2', 's.1', 's.4', 's.5']);
      expect(header(element, 'date').getAttribute('aria-sort')).to.equal('descending');
      expect(header(element, 'description').getAttribute('aria-sort')).to.equal('none');
    });

    it('reverses the date order from its header', async () => {
      const element = await renderList();

      await clickHeader(element, 'date');

      expect(rowUids(element)).to.deep.equal(['s.4', 's.1', 's.2', 's.3', 's.5']);
      expect(header(element, 'date').getAttribute('aria-sort')).to.equal('ascending');
    });

    it('sorts by description, modality and source', async () => {
      const element = await renderList();

      await clickHeader(element, 'description');
      expect(rowUids(element)).to.deep.equal(['s.5', 's.2', 's.4', 's.1', 's.3']);
      expect(header(element, 'description').getAttribute('aria-sort')).to.equal('ascending');
      expect(header(element, 'date').getAttribute('aria-sort')).to.equal('none');

      await clickHeader(element, 'description');
      expect(rowUids(element)).to.deep.equal(['s.3', 's.1', 's.4', 's.2', 's.5']);

      await clickHeader(element, 'modality');
      expect(rowUids(element)).to.deep.equal(['s.5', 's.2', 's.3', 's.1', 's.4']);

      await clickHeader(element, 'source');
      expect(rowUids(element)).to.deep.equal(['s.3', 's.2', 's.1', 's.4', 's.5']);
    });

    it('keeps the sort when the filter changes', async () => {
      const element = await renderList(filterHistory());
      await clickHeader(element, 'description');

      element.filter = { modalityGroups: ['ct'] };
      await element.updateComplete;

      expect(header(element, 'description').getAttribute('aria-sort')).to.equal('ascending');
      expect(rowUids(element)).to.deep.equal(['f.1', 'f.12', 'f.5', 'f.u', 'f.7']);
      expect(shadow(element).querySelector('.count')!.textContent?.trim()).to.equal('5 of 13 studies visible');
    });

    it('restores the sort in a re-created element', async () => {
      const first = await renderList();
      await clickHeader(first, 'modality');
      await clickHeader(first, 'modality');
      fixtureCleanup();

      const second = await renderList();

      expect(second.sort).to.deep.equal({ column: 'modality', direction: 'descending' });
      expect(header(second, 'modality').getAttribute('aria-sort')).to.equal('descending');
      expect(rowUids(second)).to.deep.equal(['s.4', 's.1', 's.3', 's.2', 's.5']);
    });

    it('stores only the column and direction', async () => {
      const element = await renderList();
      await clickHeader(element, 'source');

      const stored = localStorage.getItem(STUDY_LIST_SORT_STORAGE_KEY);
      expect(JSON.parse(stored!)).to.deep.equal({ column: 'source', direction: 'ascending' });
      for (const study of small) expect(stored).to.not.contain(study.studyInstanceUid);
      expect(stored).to.not.contain('Noordwijk');
    });

    it('ignores a stored sort that is not valid', async () => {
      localStorage.setItem(STUDY_LIST_SORT_STORAGE_KEY, '{"column":"patientName","direction":"up"}');
      const element = await renderList();
      expect(element.sort).to.deep.equal({ column: 'date', direction: 'descending' });

      localStorage.setItem(STUDY_LIST_SORT_STORAGE_KEY, 'not json');
      const other = await renderList();
      expect(rowUids(other)[0]).to.equal('s.3');
    });

    it('prefers a sort the host sets over the stored one', async () => {
      localStorage.setItem(STUDY_LIST_SORT_STORAGE_KEY, JSON.stringify({ column: 'source', direction: 'descending' }));
      const element = await fixture<StudylineStudyList>(html`<studyline-study-list
        .sort=${{ column: 'description', direction: 'ascending' }}
        .studies=${small}
      ></studyline-study-list>`);

      expect(header(element, 'description').getAttribute('aria-sort')).to.equal('ascending');
    });

    it('keeps the sort for the page only without a storage key', async () => {
      const element = await renderList(small, { 'sort-storage-key': '' });
      await clickHeader(element, 'description');

      expect(localStorage.getItem(STUDY_LIST_SORT_STORAGE_KEY)).to.equal(null);
    });

    it('works when storage is blocked', async () => {
      const original = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
      Object.defineProperty(window, 'localStorage', {
        configurable: true,
        get() {
          throw new DOMException('The operation is insecure.', 'SecurityError');
        },
      });
      try {
        const element = await renderList();
        await clickHeader(element, 'description');
        expect(rowUids(element)[0]).to.equal('s.5');
      } finally {
        Object.defineProperty(window, 'localStorage', original);
      }
    });

    it('ignores an invalid sort from the host', async () => {
      const element = await renderList();
      element.sort = { column: 'weight', direction: 'sideways' } as never;
      await element.updateComplete;

      expect(element.sort).to.deep.equal({ column: 'date', direction: 'descending' });
    });
  });

  describe('selection and keyboard', () => {
    it('fires a cancelable select event for a clicked row', async () => {
      const element = await renderList();
      const listener = oneEvent(element, 'studyline-study-select');

      shadow(element).querySelectorAll<HTMLElement>('tbody tr')[1].querySelector<HTMLElement>('.description')!.click();
      const event = await listener;
      await element.updateComplete;

      expect(event.detail.study.studyInstanceUid).to.equal('s.2');
      expect(event.cancelable).to.equal(true);
      expect(element.selectedStudyUid).to.equal('s.2');
      expect(shadow(element).querySelectorAll('tbody tr')[1].getAttribute('aria-current')).to.equal('true');
    });

    it('keeps the selection when the event is cancelled', async () => {
      const element = await renderList();
      element.addEventListener('studyline-study-select', (event) => event.preventDefault());

      shadow(element).querySelector<HTMLButtonElement>('.row-button')!.click();
      await element.updateComplete;

      expect(element.selectedStudyUid).to.equal(undefined);
    });

    it('moves with the arrow keys and selects with Enter', async () => {
      const element = await renderList();
      const buttons = shadow(element).querySelectorAll<HTMLButtonElement>('.row-button');
      expect([...buttons].filter((button) => button.tabIndex === 0)).to.have.length(1);
      buttons[0].focus();

      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'ArrowDown' });
      expect(shadow(element).activeElement).to.equal(buttons[2]);
      await sendKeys({ press: 'End' });
      expect(shadow(element).activeElement).to.equal(buttons[4]);
      await sendKeys({ press: 'Home' });
      expect(shadow(element).activeElement).to.equal(buttons[0]);

      const listener = oneEvent(element, 'studyline-study-select');
      await sendKeys({ press: 'ArrowDown' });
      await sendKeys({ press: 'Enter' });
      const event = await listener;
      expect(event.detail.study.studyInstanceUid).to.equal('s.2');
    });

    it('names each row button with the study', async () => {
      const element = await renderList(small, { lang: 'en-GB' });

      expect(shadow(element).querySelector('.row-button')!.getAttribute('aria-label')).to.equal('4 Mar 2021, 14:30, DX, Thorax, Noordwijk MC');
    });

    it('names the own archive and the institution of an imported study', async () => {
      const imported = makeStudy({ uid: 'i.1', date: '2025-01-10', modalities: ['CT'], description: 'CT abdomen', institution: 'Noordwijk MC' });
      imported.sources = [...imported.sources, { source: NOORDWIJK }];
      const element = await renderList([imported], { lang: 'en-GB' });

      const cell = shadow(element).querySelector('td.source')?.textContent?.replace(/\s+/g, ' ').trim();
      expect(cell).to.equal('Rijnstad Ziekenhuis (Noordwijk MC) also external');
    });
  });

  describe('states and language', () => {
    it('uses Dutch headers and texts', async () => {
      const element = await renderList(small, { lang: 'nl' });
      await element.updateComplete;

      const headers = [...shadow(element).querySelectorAll('th')].map((cell) => cell.textContent?.trim());
      expect(headers).to.deep.equal(['Datum', 'Modaliteit', 'Omschrijving', 'Bron']);
      expect(shadow(element).querySelector('.count')!.textContent?.trim()).to.equal('5 van 5 onderzoeken zichtbaar');
      expect(shadow(element).querySelector('tbody tr:last-child')!.textContent).to.contain('Datum onbekend');
    });

    it('says so when there are no studies, or none match', async () => {
      const empty = await renderList([]);
      expect(empty.matches(':state(empty)')).to.equal(true);
      expect(shadow(empty).querySelector('[part="empty"]')!.textContent?.trim()).to.equal('No studies for this patient');

      const element = await renderList();
      element.filter = { modalityGroups: ['nuclear'] };
      await element.updateComplete;
      expect(element.matches(':state(filtered)')).to.equal(true);
      expect(shadow(element).querySelector('[part="empty"]')!.textContent?.trim()).to.equal('No studies match the filter');
    });

    it('shows the loading state', async () => {
      const element = await renderList(undefined, { loading: '' });

      expect(element.matches(':state(loading)')).to.equal(true);
      expect(shadow(element).querySelector('.base')!.getAttribute('aria-busy')).to.equal('true');
    });

    it('skips values that are not studies', async () => {
      const element = await renderList([null, 'x', small[0]] as unknown as Study[]);

      expect(shadow(element).querySelectorAll('tbody tr')).to.have.length(1);
    });

    it('shows a large history page by page', async () => {
      const many = Array.from({ length: 250 }, (_, index) => makeStudy({ uid: `m.${index}`, date: `2000-01-${String(1 + (index % 28)).padStart(2, '0')}` }));
      const element = await renderList(many);

      expect(shadow(element).querySelectorAll('tbody tr')).to.have.length(100);
      shadow(element).querySelector<HTMLButtonElement>('.show-more')!.click();
      await element.updateComplete;
      expect(shadow(element).querySelectorAll('tbody tr')).to.have.length(200);
    });
  });

  describe('narrow layout', () => {
    it('lists studies with a sort field at 360 px', async () => {
      await setViewport({ width: 360, height: 800 });
      const element = await fixture<StudylineStudyList>(html`<studyline-study-list theme="dark" lang="nl"></studyline-study-list>`);
      element.studies = small;
      // The element measures its width with a ResizeObserver and applies it in the next frame.
      for (let frame = 0; frame < 10 && !element.matches(':state(list)'); frame += 1) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        await element.updateComplete;
      }

      expect(element.matches(':state(list)')).to.equal(true);
      expect(shadow(element).querySelector('table')).to.equal(null);
      expect(shadow(element).querySelectorAll('.list-row')).to.have.length(5);
      expect(document.documentElement.scrollWidth).to.be.at.most(360);

      const column = shadow(element).querySelector<HTMLSelectElement>('select[data-sort="column"]')!;
      column.value = 'description';
      column.dispatchEvent(new Event('change'));
      await element.updateComplete;
      expect(rowUids(element)[0]).to.equal('s.5');
      expect(JSON.parse(localStorage.getItem(STUDY_LIST_SORT_STORAGE_KEY)!)).to.deep.equal({ column: 'description', direction: 'ascending' });

      const direction = shadow(element).querySelector<HTMLSelectElement>('select[data-sort="direction"]')!;
      direction.value = 'descending';
      direction.dispatchEvent(new Event('change'));
      await element.updateComplete;
      expect(rowUids(element)[0]).to.equal('s.3');

      await expect(element).to.be.accessible();
    });
  });

  describe('accessibility', () => {
    it('passes axe as a table in the light theme', async () => {
      const element = await renderList(filterHistory());
      element.selectedStudyUid = 'f.3';
      await element.updateComplete;

      await expect(element).to.be.accessible();
    });

    it('passes axe in the dark theme', async () => {
      const element = await renderList(filterHistory(), { theme: 'dark' });

      await expect(element).to.be.accessible();
    });
  });
});
