import { expect } from '@open-wc/testing';
import { createTerminology } from '@studyline/core';
import { isImageSeries, seriesKind } from './series-kind.js';

describe('seriesKind', () => {
  const cases: [string | undefined, string][] = [
    ['CT', 'image'],
    ['mr', 'image'],
    ['RTIMAGE', 'image'],
    ['OT', 'image'],
    [undefined, 'image'],
    ['', 'image'],
    ['SR', 'report'],
    ['KO', 'key-objects'],
    ['PR', 'presentation-state'],
    ['SEG', 'segmentation'],
    ['RTSTRUCT', 'radiotherapy'],
    ['RTPLAN', 'radiotherapy'],
    ['RTDOSE', 'radiotherapy'],
    [' rtrecord ', 'radiotherapy'],
    ['DOC', 'document'],
    ['ECG', 'waveform'],
    ['REG', 'other-object'],
    ['REPORT', 'report'],
    ['PDF', 'document'],
    ['EKG', 'waveform'],
    ['UNKNOWNCODE', 'image'],
  ];
  for (const [modality, kind] of cases) {
    it(`reads ${JSON.stringify(modality)} as ${kind}`, () => {
      expect(seriesKind({ modality })).to.equal(kind);
    });
  }

  it('tells image series from the others', () => {
    expect(isImageSeries({ modality: 'US' })).to.equal(true);
    expect(isImageSeries({ modality: 'SR' })).to.equal(false);
  });

  it('follows a configured local code', () => {
    const terminology = createTerminology({ modalities: { VERSLAG: 'SR', SCAN: 'CT' } });
    expect(seriesKind({ modality: 'VERSLAG' }, terminology)).to.equal('report');
    expect(seriesKind({ modality: 'SCAN' }, terminology)).to.equal('image');
    expect(seriesKind({ modality: 'VERSLAG' })).to.equal('image');
  });

  it('treats a modality that is not a string as unknown', () => {
    expect(seriesKind({ modality: 42 as unknown as string })).to.equal('image');
  });
});
