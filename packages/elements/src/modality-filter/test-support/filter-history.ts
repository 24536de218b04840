/**
 * A made-up history for filter, list and timeline tests and stories, with
 * studies of several modalities from two archives and a regional exchange.
 * Dates count back from today, so that the date presets keep their meaning.
 */
import type { Study } from '@studyline/core';
import { NOORDWIJK, OWN_ARCHIVE, REGIONAL_XDS, makeStudy, type StudyFixture } from '../../timeline/test-support/generate-history.js';

/** Returns the UTC calendar date `days` days before today, as `YYYY-MM-DD`. */
export function daysAgo(days: number): string {
  return new Date(Date.now() - days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

interface FilterFixture extends StudyFixture {
  bodyParts?: string[];
  accessionNumber?: string;
}

function withExtras(fixture: FilterFixture): Study {
  const study = makeStudy(fixture);
  if (fixture.bodyParts !== undefined) study.bodyParts = fixture.bodyParts;
  if (fixture.accessionNumber !== undefined) study.accessionNumber = fixture.accessionNumber;
  return study;
}

/**
 * Thirteen studies. By modality group: CT 5 (one CT\SR, one PET-CT, one
 * undated), MR 2, X-ray 3 (CR, DX and DR), ultrasound 1, nuclear 1, reports 2
 * (SR and DOC), and one study without modalities. By source: 8 in the own
 * archive, 3 at Noordwijk MC, 2 in Regio XDS. By date: 4 from the last year,
 * 9 from the last five years, 12 dated and 1 undated.
 */
export function filterHistory(): Study[] {
  return [
    withExtras({ uid: 'f.1', date: daysAgo(20), time: '09:30', modalities: ['CT', 'SR'], description: 'CT abdomen', bodyParts: ['ABDOMEN'], accessionNumber: 'RZ-9001' }),
    withExtras({ uid: 'f.2', date: daysAgo(20), time: '14:10', modalities: ['DX'], description: 'Thorax PA', bodyParts: ['CHEST'] }),
    withExtras({ uid: 'f.3', date: daysAgo(150), modalities: ['MR'], description: 'MRI knie', bodyParts: ['KNEE'], sources: [NOORDWIJK], institution: 'Noordwijk MC' }),
    withExtras({ uid: 'f.4', date: daysAgo(300), modalities: ['DOC'], description: 'Verslag huisarts', sources: [REGIONAL_XDS] }),
    withExtras({ uid: 'f.5', date: daysAgo(500), modalities: ['CT'], description: 'CT thorax', bodyParts: ['THORAX'] }),
    withExtras({ uid: 'f.6', date: daysAgo(800), modalities: ['US'], description: 'Echo bovenbuik', bodyParts: ['BUIK'], sources: [NOORDWIJK], institution: 'Noordwijk MC' }),
    withExtras({ uid: 'f.7', date: daysAgo(1000), modalities: ['PT', 'CT'], description: 'PET-CT', bodyParts: ['WHOLEBODY'] }),
    withExtras({ uid: 'f.8', date: daysAgo(1400), modalities: ['CR'], description: 'Hand rechts', bodyParts: ['HAND'], sources: [NOORDWIJK], institution: 'Noordwijk MC' }),
    withExtras({ uid: 'f.9', date: daysAgo(1700), modalities: [], description: 'Onbekend onderzoek' }),
    withExtras({ uid: 'f.10', date: daysAgo(2500), modalities: ['MR'], description: 'MRI hersenen', bodyParts: ['BRAIN'] }),
    withExtras({ uid: 'f.11', date: daysAgo(3200), modalities: ['DR'], description: 'Bekken', bodyParts: ['PELVIS'], sources: [REGIONAL_XDS] }),
    withExtras({ uid: 'f.12', date: daysAgo(4000), modalities: ['CT'], description: 'CT hersenen', bodyParts: ['HEAD'] }),
    withExtras({ uid: 'f.u', modalities: ['CT'], description: 'CT zonder datum', sources: [OWN_ARCHIVE] }),
  ];
}
