import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import { createTerminology, type Study } from '@studyline/core';
import './define.js';
import type { StudylineTimeline } from './timeline.js';
import { makeStudy } from './test-support/generate-history.js';

async function settle(element: StudylineTimeline): Promise<void> {
  await element.updateComplete;
  await nextFrame();
  await nextFrame();
  await element.updateComplete;
}

async function renderTimeline(studies: Study[], attributes: Record<string, string> = {}): Promise<StudylineTimeline> {
  const element = await fixture<StudylineTimeline>(html`<studyline-timeline style="width: 900px" lang="en-GB"></studyline-timeline>`);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.studies = studies;
  await settle(element);
  return element;
}

function laneLabels(element: StudylineTimeline): string[] {
  return [...element.shadowRoot!.querySelectorAll('.lane-label > span:first-child')].map((label) => label.textContent?.trim() ?? '');
}

/** Returns the texts of the marks in the lane of a modality, in time order. */
function markTexts(element: StudylineTimeline, modality: string): string[] {
  const lane = element.shadowRoot!.querySelector(`[data-lane-id="modality:${modality}"]`);
  return [...(lane?.querySelectorAll('.mark') ?? [])].map((mark) => mark.textContent?.trim() ?? '');
}

function markOf(element: StudylineTimeline, label: string): HTMLButtonElement {
  const mark = [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('.mark')].find((candidate) => candidate.getAttribute('aria-label')?.includes(label));
  if (mark === undefined) throw new Error(`No mark has "${label}" in its label.`);
  return mark;
}

/** Studies a year apart, one per modality list, so that every study has a mark of its own. */
function yearly(modalityLists: string[][]): Study[] {
  return modalityLists.map((modalities, index) =>
    makeStudy({ uid: `m.${index}`, date: `${2010 + index}-06-01`, modalities, description: `Study ${index}` }),
  );
}

describe('studyline-timeline modalities', () => {
  it('places synonyms in their defined term’s lane', async () => {
    const element = await renderTimeline(yearly([['DX'], ['DR'], ['RX'], ['MRT'], ['MR'], ['ECHO']]), { 'lane-mode': 'modality' });

    expect(laneLabels(element)).to.deep.equal(['MR', 'DX', 'US']);
    expect(markTexts(element, 'DX')).to.deep.equal(['DX', 'DR', 'RX']);
    expect(markTexts(element, 'MR')).to.deep.equal(['MRT', 'MR']);
    expect(markTexts(element, 'US')).to.deep.equal(['ECH']);
  });

  it('colours synonyms as their defined term', async () => {
    const element = await renderTimeline(yearly([['DR'], ['MRT']]));

    expect(markOf(element, 'Study 0').getAttribute('style')).to.contain('--_mark-color: var(--_sl-modality-dx)');
    expect(markOf(element, 'Study 0').dataset.modality).to.equal('DX');
    expect(markOf(element, 'Study 1').getAttribute('style')).to.contain('--_mark-color: var(--_sl-modality-mr)');
  });

  it('labels the sent code and defined term', async () => {
    const element = await renderTimeline(yearly([['DR'], ['CT']]));

    expect(markOf(element, 'Study 0').getAttribute('aria-label')).to.equal('1 June 2010, DR (DX), Study 0, Rijnstad Ziekenhuis');
    expect(markOf(element, 'Study 1').getAttribute('aria-label')).to.equal('1 June 2011, CT, Study 1, Rijnstad Ziekenhuis');
  });

  it('places a study in its image modality’s lane', async () => {
    const element = await renderTimeline(yearly([['SR', 'CT'], ['KO', 'PR', 'MR']]), { 'lane-mode': 'modality' });

    expect(laneLabels(element)).to.deep.equal(['CT', 'MR']);
    expect(markTexts(element, 'CT')).to.deep.equal(['CT+']);
    expect(markOf(element, 'Study 0').getAttribute('aria-label')).to.contain('CT, SR');
    expect(markOf(element, 'Study 1').getAttribute('aria-label')).to.contain('MR, KO, PR');
  });

  it('orders non-image lanes last', async () => {
    const studies = yearly([['KO'], ['DOC'], ['US'], ['SR'], ['ZZ'], ['PR'], ['CT'], ['OPG'], ['REPORT'], []]);
    const element = await renderTimeline(studies, { 'lane-mode': 'modality' });

    expect(laneLabels(element)).to.deep.equal(['CT', 'US', 'PX', 'ZZ', 'SR', 'DOC', 'KO', 'PR', 'Unknown modality']);
    expect(markTexts(element, 'SR')).to.deep.equal(['SR', 'REP']);
    expect(markTexts(element, 'PX')).to.deep.equal(['OPG']);
  });

  it('keeps unknown codes as sent', async () => {
    const element = await renderTimeline(yearly([['zz9']]));

    expect(markOf(element, 'Study 0').textContent?.trim()).to.equal('ZZ9');
    expect(markOf(element, 'Study 0').getAttribute('aria-label')).to.contain(', ZZ9, ');
    expect(markOf(element, 'Study 0').getAttribute('style')).to.contain('--_mark-color: var(--_sl-modality-other)');
  });

  it('merges a synonym with its term', async () => {
    const element = await renderTimeline(yearly([['DR', 'DX']]));

    expect(markOf(element, 'Study 0').textContent?.trim()).to.equal('DR');
    expect(markOf(element, 'Study 0').getAttribute('aria-label')).to.contain(', DR (DX), ');
  });

  it('follows an institution’s terminology', async () => {
    const element = await renderTimeline(yearly([['ECHO-HART'], ['US']]), { 'lane-mode': 'modality' });
    expect(laneLabels(element)).to.deep.equal(['US', 'ECHO-HART']);

    element.terminology = createTerminology({ modalities: { 'ECHO-HART': { sameAs: 'US' } } });
    await settle(element);

    expect(laneLabels(element)).to.deep.equal(['US']);
    expect(markTexts(element, 'US')).to.deep.equal(['ECH', 'US']);
  });

  it('shows sent codes in vertical rows', async () => {
    const element = await renderTimeline(yearly([['RX']]), { layout: 'vertical' });
    const chip = element.shadowRoot!.querySelector<HTMLElement>('.row .chip')!;

    expect(chip.textContent?.trim()).to.equal('RX (DX)');
    expect(chip.getAttribute('style')).to.contain('var(--_sl-modality-dx)');
  });
});
