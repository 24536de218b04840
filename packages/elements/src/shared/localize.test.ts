import { expect, fixture, html } from '@open-wc/testing';
import { LitElement, html as litHtml } from 'lit';
import { en } from './messages/en.js';
import { LocalizeController, registerMessages, resolveLanguage, selectCatalog } from './localize.js';

/** A minimal element that renders one message through the controller. */
class LocalizedProbe extends LitElement {
  readonly localize = new LocalizeController(this);
  renders = 0;

  protected override render(): unknown {
    this.renders += 1;
    return litHtml`<span>${this.localize.term('zoomIn')}</span>`;
  }
}
customElements.define('localized-probe', LocalizedProbe);

/** A host whose shadow root contains a probe without its own `lang`. */
class ShadowLangHost extends LitElement {
  protected override render(): unknown {
    return litHtml`<div lang="nl"><localized-probe></localized-probe></div>`;
  }
}
customElements.define('shadow-lang-host', ShadowLangHost);

function text(probe: LocalizedProbe): string {
  return probe.shadowRoot?.textContent?.trim() ?? '';
}

describe('LocalizeController', () => {
  const originalLang = document.documentElement.lang;
  afterEach(() => {
    document.documentElement.lang = originalLang;
  });

  it('uses the element’s own lang', async () => {
    const probe = await fixture<LocalizedProbe>(html`<localized-probe lang="nl"></localized-probe>`);

    expect(text(probe)).to.equal('Inzoomen');
  });

  it('uses the closest ancestor’s lang', async () => {
    const wrapper = await fixture(html`<div lang="nl-BE"><section><localized-probe></localized-probe></section></div>`);
    const probe = wrapper.querySelector<LocalizedProbe>('localized-probe')!;
    await probe.updateComplete;

    expect(text(probe)).to.equal('Inzoomen');
    expect(probe.localize.locale).to.equal('nl-BE');
  });

  it('crosses shadow roots to find a lang', async () => {
    const host = await fixture<ShadowLangHost>(html`<shadow-lang-host></shadow-lang-host>`);
    const probe = host.shadowRoot!.querySelector<LocalizedProbe>('localized-probe')!;
    await probe.updateComplete;

    expect(resolveLanguage(probe)).to.equal('nl');
    expect(text(probe)).to.equal('Inzoomen');
  });

  it('falls back to the html lang', async () => {
    document.documentElement.lang = 'nl';
    const probe = await fixture<LocalizedProbe>(html`<localized-probe></localized-probe>`);

    expect(text(probe)).to.equal('Inzoomen');
  });

  it('ignores an empty lang', async () => {
    document.documentElement.lang = 'nl';
    const probe = await fixture<LocalizedProbe>(html`<localized-probe lang=""></localized-probe>`);

    expect(probe.localize.language).to.equal('nl');
  });

  it('re-renders when the element’s lang changes', async () => {
    const probe = await fixture<LocalizedProbe>(html`<localized-probe lang="en"></localized-probe>`);

    probe.setAttribute('lang', 'nl');
    await new Promise((resolve) => setTimeout(resolve));
    await probe.updateComplete;

    expect(text(probe)).to.equal('Inzoomen');
  });

  it('re-renders when the html lang changes', async () => {
    document.documentElement.lang = 'en';
    const probe = await fixture<LocalizedProbe>(html`<localized-probe></localized-probe>`);

    document.documentElement.lang = 'nl';
    await new Promise((resolve) => setTimeout(resolve));
    await probe.updateComplete;

    expect(text(probe)).to.equal('Inzoomen');
  });

  it('falls back to English for other languages', async () => {
    const probe = await fixture<LocalizedProbe>(html`<localized-probe lang="de"></localized-probe>`);

    expect(text(probe)).to.equal('Zoom in');
    expect(probe.localize.locale).to.equal('en');
  });

  it('treats an invalid tag as English', () => {
    expect(selectCatalog('not a tag').locale).to.equal('en');
    expect(selectCatalog('en_US').messages).to.equal(en);
  });

  it('takes the region from browser preferences', () => {
    expect(selectCatalog('en', ['en-GB', 'nl-NL']).locale).to.equal('en-GB');
    expect(selectCatalog('nl', ['en-GB', 'nl-BE']).locale).to.equal('nl-BE');
    expect(selectCatalog('en-US', ['en-GB']).locale).to.equal('en-US');
    expect(selectCatalog('en', ['fr-FR', 'bad tag']).locale).to.equal('en');
  });

  it('chooses plural forms by language rules', async () => {
    const probe = await fixture<LocalizedProbe>(html`<localized-probe lang="nl"></localized-probe>`);

    expect(probe.localize.plural('studyCount', 1)).to.equal('1 onderzoek');
    expect(probe.localize.plural('studyCount', 1200)).to.equal('1.200 onderzoeken');
  });

  it('formats study dates in UTC with their precision', async () => {
    const probe = await fixture<LocalizedProbe>(html`<localized-probe lang="en-GB"></localized-probe>`);
    const epochMs = Date.UTC(2021, 2, 4, 23, 30);

    expect(probe.localize.formatStudyDate({ date: '2021-03-04', precision: 'day', epochMs })).to.equal('4 March 2021');
    expect(probe.localize.formatStudyDate({ date: '2021-03-04', time: '23:30', precision: 'minute', epochMs })).to.equal(
      '4 March 2021 at 23:30',
    );
    expect(probe.localize.formatStudyDate({ date: '2021', precision: 'year', epochMs: Date.UTC(2021, 0, 1) })).to.equal('2021');
    expect(probe.localize.formatStudyDate(undefined)).to.equal('Date unknown');
    expect(probe.localize.formatStudyDate({ date: 'x', precision: 'day', epochMs: Number.NaN })).to.equal('Date unknown');
  });

  it('uses a registered catalog', async () => {
    registerMessages('fy', { ...en, zoomIn: 'Ynzoome' });
    const probe = await fixture<LocalizedProbe>(html`<localized-probe lang="fy"></localized-probe>`);

    expect(text(probe)).to.equal('Ynzoome');
  });
});
