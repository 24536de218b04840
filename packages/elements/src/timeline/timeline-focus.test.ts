import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { Study } from '@studyline/core';
import './define.js';
import type { StudylineTimeline } from './timeline.js';
import { generateHistory, makeStudy } from './test-support/generate-history.js';

async function settle(element: StudylineTimeline): Promise<void> {
  await element.updateComplete;
  await nextFrame();
  await nextFrame();
  await element.updateComplete;
}

async function renderTimeline(studies: Study[]): Promise<StudylineTimeline> {
  const element = await fixture<StudylineTimeline>(html`<studyline-timeline style="width: 800px" layout="horizontal" lang="en-GB"></studyline-timeline>`);
  element.studies = studies;
  await settle(element);
  return element;
}

function focused(element: StudylineTimeline): HTMLElement | null {
  return element.shadowRoot!.activeElement as HTMLElement | null;
}

function tabStops(element: StudylineTimeline): HTMLElement[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('[data-key][tabindex="0"]')];
}

/** Five studies a month apart in 2016, which cluster when the whole history shows, and two far apart. */
const studies: Study[] = [
  makeStudy({ uid: 'f.0', date: '2008-01-10', description: 'Early' }),
  ...[1, 2, 3, 4, 5].map((month) => makeStudy({ uid: `f.${month}`, date: `2016-0${month}-15`, description: `Month ${month}` })),
  makeStudy({ uid: 'f.9', date: '2024-11-20', description: 'Late' }),
];

describe('timeline focus across zooms', () => {
  it('focus follows the active study', async () => {
    const element = await renderTimeline(studies);
    element.zoomToRange(Date.UTC(2016, 0, 1), Date.UTC(2016, 6, 1));
    await settle(element);
    const target = [...element.shadowRoot!.querySelectorAll<HTMLElement>('.mark')].find((mark) => mark.getAttribute('aria-label')?.includes('Month 3'))!;
    target.focus();
    await settle(element);

    element.zoomToRange(Date.UTC(2016, 1, 1), Date.UTC(2016, 4, 1));
    await settle(element);
    expect(focused(element)?.getAttribute('aria-label')).to.contain('Month 3');
    expect(tabStops(element)).to.have.length(1);

    element.zoomToFit();
    await settle(element);
    expect(focused(element)?.classList.contains('cluster')).to.equal(true);
    expect(focused(element)?.getAttribute('tabindex')).to.equal('0');
    expect(tabStops(element)).to.have.length(1);

    element.zoomToRange(Date.UTC(2016, 0, 1), Date.UTC(2016, 6, 1));
    await settle(element);
    expect(focused(element)?.getAttribute('aria-label')).to.contain('Month');
    expect(tabStops(element)).to.have.length(1);
  });

  it('arrow keys work after a zoom', async () => {
    const element = await renderTimeline(studies);
    element.zoomToRange(Date.UTC(2016, 0, 1), Date.UTC(2016, 6, 1));
    await settle(element);
    const first = [...element.shadowRoot!.querySelectorAll<HTMLElement>('.mark')].find((mark) => mark.getAttribute('aria-label')?.includes('Month 1'))!;
    first.focus();

    await sendKeys({ press: 'ArrowRight' });
    await settle(element);
    expect(focused(element)?.getAttribute('aria-label')).to.contain('Month 2');

    element.zoomToRange(Date.UTC(2015, 11, 1), Date.UTC(2016, 8, 1));
    await settle(element);
    await sendKeys({ press: 'ArrowRight' });
    await settle(element);
    expect(focused(element)?.getAttribute('aria-label')).to.contain('Month 3');
    expect(tabStops(element)).to.have.length(1);
  });

  it('one tab stop through many zooms', async () => {
    const element = await renderTimeline(generateHistory({ count: 2000, seed: 5 }).studies);
    const mark = element.shadowRoot!.querySelector<HTMLElement>('[data-key][tabindex="0"]')!;
    mark.focus();

    for (let step = 0; step < 12; step += 1) {
      element.zoomIn();
      await settle(element);
      expect(tabStops(element)).to.have.length(1);
      expect(focused(element)).to.equal(tabStops(element)[0]);
    }
  });
});
