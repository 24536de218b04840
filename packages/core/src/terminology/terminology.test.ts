import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeCode, normalizeCodingScheme, sameCodingScheme } from './coding-schemes.js';
import { TerminologyConfigError } from './config.js';
import { MODALITIES, MODALITY_GROUPS, MODALITY_SYNONYMS } from './modality-table.js';
import { BODY_PART_TERMS, EXTRA_REGION_CODES, LOCAL_BODY_PARTS } from './region-table.js';
import { createTerminology, defaultTerminology, localizedName, terminologyLookupKey } from './terminology.js';

const terminology = defaultTerminology();

function regionIds(regions: readonly { id: string }[]): string[] {
  return regions.map((region) => region.id);
}

describe('coding schemes', () => {
  const snomedWritings = [
    'SCT',
    'sct',
    ' SNOMED-CT ',
    'SNOMED CT',
    'snomed',
    '2.16.840.1.113883.6.96',
    'urn:oid:2.16.840.1.113883.6.96',
    'URN:OID:2.16.840.1.113883.6.96',
    'http://snomed.info/sct',
    'https://snomed.info/sct/',
  ];

  for (const writing of snomedWritings) {
    it(`reads ${JSON.stringify(writing)} as SCT`, () => {
      assert.equal(normalizeCodingScheme(writing), 'SCT');
    });
  }

  it('reads DCM, LOINC and RadLex in every writing', () => {
    assert.equal(normalizeCodingScheme('1.2.840.10008.2.16.4'), 'DCM');
    assert.equal(normalizeCodingScheme('urn:oid:1.2.840.10008.2.16.4'), 'DCM');
    assert.equal(normalizeCodingScheme('http://dicom.nema.org/resources/ontology/DCM'), 'DCM');
    assert.equal(normalizeCodingScheme('LN'), 'LN');
    assert.equal(normalizeCodingScheme('loinc'), 'LN');
    assert.equal(normalizeCodingScheme('2.16.840.1.113883.6.1'), 'LN');
    assert.equal(normalizeCodingScheme('http://loinc.org'), 'LN');
    assert.equal(normalizeCodingScheme('RADLEX'), 'RADLEX');
    assert.equal(normalizeCodingScheme('2.16.840.1.113883.6.256'), 'RADLEX');
  });

  it('keeps an unknown scheme comparable', () => {
    assert.equal(normalizeCodingScheme('99local'), '99LOCAL');
    assert.equal(normalizeCodingScheme('urn:oid:1.2.3.4'), '1.2.3.4');
    assert.ok(sameCodingScheme('1.2.3.4', 'urn:oid:1.2.3.4'));
    assert.ok(!sameCodingScheme('1.2.3.4', '1.2.3.5'));
  });

  it('returns undefined for a missing scheme', () => {
    assert.equal(normalizeCodingScheme(undefined), undefined);
    assert.equal(normalizeCodingScheme('  '), undefined);
    assert.ok(!sameCodingScheme(undefined, undefined));
  });

  it('tells SNOMED-RT codes under the shared OID apart', () => {
    assert.deepEqual(normalizeCode('2.16.840.1.113883.6.96', 't-d4000'), { scheme: 'SRT', code: 'T-D4000' });
    assert.deepEqual(normalizeCode('SRT', '818981001'), { scheme: 'SCT', code: '818981001' });
    assert.deepEqual(normalizeCode('SCT', ' 818981001 '), { scheme: 'SCT', code: '818981001' });
  });
});

describe('modality normalisation', () => {
  it('reads defined terms in any case', () => {
    const info = terminology.resolveModality(' ct ');
    assert.equal(info.code, 'CT');
    assert.equal(info.sent, 'ct');
    assert.equal(info.known, true);
    assert.equal(info.group.id, 'ct');
    assert.equal(info.kind, 'image');
  });

  const synonyms: [string, string][] = [
    ['DR', 'DX'],
    ['PET', 'PT'],
    ['PET-CT', 'PT'],
    ['pet/ct', 'PT'],
    ['MRI', 'MR'],
    ['MRT', 'MR'],
    ['ECHO', 'US'],
    ['MAMMO', 'MG'],
    ['CT SCAN', 'CT'],
    ['EKG', 'ECG'],
  ];
  for (const [sent, code] of synonyms) {
    it(`reads the synonym ${sent} as ${code}`, () => {
      const info = terminology.resolveModality(sent);
      assert.equal(info.code, code);
      assert.equal(info.known, true);
      assert.equal(info.retired, false);
    });
  }

  it('groups retired terms with their successors', () => {
    const cases: [string, string][] = [
      ['ST', 'nuclear'],
      ['MA', 'mr'],
      ['MS', 'mr'],
      ['DS', 'angiography'],
      ['CD', 'us'],
      ['DD', 'us'],
      ['EC', 'us'],
      ['FA', 'ophthalmic'],
      ['FS', 'ophthalmic'],
      ['CP', 'endoscopy'],
      ['LP', 'endoscopy'],
      ['VF', 'angiography'],
    ];
    for (const [code, group] of cases) {
      const info = terminology.resolveModality(code);
      assert.equal(info.code, code, code);
      assert.equal(info.retired, true, code);
      assert.equal(info.group.id, group, code);
    }
  });

  it('groups CR, DX and DR as X-ray', () => {
    assert.deepEqual(
      ['CR', 'DX', 'DR'].map((code) => terminology.resolveModality(code).group.id),
      ['xray', 'xray', 'xray'],
    );
  });

  it('groups PT with NM and RF with XA', () => {
    assert.equal(terminology.resolveModality('PT').group.id, 'nuclear');
    assert.equal(terminology.resolveModality('NM').group.id, 'nuclear');
    assert.equal(terminology.resolveModality('RF').group.id, 'angiography');
    assert.equal(terminology.resolveModality('XA').group.id, 'angiography');
  });

  it('keeps non-image types apart from image modalities', () => {
    const expected: [string, string, string][] = [
      ['SR', 'reports', 'report'],
      ['DOC', 'reports', 'report'],
      ['KO', 'key-objects', 'object'],
      ['PR', 'key-objects', 'object'],
      ['SEG', 'segmentation-rt', 'object'],
      ['RTSTRUCT', 'segmentation-rt', 'object'],
      ['RTPLAN', 'segmentation-rt', 'object'],
      ['RTDOSE', 'segmentation-rt', 'object'],
      ['REG', 'segmentation-rt', 'object'],
      ['ECG', 'cardiology', 'waveform'],
      ['OT', 'other', 'image'],
    ];
    for (const [code, group, kind] of expected) {
      const info = terminology.resolveModality(code);
      assert.equal(info.group.id, group, code);
      assert.equal(info.kind, kind, code);
    }
  });

  it('keeps an unknown code with its text', () => {
    const info = terminology.resolveModality(' Zz9 ');
    assert.equal(info.known, false);
    assert.equal(info.code, 'ZZ9');
    assert.equal(info.sent, 'Zz9');
    assert.equal(info.group.id, 'other');
    assert.equal(info.kind, undefined);
    assert.equal(localizedName(info.names, 'nl'), 'Zz9');
  });

  it('does not throw on values that are not strings', () => {
    const info = terminology.resolveModality(42 as unknown as string);
    assert.equal(info.known, false);
    assert.equal(info.code, '');
  });

  it('gives every group and code an English and a Dutch name', () => {
    for (const group of MODALITY_GROUPS) {
      assert.ok(group.names.en, group.id);
      assert.ok(group.names.nl, group.id);
    }
    for (const modality of MODALITIES) {
      assert.ok(modality.names.en, modality.code);
      assert.ok(modality.names.nl, modality.code);
      assert.ok(MODALITY_GROUPS.some((group) => group.id === modality.group), modality.code);
    }
  });

  it('keeps terms unique and unshadowed by synonyms', () => {
    const codes = MODALITIES.map((modality) => modality.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const [synonym, code] of Object.entries(MODALITY_SYNONYMS)) {
      assert.ok(!codes.includes(synonym), synonym);
      assert.ok(codes.includes(code), `${synonym} → ${code}`);
    }
  });

  it('orders image groups first, other last', () => {
    const kinds = terminology.modalityGroups.map((group) => group.kind);
    const firstNonImage = kinds.findIndex((kind) => kind === 'report');
    assert.ok(kinds.slice(0, firstNonImage).every((kind) => kind === 'image' || kind === 'waveform'));
    assert.equal(terminology.modalityGroups.at(-1)?.id, 'other');
  });
});

describe('body regions', () => {
  const partCases: [string, string[]][] = [
    ['HEAD', ['head']],
    ['BRAIN', ['head']],
    ['SKULL', ['head']],
    ['CHEST', ['chest']],
    ['THORAX', ['chest']],
    ['ABDOMEN', ['abdomen']],
    ['PELVIS', ['pelvis']],
    ['ABDOMENPELVIS', ['abdomen', 'pelvis']],
    ['LSPINE', ['spine']],
    ['CSPINE', ['spine']],
    ['TSPINE', ['spine']],
    ['KNEE', ['lower-extremity']],
    ['HAND', ['upper-extremity']],
    ['BREAST', ['breast']],
    ['WHOLEBODY', ['whole-body']],
    ['HEART', ['heart']],
    ['l-spine', ['spine']],
    ['Whole Body', ['whole-body']],
    ['BUIK', ['abdomen']],
    ['WERVELKOLOM', ['spine']],
    ['borstkas', ['chest']],
    ['LWK', ['spine']],
  ];
  for (const [part, expected] of partCases) {
    it(`maps BodyPartExamined ${part}`, () => {
      assert.deepEqual(regionIds(terminology.resolveBodyPart(part)), expected);
    });
  }

  it('leaves the ambiguous Dutch BORST unmapped', () => {
    assert.deepEqual(terminology.resolveBodyPart('BORST'), []);
  });

  const schemeWritings = ['SCT', 'SNOMED', '2.16.840.1.113883.6.96', 'urn:oid:2.16.840.1.113883.6.96', 'http://snomed.info/sct'];
  for (const scheme of schemeWritings) {
    it(`maps SNOMED codes written with ${scheme}`, () => {
      assert.deepEqual(regionIds(terminology.resolveRegionCode({ scheme, code: '818981001' })), ['abdomen']);
      assert.deepEqual(regionIds(terminology.resolveRegionCode({ scheme, code: '122496007' })), ['spine']);
    });
  }

  it('maps the MADO high-level regions', () => {
    const mado: [string, string[]][] = [
      ['63337009', ['abdomen', 'pelvis']],
      ['38266002', ['whole-body']],
      ['53120007', ['upper-extremity']],
      ['61685007', ['lower-extremity']],
      ['67734004', ['chest']],
      ['774007', ['head', 'neck']],
      ['113257007', ['cardiovascular']],
      ['80891009', ['heart']],
      ['76752008', ['breast']],
      ['1141981001', ['spine']],
      ['737561001', ['spine']],
    ];
    for (const [code, expected] of mado) {
      assert.deepEqual(regionIds(terminology.resolveRegionCode({ scheme: 'SCT', code })), expected, code);
    }
  });

  it('does not map a SNOMED code under another scheme', () => {
    assert.deepEqual(terminology.resolveRegionCode({ scheme: 'LN', code: '818981001' }), []);
    assert.deepEqual(terminology.resolveRegionCode({ code: '818981001' }), []);
  });

  it('keeps unmapped parts and codes as text', () => {
    const anatomy = terminology.studyAnatomy({
      bodyParts: ['CHEST', 'PHANTOM', 'BORST', 'CHEST'],
      anatomicRegions: [
        { scheme: 'urn:oid:2.16.840.1.113883.6.96', code: '818981001', meaning: 'Abdomen' },
        { scheme: '99LOCAL', code: 'X1', meaning: 'Lokale regio' },
        { scheme: '99LOCAL', code: 'X2' },
      ],
    });
    assert.deepEqual(regionIds(anatomy.regions), ['chest', 'abdomen']);
    assert.deepEqual(anatomy.unmapped, ['PHANTOM', 'BORST', 'Lokale regio', '99LOCAL X2']);
  });

  it('skips malformed anatomy entries', () => {
    const anatomy = terminology.studyAnatomy({
      bodyParts: [null, 7, 'KNEE'] as unknown as string[],
      anatomicRegions: [null, { scheme: 'SCT' }, 'x'] as unknown as [],
    });
    assert.deepEqual(regionIds(anatomy.regions), ['lower-extremity']);
    assert.deepEqual(anatomy.unmapped, []);
    assert.deepEqual(terminology.studyAnatomy(undefined as never), { regions: [], unmapped: [] });
  });

  it('keeps codes shared by terms consistent', () => {
    const regionsByCode = new Map<string, string>();
    for (const [term, code, ...regions] of BODY_PART_TERMS) {
      if (code === null) continue;
      const key = [...regions].sort().join(' ');
      const previous = regionsByCode.get(code);
      assert.ok(previous === undefined || previous === key, `${term} (${code}): ${key} differs from ${previous}`);
      regionsByCode.set(code, key);
    }
    for (const [code] of EXTRA_REGION_CODES) assert.ok(!regionsByCode.has(code), `${code} is also a Table L-1 code`);
  });

  it('lists each term and local spelling once', () => {
    const keys = [...BODY_PART_TERMS.map(([term]) => term), ...LOCAL_BODY_PARTS.map(([spelling]) => spelling)].map(terminologyLookupKey);
    assert.equal(new Set(keys).size, keys.length);
  });

  it('names every region in English and Dutch', () => {
    for (const region of terminology.bodyRegions) {
      assert.ok(region.names.en, region.id);
      assert.ok(region.names.nl, region.id);
    }
  });
});

describe('localizedName', () => {
  const names = { en: 'Chest', nl: 'Thorax', 'pt-BR': 'Tórax' };

  it('picks the tag, then its primary subtag, then English', () => {
    assert.equal(localizedName(names, 'nl'), 'Thorax');
    assert.equal(localizedName(names, 'NL-be'), 'Thorax');
    assert.equal(localizedName(names, 'pt-br'), 'Tórax');
    assert.equal(localizedName(names, 'de'), 'Chest');
  });
});

describe('configuration', () => {
  it('adds a synonym and a new code', () => {
    const custom = createTerminology({
      modalities: {
        'RÖNTGEN THORAX': 'CR',
        'ECHO-HART': { group: 'us', names: { en: 'Echocardiography', nl: 'Echo hart' } },
        EH: { sameAs: 'ECHO-HART' },
      },
    });
    assert.equal(custom.resolveModality('Röntgen thorax').code, 'CR');
    const echo = custom.resolveModality('echo-hart');
    assert.equal(echo.code, 'ECHO-HART');
    assert.equal(echo.group.id, 'us');
    assert.equal(echo.kind, 'image');
    assert.equal(localizedName(echo.names, 'nl'), 'Echo hart');
    assert.equal(custom.resolveModality('EH').code, 'ECHO-HART');
  });

  it('moves a defined term to another group', () => {
    const custom = createTerminology(JSON.stringify({ modalities: { RF: { group: 'xray' } } }));
    const info = custom.resolveModality('RF');
    assert.equal(info.group.id, 'xray');
    assert.equal(localizedName(info.names, 'en'), 'Radiofluoroscopy');
    assert.equal(terminology.resolveModality('RF').group.id, 'angiography');
  });

  it('overrides a built-in synonym', () => {
    const custom = createTerminology({ modalities: { DR: 'CR' } });
    assert.equal(custom.resolveModality('DR').code, 'CR');
  });

  it('adds a group before other and renames one', () => {
    const custom = createTerminology({
      modalityGroups: { research: { kind: 'image', names: { en: 'Research', nl: 'Onderzoek' } }, xray: { names: { nl: 'Röntgenfoto' } } },
      modalities: { RSCH: { group: 'research' } },
    });
    const ids = custom.modalityGroups.map((group) => group.id);
    assert.equal(ids.at(-1), 'other');
    assert.equal(ids.at(-2), 'research');
    assert.equal(localizedName(custom.modalityGroup('xray')!.names, 'nl'), 'Röntgenfoto');
    assert.equal(localizedName(custom.modalityGroup('xray')!.names, 'en'), 'X-ray');
    assert.equal(custom.resolveModality('RSCH').group.id, 'research');
  });

  it('maps local body parts and codes, and removes a mapping', () => {
    const custom = createTerminology({
      bodyRegions: { 'lymph-nodes': { names: { en: 'Lymph nodes', nl: 'Lymfeklieren' } } },
      bodyParts: { BORST: 'chest', LYMF: ['lymph-nodes'], LWK: [] },
      regionCodes: [{ scheme: 'http://snomed.info/sct', code: '59441001', regions: 'lymph-nodes' }],
    });
    assert.deepEqual(regionIds(custom.resolveBodyPart('borst')), ['chest']);
    assert.deepEqual(regionIds(custom.resolveBodyPart('LYMF')), ['lymph-nodes']);
    assert.deepEqual(custom.resolveBodyPart('LWK'), []);
    assert.deepEqual(regionIds(custom.resolveRegionCode({ scheme: '2.16.840.1.113883.6.96', code: '59441001' })), ['lymph-nodes']);
  });

  it('extends a terminology that was extended before', () => {
    const first = createTerminology({ modalities: { XR: 'CR' } });
    const second = first.extend({ bodyParts: { THX: 'chest' } });
    assert.equal(second.resolveModality('XR').code, 'CR');
    assert.deepEqual(regionIds(second.resolveBodyPart('THX')), ['chest']);
    assert.deepEqual(first.resolveBodyPart('THX'), []);
  });

  it('returns the shared built-in terminology without configuration', () => {
    assert.equal(createTerminology(), defaultTerminology());
  });

  function problemsOf(config: unknown): readonly string[] {
    try {
      createTerminology(config as string);
    } catch (error) {
      assert.ok(error instanceof TerminologyConfigError);
      assert.equal(error.code, 'invalid-argument');
      return error.problems;
    }
    assert.fail('expected a TerminologyConfigError');
  }

  it('rejects text that is not JSON', () => {
    const [problem] = problemsOf('{"modalities": {');
    assert.match(problem, /not valid JSON/);
  });

  it('rejects JSON that is not an object', () => {
    assert.match(problemsOf('[1, 2]')[0], /must be a JSON object, not an array/);
    assert.match(problemsOf('null')[0], /not null/);
    assert.match(problemsOf(42)[0], /not a number/);
  });

  it('names every wrong value with its path', () => {
    const problems = problemsOf({
      modality: {},
      modalities: { XR: 5, YY: { sameAs: 'CR', group: 'xray' }, ZZ: { kind: 'picture', group: 'xray' } },
      modalityGroups: { 'Bad Id': { kind: 'image', names: { en: 'Bad' } } },
      bodyParts: { BORST: 7 },
      regionCodes: [{ scheme: 'SCT', regions: 'chest' }],
    });
    const text = problems.join('\n');
    assert.match(text, /\$\.modality is not a known setting/);
    assert.match(text, /\$\.modalities\.XR must be a code/);
    assert.match(text, /\$\.modalities\.YY has "sameAs" together with/);
    assert.match(text, /\$\.modalities\.ZZ\.kind must be one of image, waveform, report, object/);
    assert.match(text, /\$\.modalityGroups\["Bad Id"\]: a group id must be/);
    assert.match(text, /\$\.bodyParts\.BORST must be a region id/);
    assert.match(text, /\$\.regionCodes\[0\]\.code must be a non-empty string/);
  });

  it('rejects unknown groups, regions and synonym targets', () => {
    const problems = problemsOf({
      modalities: { XR: 'NOPE', QQ: { group: 'xrays' }, NEW: { names: { en: 'New' } } },
      bodyParts: { BORST: 'chestt' },
      regionCodes: [{ scheme: 'SCT', code: '1', regions: ['chest', 'moon'] }],
      bodyRegions: { 'new-region': { names: { nl: 'Nieuw' } } },
    });
    const text = problems.join('\n');
    assert.match(text, /"NOPE" is not a known modality code/);
    assert.match(text, /there is no group "xrays"/);
    assert.match(text, /\$\.modalities\["NEW"\] is a new code and needs a "group"/);
    assert.match(text, /unknown region "chestt"/);
    assert.match(text, /unknown region "moon"/);
    assert.match(text, /new-region is a new region and needs an English name/);
  });

  it('leaves terminology unchanged on rejection', () => {
    assert.throws(() => terminology.extend({ modalities: { DR: 'CR', XX: 'NOPE' } }), TerminologyConfigError);
    assert.equal(terminology.resolveModality('DR').code, 'DX');
  });

  it('summarises many problems in the message', () => {
    const bodyParts = Object.fromEntries(Array.from({ length: 8 }, (_, index) => [`P${index}`, 'nowhere']));
    try {
      createTerminology({ bodyParts });
      assert.fail('expected a TerminologyConfigError');
    } catch (error) {
      assert.ok(error instanceof TerminologyConfigError);
      assert.equal(error.problems.length, 8);
      assert.match(error.message, /^Invalid terminology configuration: /);
      assert.match(error.message, /\(3 more problems\)$/);
    }
  });
});
