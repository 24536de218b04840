import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildTimestamp } from './dicom-datetime.js';
import type { DicomJsonDataset } from './dicom-json.js';
import type { SourceInfo, Study } from './model.js';
import { countStudyFacets } from './study-facets.js';
import { filterStudies, isFilterActive, resolveDateRange, studyDaySpan, type StudyFilter } from './study-filter.js';
import { studyFromDicomJson } from './study-from-dicom-json.js';
import { createTerminology } from './terminology/terminology.js';

const own: SourceInfo = { id: 'own', label: 'Rijnstad Ziekenhuis', kind: 'internal' };
const noordwijk: SourceInfo = { id: 'noordwijk', label: 'Noordwijk MC', kind: 'external' };
const TODAY = '2026-03-15';

interface Fixture {
  date?: string;
  modalities?: string[];
  description?: string;
  institution?: string;
  accession?: string;
  sources?: SourceInfo[];
  bodyParts?: string[];
  regions?: Study['anatomicRegions'];
  reports?: Study['reports'];
}

function study(uid: string, fixture: Fixture = {}): Study {
  const result: Study = {
    studyInstanceUid: uid,
    modalities: fixture.modalities ?? ['CT'],
    modalitiesKnown: (fixture.modalities ?? ['CT']).length > 0,
    bodyParts: fixture.bodyParts ?? [],
    anatomicRegions: fixture.regions ?? [],
    performingPhysicians: [],
    sources: (fixture.sources ?? [own]).map((source) => ({ source })),
    reports: fixture.reports ?? [],
    warnings: [],
  };
  if (fixture.description !== undefined) result.description = fixture.description;
  if (fixture.institution !== undefined) result.institution = fixture.institution;
  if (fixture.accession !== undefined) result.accessionNumber = fixture.accession;
  if (fixture.date !== undefined) {
    const [year, month, day] = fixture.date.split('-').map(Number);
    result.timestamp = buildTimestamp({ year, month, day });
  }
  return result;
}

function uids(studies: readonly Study[]): string[] {
  return studies.map((entry) => entry.studyInstanceUid);
}

function run(studies: readonly unknown[], filter: StudyFilter | undefined | null): string[] {
  return uids(filterStudies(studies, filter, { today: TODAY }).studies);
}

const history: Study[] = [
  study('ct-abdomen', { date: '2025-06-01', modalities: ['CT', 'SR'], description: 'CT abdomen met contrast', bodyParts: ['ABDOMEN'], accession: 'RZ-1001' }),
  study('mr-knee', { date: '2019-02-10', modalities: ['MR'], description: 'MRI knie links', bodyParts: ['KNEE'], institution: 'Rijnstad Ziekenhuis' }),
  study('dr-chest', { date: '2025-11-30', modalities: ['DR'], description: 'X-thorax', sources: [noordwijk], institution: 'Noordwijk MC' }),
  study('cr-hand', { date: '2012', modalities: ['CR'], description: 'Hand', sources: [noordwijk] }),
  study('pet', { date: '2023-03-15', modalities: ['PET', 'CT'], description: 'PET-CT', regions: [{ scheme: 'http://snomed.info/sct', code: '38266002' }] }),
  study('report-only', { date: '2025-12-01', modalities: ['DOC'], description: 'Verslag extern', sources: [noordwijk] }),
  study('unknown-modality', { date: '2022-01-01', modalities: [], description: 'Onbekend' }),
  study('odd-code', { date: '2021-05-05', modalities: ['ZZ'], description: 'Lokaal onderzoek' }),
  study('undated', { modalities: ['CT'], description: 'CT hersenen zonder datum', bodyParts: ['HEAD'] }),
];

describe('filterStudies', () => {
  it('keeps everything, undated included, without a filter', () => {
    const result = filterStudies(history, undefined, { today: TODAY });

    assert.deepEqual(uids(result.studies), uids(history));
    assert.equal(result.total, history.length);
    assert.equal(result.undatedExcluded, 0);
  });

  it('keeps everything for an empty filter', () => {
    assert.deepEqual(run(history, { modalityGroups: [], sourceIds: [], search: '  ', dateRange: { preset: 'all' } }), uids(history));
  });

  it('finds CT\\SR and leaves out unknown modalities', () => {
    const datasets: DicomJsonDataset[] = [
      { '0020000D': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.101'] }, '00080060': { vr: 'CS' }, '00080061': { vr: 'CS', Value: ['ES'] } },
      { '0020000D': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.102'] }, '00080061': { vr: 'CS' } },
      { '0020000D': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.103'] }, '00080061': { vr: 'CS', Value: ['CT\\SR'] } },
      { '0020000D': { vr: 'UI', Value: ['1.2.826.0.1.3680043.8.498.104'] }, '00080061': { vr: 'CS', Value: ['MR', '*'] } },
    ];
    const studies = datasets.map((dataset) => studyFromDicomJson(dataset, own)!);

    assert.deepEqual(run(studies, { modalityGroups: ['ct'] }), ['1.2.826.0.1.3680043.8.498.103']);
    assert.deepEqual(run(studies, { modalities: ['ct'] }), ['1.2.826.0.1.3680043.8.498.103']);
    assert.deepEqual(run(studies, { includeUnknownModality: true }), ['1.2.826.0.1.3680043.8.498.102']);
  });

  it('reads modality choices through the terminology', () => {
    assert.deepEqual(run(history, { modalityGroups: ['xray'] }), ['dr-chest', 'cr-hand']);
    assert.deepEqual(run(history, { modalities: ['DX'] }), ['dr-chest']);
    assert.deepEqual(run(history, { modalities: ['DR'] }), ['dr-chest']);
    assert.deepEqual(run(history, { modalityGroups: ['nuclear'] }), ['pet']);
    assert.deepEqual(run(history, { modalityGroups: ['other'] }), ['odd-code']);
    assert.deepEqual(run(history, { modalities: ['zz'] }), ['odd-code']);
  });

  it('treats choices within a facet as alternatives', () => {
    assert.deepEqual(run(history, { modalityGroups: ['mr', 'xray'] }), ['mr-knee', 'dr-chest', 'cr-hand']);
    assert.deepEqual(run(history, { modalityGroups: ['mr'], includeUnknownModality: true }), ['mr-knee', 'unknown-modality']);
  });

  it('requires every facet across facets', () => {
    assert.deepEqual(run(history, { modalityGroups: ['ct'], sourceIds: ['own'], dateRange: { preset: 'last-5-years' } }), ['ct-abdomen', 'pet']);
  });

  it('filters by source and institution', () => {
    assert.deepEqual(run(history, { sourceIds: ['noordwijk'] }), ['dr-chest', 'cr-hand', 'report-only']);
    assert.deepEqual(run(history, { institutions: [' noordwijk mc '] }), ['dr-chest']);
    assert.deepEqual(run(history, { sourceIds: ['elsewhere'] }), []);
  });

  it('filters by content type', () => {
    const withReport = study('mr-with-report', { date: '2020-01-01', modalities: ['MR'], reports: [{ kind: 'document', title: 'Verslag' }] });
    const studies = [...history, withReport];

    assert.deepEqual(run(studies, { types: ['reports'] }), ['ct-abdomen', 'report-only', 'mr-with-report']);
    assert.deepEqual(run(studies, { types: ['images'] }), ['ct-abdomen', 'mr-knee', 'dr-chest', 'cr-hand', 'pet', 'undated', 'mr-with-report']);
    assert.equal(run(studies, { types: ['images', 'reports'] }).length, 8);
  });

  it('filters by body region from parts and codes', () => {
    assert.deepEqual(run(history, { bodyRegions: ['abdomen'] }), ['ct-abdomen']);
    assert.deepEqual(run(history, { bodyRegions: ['whole-body', 'head'] }), ['pet', 'undated']);
  });

  describe('date range', () => {
    it('reaches back one year from today', () => {
      assert.deepEqual(run(history, { dateRange: { preset: 'last-year' } }), ['ct-abdomen', 'dr-chest', 'report-only']);
    });

    it('includes the day exactly one or five years ago', () => {
      const edge = [study('one-year', { date: '2025-03-15' }), study('one-year-minus', { date: '2025-03-14' })];
      assert.deepEqual(run(edge, { dateRange: { preset: 'last-year' } }), ['one-year']);
      assert.deepEqual(run(history, { dateRange: { preset: 'last-5-years' } }), ['ct-abdomen', 'dr-chest', 'pet', 'report-only', 'unknown-modality', 'odd-code']);
    });

    it('counts undated studies that only the range leaves out', () => {
      const result = filterStudies(history, { dateRange: { preset: 'last-year' } }, { today: TODAY });
      assert.equal(result.undatedExcluded, 1);
      assert.equal(result.total, 9);

      const narrowed = filterStudies(history, { dateRange: { preset: 'last-year' }, modalityGroups: ['mr'] }, { today: TODAY });
      assert.equal(narrowed.undatedExcluded, 0);
    });

    it('matches a year-only date that overlaps the range', () => {
      assert.deepEqual(run(history, { dateRange: { preset: 'custom', from: '2012-12-01', to: '2012-12-31' } }), ['cr-hand']);
      assert.deepEqual(run(history, { dateRange: { preset: 'custom', from: '2013-01-01' } }).includes('cr-hand'), false);
    });

    it('reads a custom range inclusively and in either order', () => {
      const expected = ['mr-knee', 'unknown-modality', 'odd-code'];
      assert.deepEqual(run(history, { dateRange: { preset: 'custom', from: '2019-02-10', to: '2022-01-01' } }), expected);
      assert.deepEqual(run(history, { dateRange: { preset: 'custom', from: '2022-01-01', to: '2019-02-10' } }), expected);
      assert.deepEqual(run(history, { dateRange: { preset: 'custom', to: '2012' } }), ['cr-hand']);
    });

    it('ignores invalid boundaries', () => {
      assert.deepEqual(run(history, { dateRange: { preset: 'custom', from: '2021-02-30', to: 'soon' } }), uids(history));
      assert.deepEqual(run(history, { dateRange: { preset: 'custom' } }), uids(history));
      assert.deepEqual(run(history, { dateRange: { preset: 'someday' as 'all' } }), uids(history));
    });

    it('computes presets from a Date in UTC', () => {
      const range = resolveDateRange({ preset: 'last-year' }, new Date(Date.UTC(2024, 1, 29, 23, 30)));
      assert.deepEqual(range, { from: Date.UTC(2023, 1, 28) / 86_400_000, to: undefined });
    });

    it('treats a timestamp without a finite epochMs as undated', () => {
      const broken = study('broken', { date: '2025-06-01' });
      broken.timestamp = { ...broken.timestamp!, epochMs: Number.NaN };
      assert.equal(studyDaySpan(broken), undefined);
      assert.deepEqual(run([broken], { dateRange: { preset: 'last-year' } }), []);
      assert.deepEqual(run([broken], {}), ['broken']);
    });
  });

  describe('search', () => {
    it('matches description, institution and accession number without case', () => {
      assert.deepEqual(run(history, { search: 'ABDOMEN' }), ['ct-abdomen']);
      assert.deepEqual(run(history, { search: 'noordwijk' }), ['dr-chest', 'cr-hand', 'report-only']);
      assert.deepEqual(run(history, { search: 'rz-1001' }), ['ct-abdomen']);
    });

    it('requires every word', () => {
      assert.deepEqual(run(history, { search: 'ct  contrast' }), ['ct-abdomen']);
      assert.deepEqual(run(history, { search: 'ct knie' }), []);
    });

    it('matches body region names in English and Dutch', () => {
      assert.deepEqual(run(history, { search: 'buik' }), ['ct-abdomen']);
      assert.deepEqual(run(history, { search: 'lower extremity' }), ['mr-knee']);
      assert.deepEqual(run(history, { search: 'hele lichaam' }), ['pet']);
    });

    it('ignores accents', () => {
      const accented = study('accent', { description: 'Échographie rénale' });
      assert.deepEqual(run([accented], { search: 'renale' }), ['accent']);
      assert.deepEqual(run([accented], { search: 'RÉNALE' }), ['accent']);
    });
  });

  describe('bad input', () => {
    it('skips values that are not studies', () => {
      const result = filterStudies([null, 3, 'x', { studyInstanceUid: 5 }, history[0]], {}, { today: TODAY });
      assert.deepEqual(uids(result.studies), ['ct-abdomen']);
      assert.equal(result.total, 1);
    });

    it('accepts a missing or malformed study list', () => {
      assert.deepEqual(filterStudies(undefined, {}).studies, []);
      assert.deepEqual(filterStudies('studies' as unknown as Study[], {}).studies, []);
    });

    it('ignores malformed filter values', () => {
      const filter = { modalityGroups: 'ct', sourceIds: [7], search: 12, dateRange: 'last-year' } as unknown as StudyFilter;
      assert.deepEqual(run(history, filter), uids(history));
      assert.deepEqual(run(history, null), uids(history));
    });

    it('reads studies with missing lists', () => {
      const bare = { studyInstanceUid: 'bare', description: 'CT thorax' } as unknown as Study;
      assert.deepEqual(run([bare], { search: 'thorax' }), ['bare']);
      assert.deepEqual(run([bare], { modalityGroups: ['ct'] }), []);
      assert.deepEqual(run([bare], { includeUnknownModality: true }), ['bare']);
    });
  });

  it('uses an institution’s terminology', () => {
    const terminology = createTerminology({ modalities: { RF: { group: 'xray' } } });
    const studies = [study('rf', { modalities: ['RF'] })];
    assert.deepEqual(uids(filterStudies(studies, { modalityGroups: ['xray'] }, { terminology }).studies), ['rf']);
    assert.deepEqual(uids(filterStudies(studies, { modalityGroups: ['xray'] }).studies), []);
  });
});

describe('isFilterActive', () => {
  it('is false for nothing chosen', () => {
    assert.equal(isFilterActive(undefined), false);
    assert.equal(isFilterActive({}), false);
    assert.equal(isFilterActive({ modalityGroups: [], search: ' ', dateRange: { preset: 'all' } }), false);
    assert.equal(isFilterActive({ dateRange: { preset: 'custom', from: 'nonsense' } }), false);
  });

  it('is true for any choice', () => {
    assert.equal(isFilterActive({ modalityGroups: ['ct'] }), true);
    assert.equal(isFilterActive({ includeUnknownModality: true }), true);
    assert.equal(isFilterActive({ search: 'knie' }), true);
    assert.equal(isFilterActive({ dateRange: { preset: 'last-year' } }), true);
  });
});

describe('countStudyFacets', () => {
  it('counts every group, source, type and region that occurs', () => {
    const counts = countStudyFacets(history, {}, { today: TODAY });

    assert.equal(counts.total, 9);
    assert.equal(counts.matching, 9);
    assert.deepEqual(
      counts.modalityGroups.map(({ group, count, codes }) => [group.id, count, codes.join(' ')]),
      [
        ['ct', 3, 'CT'],
        ['mr', 1, 'MR'],
        ['xray', 2, 'DX CR'],
        ['nuclear', 1, 'PT'],
        ['reports', 2, 'SR DOC'],
        ['other', 1, 'ZZ'],
      ],
    );
    assert.deepEqual(counts.unknownModality, { present: 1, count: 1 });
    assert.deepEqual(counts.sources.map(({ source, count }) => [source.id, count]), [['own', 6], ['noordwijk', 3]]);
    assert.deepEqual(counts.institutions, [
      { name: 'Rijnstad Ziekenhuis', count: 1 },
      { name: 'Noordwijk MC', count: 1 },
    ]);
    assert.deepEqual(counts.types, [
      { type: 'images', count: 6 },
      { type: 'reports', count: 2 },
    ]);
    assert.deepEqual(counts.regions.map(({ region, count }) => [region.id, count]), [
      ['head', 1],
      ['abdomen', 1],
      ['lower-extremity', 1],
      ['whole-body', 1],
    ]);
  });

  it('applies the other facets but not a facet’s own choices', () => {
    const counts = countStudyFacets(history, { modalityGroups: ['ct'], sourceIds: ['noordwijk'] }, { today: TODAY });

    assert.equal(counts.matching, 0);
    const groupCounts = Object.fromEntries(counts.modalityGroups.map(({ group, count }) => [group.id, count]));
    assert.deepEqual(groupCounts, { ct: 0, mr: 0, xray: 2, nuclear: 0, reports: 1, other: 0 });
    assert.deepEqual(counts.sources.map(({ source, count }) => [source.id, count]), [['own', 3], ['noordwijk', 0]]);
  });

  it('counts undated studies that the range leaves out', () => {
    const counts = countStudyFacets(history, { dateRange: { preset: 'last-year' } }, { today: TODAY });
    assert.equal(counts.matching, 3);
    assert.equal(counts.undatedExcluded, 1);
  });
});
