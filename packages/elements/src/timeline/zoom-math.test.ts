import { expect } from '@open-wc/testing';
import {
  DAY_MS,
  MIN_DOMAIN_SPAN_MS,
  constrainTransform,
  maxZoomFactor,
  paddedDomain,
  scaleAround,
  transformForRange,
  zoomIdentity,
} from './zoom-math.js';

describe('zoom math', () => {
  it('pads a long history by a fraction of its span', () => {
    const [start, end] = paddedDomain([0, 1000 * DAY_MS]);

    expect(start).to.equal(-40 * DAY_MS);
    expect(end).to.equal(1040 * DAY_MS);
  });

  it('widens a short history to the minimum span', () => {
    const [start, end] = paddedDomain([10 * DAY_MS, 10 * DAY_MS]);

    expect(end - start).to.equal(MIN_DOMAIN_SPAN_MS);
    expect((start + end) / 2).to.equal(10 * DAY_MS);
  });

  it('allows zooming to about three days', () => {
    expect(maxZoomFactor([0, 300 * DAY_MS])).to.equal(100);
    expect(maxZoomFactor([0, DAY_MS])).to.equal(1);
  });

  it('keeps the view inside the domain', () => {
    const tooFarRight = constrainTransform(zoomIdentity.translate(-5000, 0).scale(2), 1000, 10);
    const tooFarLeft = constrainTransform(zoomIdentity.translate(300, 0).scale(2), 1000, 10);

    expect(tooFarRight.x).to.equal(-1000);
    expect(tooFarLeft.x).to.equal(0);
  });

  it('clamps the zoom factor', () => {
    expect(constrainTransform(zoomIdentity.scale(50), 1000, 10).k).to.equal(10);
    expect(constrainTransform(zoomIdentity.scale(0.1), 1000, 10).k).to.equal(1);
  });

  it('scales around an anchor that stays in place', () => {
    const zoomed = scaleAround(zoomIdentity, 2, 250, 1000, 10);

    expect(zoomed.k).to.equal(2);
    expect(zoomed.applyX(250)).to.equal(250);
  });

  it('fits a base range into the view', () => {
    const transform = transformForRange(400, 500, 0, 1000, 1000, 100);

    expect(transform.applyX(400)).to.be.closeTo(0, 1e-9);
    expect(transform.applyX(500)).to.be.closeTo(1000, 1e-9);
  });
});
