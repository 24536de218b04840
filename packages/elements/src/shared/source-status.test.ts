import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { StudylineError } from '@studyline/core';
import { LocalizeController } from './localize.js';
import { failureReason } from './source-status.js';

/** A host for a LocalizeController, in the language of its `lang` attribute. */
class StatusProbe extends LitElement {
  readonly localize = new LocalizeController(this);
}
customElements.define('source-status-probe', StatusProbe);

describe('failureReason', () => {
  it('words a gateway timeout as a timeout', async () => {
    const probe = await fixture<StatusProbe>(html`<source-status-probe></source-status-probe>`);
    expect(failureReason(probe.localize, new StudylineError('http', 'HTTP 504', { status: 504 }))).to.equal('The server did not answer in time.');
    expect(failureReason(probe.localize, new StudylineError('http', 'HTTP 500', { status: 500 }))).to.equal('The server answered with an error (HTTP 500).');
    expect(failureReason(probe.localize, new StudylineError('rejected', 'Registry Failure'))).to.equal('The server reported a failure in its answer.');
  });

  it('words a response that broke off', async () => {
    const probe = await fixture<StatusProbe>(html`<source-status-probe lang="nl"></source-status-probe>`);
    await probe.updateComplete;
    expect(failureReason(probe.localize, new StudylineError('truncated', 'ended early'))).to.equal('Het antwoord van de server brak af voordat het compleet was.');
    expect(failureReason(probe.localize, new StudylineError('parse', 'bad JSON'))).to.equal('Het antwoord van de server kon niet worden gelezen.');
  });
});
