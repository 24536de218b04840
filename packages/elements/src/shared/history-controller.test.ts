import { expect, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { StudylineError, type StudySearchResult } from '@studyline/core';
import { NOORDWIJK, OWN_ARCHIVE, makeStudy } from '../timeline/test-support/generate-history.js';
import { ScriptedAdapter } from '../timeline/test-support/scripted-adapter.js';
import { StudyHistoryController, carryOverPending, type HistoryStatus } from './history-controller.js';

class HistoryProbe extends LitElement {
  readonly settled: { result: StudySearchResult; status: HistoryStatus }[] = [];
  readonly progress: string[][] = [];
  readonly history = new StudyHistoryController(this, {
    onSettled: (result, status) => this.settled.push({ result, status }),
    onProgress: (_result, pending) => this.progress.push(pending.map((source) => source.id)),
  });
}
customElements.define('history-probe', HistoryProbe);

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve));

describe('StudyHistoryController', () => {
  let probe: HistoryProbe;
  let adapter: ScriptedAdapter;

  beforeEach(async () => {
    probe = await fixture<HistoryProbe>(html`<history-probe></history-probe>`);
    adapter = new ScriptedAdapter([OWN_ARCHIVE, NOORDWIJK]);
  });

  it('shows each source’s studies as it responds', async () => {
    probe.history.load({ adapter, patient: { id: 'P1' } });
    const search = await adapter.nextSearch(0);

    expect(probe.history.status).to.equal('loading');
    expect(probe.history.pending.map((source) => source.id)).to.deep.equal(['rijnstad', 'noordwijk']);

    search.respond('rijnstad', [makeStudy({ uid: '1', date: '2020-01-01' })]);
    await tick();

    expect(probe.history.status).to.equal('loading');
    expect(probe.history.result?.studies).to.have.length(1);
    expect(probe.history.pending.map((source) => source.id)).to.deep.equal(['noordwijk']);
    expect(probe.progress).to.deep.equal([['noordwijk']]);

    search.respond('noordwijk', [makeStudy({ uid: '2', date: '2021-01-01', sources: [NOORDWIJK] })]);
    await tick();

    expect(probe.history.status).to.equal('complete');
    expect(probe.history.result?.studies).to.have.length(2);
    expect(probe.settled).to.have.length(1);
    expect(probe.progress).to.have.length(1);
  });

  it('passes the patient to the adapter', async () => {
    probe.history.load({ adapter, patient: { id: 'P1', issuer: 'RIJNSTAD' } });
    const search = await adapter.nextSearch(0);

    expect(search.query.patient).to.deep.equal({ id: 'P1', issuer: 'RIJNSTAD' });
  });

  it('aborts the first search for a new patient', async () => {
    probe.history.load({ adapter, patient: { id: 'P1' } });
    const first = await adapter.nextSearch(0);
    probe.history.load({ adapter, patient: { id: 'P2' } });
    const second = await adapter.nextSearch(1);

    expect(first.signal?.aborted).to.equal(true);
    expect(second.signal?.aborted).to.equal(false);
  });

  it('never shows the previous patient’s studies', async () => {
    probe.history.load({ adapter, patient: { id: 'P1' } });
    const first = await adapter.nextSearch(0);
    first.respond('rijnstad', [makeStudy({ uid: '1', date: '2020-01-01' })]);
    await tick();

    probe.history.load({ adapter, patient: { id: 'P2' } });

    expect(probe.history.result).to.equal(undefined);
  });

  it('does not restart for an equal request', async () => {
    probe.history.load({ adapter, patient: { id: 'P1' } });
    probe.history.load({ adapter, patient: { id: 'P1' } });
    await tick();

    expect(adapter.searches).to.have.length(1);
  });

  it('aborts on disconnect and searches again on reconnect', async () => {
    probe.history.load({ adapter, patient: { id: 'P1' } });
    const first = await adapter.nextSearch(0);
    const parent = probe.parentElement!;

    probe.remove();
    expect(first.signal?.aborted).to.equal(true);

    parent.append(probe);
    const second = await adapter.nextSearch(1);
    expect(second.signal?.aborted).to.equal(false);
    expect(probe.history.status).to.equal('loading');
  });

  it('reports an error when every source failed', async () => {
    probe.history.load({ adapter, patient: { id: 'P1' } });
    const search = await adapter.nextSearch(0);
    const failed = { state: 'failed', error: new StudylineError('timeout', 'No answer within 60 seconds.') } as const;
    search.respond('rijnstad', [], failed);
    search.respond('noordwijk', [], failed);
    await tick();

    expect(probe.history.status).to.equal('error');
    expect(probe.settled[0].status).to.equal('error');
  });

  it('turns a rejected search into failed sources', async () => {
    probe.history.load({ adapter, patient: { id: 'P1' } });
    const search = await adapter.nextSearch(0);
    search.reject(new TypeError('Failed to fetch'));
    await tick();

    expect(probe.history.status).to.equal('error');
    expect(probe.history.result?.sources.map((outcome) => outcome.status.state)).to.deep.equal(['failed', 'failed']);
  });

  it('keeps earlier studies on retry until their source responds again', async () => {
    probe.history.load({ adapter, patient: { id: 'P1' } });
    const first = await adapter.nextSearch(0);
    first.respond('rijnstad', [makeStudy({ uid: '1', date: '2020-01-01' })]);
    first.respond('noordwijk', [], { state: 'failed', error: new StudylineError('network', 'Connection refused.') });
    await tick();

    probe.history.retry();
    const second = await adapter.nextSearch(1);
    expect(probe.history.result?.studies).to.have.length(1);

    second.respond('noordwijk', [makeStudy({ uid: '2', date: '2021-01-01', sources: [NOORDWIJK] })]);
    await tick();

    expect(probe.history.result?.studies.map((study) => study.studyInstanceUid)).to.deep.equal(['2', '1']);
  });

  it('retries only the chosen source', async () => {
    probe.history.load({ adapter, patient: { id: 'P1' } });
    const first = await adapter.nextSearch(0);
    first.respond('rijnstad', [makeStudy({ uid: '1', date: '2020-01-01' })]);
    first.respond('noordwijk', [], { state: 'failed', error: new StudylineError('network', 'Connection refused.') });
    await tick();

    probe.history.retry(['noordwijk']);
    const second = await adapter.nextSearch(1);
    expect(second.onlySources).to.deep.equal(['noordwijk']);
    expect(probe.history.pending.map((source) => source.id)).to.deep.equal(['noordwijk']);

    second.respond('noordwijk', [makeStudy({ uid: '2', date: '2021-01-01', sources: [NOORDWIJK] })]);
    await tick();

    expect(probe.history.status).to.equal('complete');
    expect(probe.history.result?.studies.map((study) => study.studyInstanceUid)).to.deep.equal(['2', '1']);
    expect(probe.history.result?.sources.map((outcome) => `${outcome.source.id}:${outcome.status.state}`)).to.have.members([
      'rijnstad:complete',
      'noordwijk:complete',
    ]);
    expect(probe.settled).to.have.length(2);
  });

  it('keeps the other sources when a partial retry fails', async () => {
    probe.history.load({ adapter, patient: { id: 'P1' } });
    const first = await adapter.nextSearch(0);
    first.respond('rijnstad', [makeStudy({ uid: '1', date: '2020-01-01' })]);
    first.respond('noordwijk', [], { state: 'failed', error: new StudylineError('network', 'Connection refused.') });
    await tick();

    probe.history.retry(['noordwijk']);
    const second = await adapter.nextSearch(1);
    second.reject(new Error('broken adapter'));
    await tick();

    expect(probe.history.status).to.equal('complete');
    expect(probe.history.result?.studies.map((study) => study.studyInstanceUid)).to.deep.equal(['1']);
    expect(probe.history.result?.sources.map((outcome) => `${outcome.source.id}:${outcome.status.state}`)).to.have.members([
      'rijnstad:complete',
      'noordwijk:failed',
    ]);
  });
});

describe('carryOverPending', () => {
  it('keeps pending sources’ studies and outcomes only', () => {
    const previous: StudySearchResult = {
      studies: [makeStudy({ uid: 'a', date: '2020-01-01' }), makeStudy({ uid: 'b', date: '2019-01-01', sources: [NOORDWIJK] })],
      sources: [
        { source: OWN_ARCHIVE, status: { state: 'complete' }, studyCount: 1 },
        { source: NOORDWIJK, status: { state: 'complete' }, studyCount: 1 },
      ],
    };
    const partial: StudySearchResult = { studies: [], sources: [{ source: NOORDWIJK, status: { state: 'complete' }, studyCount: 0 }] };

    const combined = carryOverPending(partial, previous, [OWN_ARCHIVE]);

    expect(combined.studies.map((study) => study.studyInstanceUid)).to.deep.equal(['a']);
    expect(combined.sources.map((outcome) => outcome.source.id)).to.deep.equal(['noordwijk', 'rijnstad']);
  });
});
