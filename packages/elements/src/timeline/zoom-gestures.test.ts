import { expect, fixture, html, nextFrame } from '@open-wc/testing';
import type { Study } from '@studyline/core';
import './define.js';
import type { StudylineTimeline } from './timeline.js';
import { makeStudy } from './test-support/generate-history.js';

const DAY = 24 * 60 * 60 * 1000;

const studies: Study[] = [
  makeStudy({ uid: 'g.1', date: '2010-03-01', modalities: ['MR'], description: 'First' }),
  makeStudy({ uid: 'g.2', date: '2015-06-15', modalities: ['CT'], description: 'Middle' }),
  makeStudy({ uid: 'g.3', date: '2020-09-30', modalities: ['US'], description: 'Last' }),
];

async function settle(element: StudylineTimeline): Promise<void> {
  await element.updateComplete;
  await nextFrame();
  await nextFrame();
  await element.updateComplete;
}

async function renderTimeline(): Promise<StudylineTimeline> {
  const element = await fixture<StudylineTimeline>(html`<studyline-timeline style="width: 800px" layout="horizontal" lang="en-GB"></studyline-timeline>`);
  element.studies = studies;
  await settle(element);
  return element;
}

function plot(element: StudylineTimeline): HTMLElement {
  return element.shadowRoot!.querySelector<HTMLElement>('.plot')!;
}

function mark(element: StudylineTimeline, description: string): HTMLButtonElement {
  const found = [...element.shadowRoot!.querySelectorAll<HTMLButtonElement>('.mark')].find((candidate) => candidate.getAttribute('aria-label')?.includes(description));
  if (found === undefined) throw new Error(`No mark for "${description}".`);
  return found;
}

function span(element: StudylineTimeline): number {
  const range = element.visibleRange!;
  return range.end.getTime() - range.start.getTime();
}

/** Returns the time shown at a client x coordinate, from the visible range and the plot's inner box. */
function timeAtClientX(element: StudylineTimeline, clientX: number): number {
  const target = plot(element);
  const box = target.getBoundingClientRect();
  const x = clientX - box.left - target.clientLeft;
  const range = element.visibleRange!;
  return range.start.getTime() + (x / target.clientWidth) * (range.end.getTime() - range.start.getTime());
}

/**
 * Returns a point in the plot's background, on the axis below the marks, in
 * whole pixels, because mouse and wheel events round `clientX` to an integer.
 */
function backgroundPoint(element: StudylineTimeline, fraction = 0.3): { x: number; y: number } {
  const box = plot(element).getBoundingClientRect();
  return { x: Math.round(box.left + box.width * fraction), y: Math.round(box.bottom - 10) };
}

interface PointerOptions {
  id?: number;
  type?: string;
  primary?: boolean;
  button?: number;
  ctrlKey?: boolean;
}

function pointer(target: EventTarget, type: string, x: number, y: number, options: PointerOptions = {}): PointerEvent {
  const event = new PointerEvent(type, {
    pointerId: options.id ?? 1,
    pointerType: options.type ?? 'mouse',
    isPrimary: options.primary ?? true,
    button: type === 'pointermove' ? -1 : (options.button ?? 0),
    buttons: type === 'pointerup' ? 0 : 1,
    ctrlKey: options.ctrlKey ?? false,
    clientX: x,
    clientY: y,
    bubbles: true,
    composed: true,
    cancelable: true,
  });
  target.dispatchEvent(event);
  return event;
}

function wheel(target: EventTarget, x: number, y: number, deltaY: number, ctrlKey = false): WheelEvent {
  const event = new WheelEvent('wheel', { deltaY, clientX: x, clientY: y, ctrlKey, bubbles: true, composed: true, cancelable: true });
  target.dispatchEvent(event);
  return event;
}

function doubleClick(target: EventTarget, x: number, y: number, shiftKey = false): void {
  target.dispatchEvent(new MouseEvent('dblclick', { clientX: x, clientY: y, shiftKey, bubbles: true, composed: true, cancelable: true }));
}

describe('timeline zoom gestures', () => {
  it('wheel zooms around the pointer', async () => {
    const element = await renderTimeline();
    const before = span(element);
    const point = backgroundPoint(element, 0.3);
    const anchor = timeAtClientX(element, point.x);

    const event = wheel(plot(element), point.x, point.y, -250);
    await settle(element);

    expect(event.defaultPrevented).to.equal(true);
    expect(span(element)).to.be.closeTo(before / 2 ** 0.5, before / 1000);
    expect(timeAtClientX(element, point.x)).to.be.closeTo(anchor, DAY);
  });

  it('Ctrl wheel zooms ten times faster', async () => {
    const element = await renderTimeline();
    const before = span(element);
    const point = backgroundPoint(element, 0.5);

    wheel(plot(element), point.x, point.y, -50, true);
    await settle(element);

    expect(span(element)).to.be.closeTo(before / 2, before / 1000);
  });

  it('wheel at the limit scrolls the page', async () => {
    const element = await renderTimeline();
    const before = span(element);
    const point = backgroundPoint(element);

    const event = wheel(plot(element), point.x, point.y, 300);
    await settle(element);

    expect(event.defaultPrevented).to.equal(false);
    expect(span(element)).to.equal(before);
  });

  it('mouse drag pans at the same zoom', async () => {
    const element = await renderTimeline();
    element.zoomIn();
    await settle(element);
    const before = element.visibleRange!;
    const widthBefore = span(element);
    const start = backgroundPoint(element, 0.5);
    const grabbed = timeAtClientX(element, start.x);

    pointer(plot(element), 'pointerdown', start.x, start.y);
    pointer(plot(element), 'pointermove', start.x - 60, start.y);
    pointer(plot(element), 'pointermove', start.x - 120, start.y);
    pointer(plot(element), 'pointerup', start.x - 120, start.y);
    await settle(element);

    expect(span(element)).to.be.closeTo(widthBefore, widthBefore / 1000);
    expect(element.visibleRange!.start.getTime()).to.be.above(before.start.getTime());
    expect(timeAtClientX(element, start.x - 120)).to.be.closeTo(grabbed, DAY);
  });

  it('drag stops at the history’s edge', async () => {
    const element = await renderTimeline();
    element.zoomIn();
    await settle(element);
    const start = backgroundPoint(element, 0.5);

    pointer(plot(element), 'pointerdown', start.x, start.y);
    pointer(plot(element), 'pointermove', start.x + 5000, start.y);
    pointer(plot(element), 'pointerup', start.x + 5000, start.y);
    await settle(element);
    const range = element.visibleRange!;

    element.zoomToFit();
    await settle(element);
    expect(range.start.getTime()).to.be.closeTo(element.visibleRange!.start.getTime(), DAY);
  });

  it('click without moving selects a mark', async () => {
    const element = await renderTimeline();
    const target = mark(element, 'Middle');
    const box = target.getBoundingClientRect();
    let selected = '';
    element.addEventListener('studyline-study-select', (event) => {
      selected = event.detail.study.studyInstanceUid;
    });

    pointer(target, 'pointerdown', box.left + 5, box.top + 5);
    pointer(target, 'pointerup', box.left + 5, box.top + 5);
    target.click();
    await settle(element);

    expect(selected).to.equal('g.2');
  });

  it('drag from a mark selects nothing', async () => {
    const element = await renderTimeline();
    element.zoomIn();
    await settle(element);
    const target = mark(element, 'Middle');
    const box = target.getBoundingClientRect();
    let selections = 0;
    element.addEventListener('studyline-study-select', () => {
      selections += 1;
    });

    pointer(target, 'pointerdown', box.left + 5, box.top + 5);
    pointer(target, 'pointermove', box.left + 40, box.top + 5);
    pointer(target, 'pointerup', box.left + 40, box.top + 5);
    target.click();
    await settle(element);

    expect(selections).to.equal(0);
    expect(element.selectedStudyUid).to.equal(undefined);
  });

  it('ignores right-button and Ctrl drags', async () => {
    const element = await renderTimeline();
    element.zoomIn();
    await settle(element);
    const before = element.visibleRange!.start.getTime();
    const start = backgroundPoint(element, 0.5);

    pointer(plot(element), 'pointerdown', start.x, start.y, { button: 2 });
    pointer(plot(element), 'pointermove', start.x - 200, start.y);
    pointer(plot(element), 'pointerup', start.x - 200, start.y, { button: 2 });
    pointer(plot(element), 'pointerdown', start.x, start.y, { ctrlKey: true });
    pointer(plot(element), 'pointermove', start.x - 200, start.y);
    pointer(plot(element), 'pointerup', start.x - 200, start.y);
    await settle(element);

    expect(element.visibleRange!.start.getTime()).to.equal(before);
  });

  it('pinch zooms around its midpoint', async () => {
    const element = await renderTimeline();
    const before = span(element);
    const centre = backgroundPoint(element, 0.5);
    const anchor = timeAtClientX(element, centre.x);
    const touch = { type: 'touch' };

    pointer(plot(element), 'pointerdown', centre.x - 50, centre.y, { ...touch, id: 11 });
    pointer(plot(element), 'pointerdown', centre.x + 50, centre.y, { ...touch, id: 12, primary: false });
    pointer(plot(element), 'pointermove', centre.x - 100, centre.y, { ...touch, id: 11 });
    pointer(plot(element), 'pointermove', centre.x + 100, centre.y, { ...touch, id: 12, primary: false });
    pointer(plot(element), 'pointerup', centre.x - 100, centre.y, { ...touch, id: 11 });
    pointer(plot(element), 'pointerup', centre.x + 100, centre.y, { ...touch, id: 12, primary: false });
    await settle(element);

    expect(span(element)).to.be.closeTo(before / 2, before / 1000);
    expect(timeAtClientX(element, centre.x)).to.be.closeTo(anchor, DAY);
  });

  it('remaining finger pans after a pinch', async () => {
    const element = await renderTimeline();
    element.zoomIn();
    await settle(element);
    const centre = backgroundPoint(element, 0.5);
    const touch = { type: 'touch' };

    pointer(plot(element), 'pointerdown', centre.x - 50, centre.y, { ...touch, id: 21 });
    pointer(plot(element), 'pointerdown', centre.x + 50, centre.y, { ...touch, id: 22, primary: false });
    pointer(plot(element), 'pointerup', centre.x + 50, centre.y, { ...touch, id: 22, primary: false });
    const widthBefore = span(element);
    const grabbed = timeAtClientX(element, centre.x - 50);
    pointer(plot(element), 'pointermove', centre.x - 150, centre.y, { ...touch, id: 21 });
    pointer(plot(element), 'pointerup', centre.x - 150, centre.y, { ...touch, id: 21 });
    await settle(element);

    expect(span(element)).to.be.closeTo(widthBefore, widthBefore / 1000);
    expect(timeAtClientX(element, centre.x - 150)).to.be.closeTo(grabbed, DAY);
  });

  it('double click zooms in, Shift out', async () => {
    const element = await renderTimeline();
    const full = span(element);
    const point = backgroundPoint(element, 0.7);
    const anchor = timeAtClientX(element, point.x);

    doubleClick(plot(element), point.x, point.y);
    await settle(element);
    expect(span(element)).to.be.closeTo(full / 2, full / 1000);
    expect(timeAtClientX(element, point.x)).to.be.closeTo(anchor, DAY);

    doubleClick(plot(element), point.x, point.y, true);
    await settle(element);
    expect(span(element)).to.be.closeTo(full, full / 1000);
  });

  it('double click on a mark ignored', async () => {
    const element = await renderTimeline();
    const before = span(element);
    const target = mark(element, 'Middle');
    const box = target.getBoundingClientRect();

    doubleClick(target, box.left + 5, box.top + 5);
    await settle(element);

    expect(span(element)).to.equal(before);
  });

  it('zooms in with a double tap', async () => {
    const element = await renderTimeline();
    const full = span(element);
    const point = backgroundPoint(element, 0.4);
    const touch = { type: 'touch', id: 31 };

    for (let tap = 0; tap < 2; tap += 1) {
      pointer(plot(element), 'pointerdown', point.x, point.y, touch);
      pointer(plot(element), 'pointerup', point.x, point.y, touch);
    }
    await settle(element);

    expect(span(element)).to.be.closeTo(full / 2, full / 1000);
  });

  it('announces the visible count after a drag', async () => {
    const element = await renderTimeline();
    element.zoomToRange(Date.UTC(2014, 0, 1), Date.UTC(2017, 0, 1));
    await settle(element);
    const start = backgroundPoint(element, 0.5);

    pointer(plot(element), 'pointerdown', start.x, start.y);
    pointer(plot(element), 'pointermove', start.x + 600, start.y);
    pointer(plot(element), 'pointerup', start.x + 600, start.y);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await element.updateComplete;

    expect(element.shadowRoot!.querySelector('[aria-live="polite"]')!.textContent?.trim()).to.match(/^\d of 3 studies visible$/);
  });
});
