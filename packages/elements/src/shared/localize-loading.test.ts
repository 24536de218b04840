import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';
import { LocalizeController, loadCatalog, selectCatalog } from './localize.js';

/** An element that records the text of every render. */
class LoadingProbe extends LitElement {
  readonly localize = new LocalizeController(this);
  readonly rendered: string[] = [];

  protected override render(): unknown {
    const text = this.localize.term('zoomIn');
    this.rendered.push(text);
    return litHtml`<span>${text}</span>`;
  }
}
customElements.define('loading-probe', LoadingProbe);

// This file runs in a page of its own, so the Dutch catalog has not loaded when the first test starts.
describe('LocalizeController with a catalog that loads on demand', () => {
  it('renders Dutch on the first paint', async () => {
    expect(selectCatalog('nl').locale).to.equal('en');

    const probe = await fixture<LoadingProbe>(html`<loading-probe lang="nl"></loading-probe>`);

    expect(probe.rendered).to.deep.equal(['Inzoomen']);
    expect(probe.localize.locale).to.equal('nl');
    expect(selectCatalog('nl').locale).to.equal('nl');
  });

  it('loads nothing for other languages', () => {
    expect(loadCatalog('en-GB')).to.equal(undefined);
    expect(loadCatalog('nl-BE')).to.equal(undefined);
    expect(loadCatalog('de')).to.equal(undefined);
    expect(loadCatalog('not a tag')).to.equal(undefined);
  });

  it('renders English without waiting', async () => {
    const probe = await fixture<LoadingProbe>(html`<loading-probe lang="en"></loading-probe>`);

    expect(probe.rendered).to.deep.equal(['Zoom in']);
  });
});
