import { expect } from '@open-wc/testing';
import { NOORDWIJK, makeStudy } from '../timeline/test-support/generate-history.js';
import { StudylineLoadEvent, StudylineSourceRetryEvent, StudylineStudySelectEvent } from './events.js';

describe('events', () => {
  it('select bubbles, crosses shadow roots and can be cancelled', () => {
    const study = makeStudy({ uid: '1' });
    const event = new StudylineStudySelectEvent({ study });

    expect(event.type).to.equal('studyline-study-select');
    expect(event.bubbles).to.equal(true);
    expect(event.composed).to.equal(true);
    expect(event.cancelable).to.equal(true);
    expect(event.detail.study).to.equal(study);
  });

  it('retry names the source', () => {
    const event = new StudylineSourceRetryEvent({ source: NOORDWIJK });

    expect(event.type).to.equal('studyline-source-retry');
    expect(event.cancelable).to.equal(true);
    expect(event.detail.source).to.equal(NOORDWIJK);
  });

  it('load is not cancelable', () => {
    const event = new StudylineLoadEvent({ result: { studies: [], sources: [] } });

    expect(event.type).to.equal('studyline-load');
    expect(event.composed).to.equal(true);
    expect(event.cancelable).to.equal(false);
  });
});
