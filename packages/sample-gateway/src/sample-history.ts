/**
 * The fictional patient history that the generator writes: one patient,
 * studies from 2013 to 2026 at the own hospital and two external hospitals.
 *
 * Everything here is made up. The pixel data comes from the templates in
 * `fixtures/templates/`, which are real sample files (see the README there).
 */

/** The one patient of the sample history. */
export const SAMPLE_PATIENT = {
  id: 'SL-0001',
  issuer: 'STUDYLINE-DEMO',
  name: 'Jansen^Anna',
  birthDate: '19680412',
  sex: 'F',
} as const;

/** One DICOMweb source that serves part of the sample history. */
export interface SampleSourceDefinition {
  /** Path segment of the source's DICOMweb root, `/dicomweb/<key>/`. */
  key: string;
  label: string;
  kind: 'internal' | 'external';
  institution: string;
  /**
   * Maximum number of studies that one QIDO-RS study search returns. Further
   * matches cannot be reached through `offset` either, as with archives
   * that cap every search.
   */
  maxResults?: number;
}

export const SAMPLE_SOURCES: readonly SampleSourceDefinition[] = [
  { key: 'own', label: 'Studyline Medisch Centrum', kind: 'internal', institution: 'Studyline Medisch Centrum' },
  { key: 'rijnstad', label: 'Rijnstad Ziekenhuis', kind: 'external', institution: 'Rijnstad Ziekenhuis' },
  { key: 'noordzee', label: 'Noordzee Kliniek', kind: 'external', institution: 'Noordzee Kliniek', maxResults: 4 },
];

/** Template files in `fixtures/templates/`, by the name the plan uses. */
export const TEMPLATE_FILES = {
  ct: 'CT_small.dcm',
  mr: 'MR_small.dcm',
  mrRle: 'MR_small_RLE.dcm',
  mrJpegLs: 'MR_small_jpeg_ls_lossless.dcm',
  mrJpeg2000: 'MR_small_jp2klossless.dcm',
  nmJpeg2000: 'JPEG2000.dcm',
  nmJpeg: 'JPEG-lossy.dcm',
  rgbJpeg: 'SC_rgb_jpeg_dcmtk.dcm',
  cr: 'CR_small.dcm',
  sr: 'test-SR.dcm',
} as const;

export type TemplateName = keyof typeof TEMPLATE_FILES;

/** Storage SOP Class UID for each modality that the plan uses (PS3.4 Annex B). */
export const SOP_CLASS_BY_MODALITY: Readonly<Record<string, string>> = {
  CR: '1.2.840.10008.5.1.4.1.1.1',
  DX: '1.2.840.10008.5.1.4.1.1.1.1',
  MG: '1.2.840.10008.5.1.4.1.1.1.2',
  CT: '1.2.840.10008.5.1.4.1.1.2',
  MR: '1.2.840.10008.5.1.4.1.1.4',
  US: '1.2.840.10008.5.1.4.1.1.6.1',
  XA: '1.2.840.10008.5.1.4.1.1.12.1',
  NM: '1.2.840.10008.5.1.4.1.1.20',
  PT: '1.2.840.10008.5.1.4.1.1.128',
  // Comprehensive SR, the class of the template document.
  SR: '1.2.840.10008.5.1.4.1.1.88.33',
};

export interface SeriesPlan {
  template: TemplateName;
  modality: string;
  description: string;
  /** Number of copies of the template in the series, each with its own SOP Instance UID and InstanceNumber. */
  instances: number;
}

export interface AccessionIssuerPlan {
  localId: string;
  universalId: string;
  universalIdType: string;
}

export interface StudyPlan {
  /** Stable name of the study, from which its UIDs derive. */
  key: string;
  /** Keys of the sources that hold the study. More than one means the same Study Instance UID at each. */
  sources: readonly string[];
  /** The institution where the study took place, written to InstitutionName. */
  institution: string;
  /** StudyDate as DICOM DA, absent for the undated study. */
  date?: string;
  /** StudyTime as DICOM TM with the precision the modality would send, absent when unknown. */
  time?: string;
  description: string;
  accessionNumber: string;
  accessionIssuer?: AccessionIssuerPlan;
  referringPhysician?: string;
  bodyPart: string;
  studyId: string;
  series: readonly SeriesPlan[];
}

const OWN = 'Studyline Medisch Centrum';
const RIJNSTAD = 'Rijnstad Ziekenhuis';
const NOORDZEE = 'Noordzee Kliniek';

/** Issuer of the own hospital's accession numbers. The OID is under the example root, so it is fictional. */
const OWN_ACCESSION_ISSUER: AccessionIssuerPlan = {
  localId: 'SMC',
  universalId: '1.2.826.0.1.3680043.8.498.1',
  universalIdType: 'ISO',
};

const RIJNSTAD_ACCESSION_ISSUER: AccessionIssuerPlan = {
  localId: 'RZ',
  universalId: '1.2.826.0.1.3680043.8.498.2',
  universalIdType: 'ISO',
};

function ownStudy(plan: Omit<StudyPlan, 'sources' | 'institution' | 'accessionIssuer'>): StudyPlan {
  return { ...plan, sources: ['own'], institution: OWN, accessionIssuer: OWN_ACCESSION_ISSUER };
}

function rijnstadStudy(plan: Omit<StudyPlan, 'sources' | 'institution'>): StudyPlan {
  return { ...plan, sources: ['rijnstad'], institution: RIJNSTAD };
}

function noordzeeStudy(plan: Omit<StudyPlan, 'sources' | 'institution'>): StudyPlan {
  return { ...plan, sources: ['noordzee'], institution: NOORDZEE };
}

/** Returns a report series of one SR document. */
function report(description = 'Verslag'): SeriesPlan {
  return { template: 'sr', modality: 'SR', description, instances: 1 };
}

/**
 * The studies of the sample history, oldest first. The study `smc-2022-mr-lwk`
 * is at the own hospital and at Rijnstad with the same Study Instance UID.
 * The study `smc-undated-cr-pelvis` has no StudyDate.
 */
export const SAMPLE_STUDIES: readonly StudyPlan[] = [
  // The own hospital.
  ownStudy({
    key: 'smc-2013-cr-thorax', date: '20130314', time: '0930', description: 'X-thorax', accessionNumber: 'SMC13-0041',
    referringPhysician: 'de Vries^Pieter', bodyPart: 'CHEST', studyId: '1001',
    series: [{ template: 'cr', modality: 'CR', description: 'Thorax PA en lateraal', instances: 2 }],
  }),
  ownStudy({
    key: 'smc-2013-ct-abdomen', date: '20131105', time: '141203', description: 'CT abdomen', accessionNumber: 'SMC13-0388',
    referringPhysician: 'Bakker^Sanne', bodyPart: 'ABDOMEN', studyId: '1002',
    series: [
      { template: 'ct', modality: 'CT', description: 'Abdomen blanco', instances: 3 },
      { template: 'ct', modality: 'CT', description: 'Abdomen veneuze fase', instances: 3 },
      report(),
    ],
  }),
  ownStudy({
    key: 'smc-2014-us-abdomen', date: '20140620', time: '1115', description: 'Echo bovenbuik', accessionNumber: 'SMC14-0213',
    referringPhysician: 'Bakker^Sanne', bodyPart: 'ABDOMEN', studyId: '1003',
    series: [{ template: 'rgbJpeg', modality: 'US', description: 'Lever en galblaas', instances: 3 }],
  }),
  ownStudy({
    key: 'smc-2015-mr-knee', date: '20150209', time: '1030', description: 'MRI knie links', accessionNumber: 'SMC15-0077',
    referringPhysician: 'van den Berg^Noël', bodyPart: 'KNEE', studyId: '1004',
    series: [
      { template: 'mrRle', modality: 'MR', description: 'PD sagittaal', instances: 3 },
      { template: 'mrRle', modality: 'MR', description: 'T2 coronaal', instances: 3 },
    ],
  }),
  ownStudy({
    key: 'smc-2015-mg-screening', date: '20150930', time: '084500', description: 'Mammografie bevolkingsonderzoek',
    accessionNumber: 'SMC15-0502', bodyPart: 'BREAST', studyId: '1005',
    series: [{ template: 'cr', modality: 'MG', description: 'CC en MLO beiderzijds', instances: 4 }],
  }),
  ownStudy({
    key: 'smc-2016-nm-bone', date: '20160418', time: '1300', description: 'Skeletscintigrafie', accessionNumber: 'SMC16-0145',
    referringPhysician: 'de Vries^Pieter', bodyPart: 'WHOLEBODY', studyId: '1006',
    series: [{ template: 'nmJpeg2000', modality: 'NM', description: 'Totale lichaam voor en achter', instances: 2 }, report()],
  }),
  ownStudy({
    key: 'smc-2017-ct-thorax', date: '20170123', time: '093015.123456', description: 'CT thorax', accessionNumber: 'SMC17-0032',
    referringPhysician: 'van den Berg^Noël', bodyPart: 'CHEST', studyId: '1007',
    series: [{ template: 'ct', modality: 'CT', description: 'Thorax met contrast', instances: 4 }, report()],
  }),
  ownStudy({
    key: 'smc-2017-dx-ankle', date: '20170814', time: '1645', description: 'X-enkel rechts', accessionNumber: 'SMC17-0611',
    bodyPart: 'ANKLE', studyId: '1008',
    series: [{ template: 'cr', modality: 'DX', description: 'Enkel AP en lateraal', instances: 2 }],
  }),
  ownStudy({
    key: 'smc-2018-mr-brain', date: '20180502', time: '101500', description: 'MRI hersenen', accessionNumber: 'SMC18-0290',
    referringPhysician: 'Bakker^Sanne', bodyPart: 'BRAIN', studyId: '1009',
    series: [
      { template: 'mrJpegLs', modality: 'MR', description: 'T1 sagittaal', instances: 3 },
      { template: 'mrJpegLs', modality: 'MR', description: 'T2 transversaal', instances: 3 },
      { template: 'mrJpegLs', modality: 'MR', description: 'FLAIR transversaal', instances: 2 },
      report(),
    ],
  }),
  ownStudy({
    // The en dash needs UTF-8 (ISO_IR 192) and shows whether clients decode it.
    key: 'smc-2019-us-thyroid', date: '20191011', time: '1400', description: 'Echo schildklier – controle',
    accessionNumber: 'SMC19-0733', referringPhysician: 'de Vries^Pieter', bodyPart: 'THYROID', studyId: '1010',
    series: [{ template: 'rgbJpeg', modality: 'US', description: 'Schildklier transversaal en longitudinaal', instances: 2 }],
  }),
  ownStudy({
    key: 'smc-2020-pt-fdg', date: '20200303', time: '0815', description: 'PET-CT FDG', accessionNumber: 'SMC20-0120',
    referringPhysician: 'van den Berg^Noël', bodyPart: 'WHOLEBODY', studyId: '1011',
    series: [
      { template: 'nmJpeg', modality: 'PT', description: 'PET FDG gecorrigeerd', instances: 2 },
      { template: 'ct', modality: 'CT', description: 'CT lage dosis', instances: 2 },
      report(),
    ],
  }),
  ownStudy({
    key: 'smc-2021-xa-coronary', date: '20210615', time: '112030', description: 'Coronairangiografie',
    accessionNumber: 'SMC21-0409', referringPhysician: 'Bakker^Sanne', bodyPart: 'HEART', studyId: '1012',
    series: [{ template: 'mrRle', modality: 'XA', description: 'Linker coronairarterie', instances: 3 }],
  }),
  {
    // Sent to Rijnstad for a second opinion, so Rijnstad has it under the same Study Instance UID.
    key: 'smc-2022-mr-lwk', sources: ['own', 'rijnstad'], institution: OWN, date: '20220908', time: '1520',
    description: 'MRI lumbale wervelkolom', accessionNumber: 'SMC22-0555', accessionIssuer: OWN_ACCESSION_ISSUER,
    referringPhysician: 'de Vries^Pieter', bodyPart: 'LSPINE', studyId: '1013',
    series: [
      { template: 'mrJpeg2000', modality: 'MR', description: 'T2 sagittaal', instances: 3 },
      { template: 'mrJpeg2000', modality: 'MR', description: 'T1 sagittaal', instances: 2 },
    ],
  },
  ownStudy({
    key: 'smc-2023-ct-thorax', date: '20231120', time: '0905', description: 'CT thorax controle', accessionNumber: 'SMC23-0871',
    referringPhysician: 'van den Berg^Noël', bodyPart: 'CHEST', studyId: '1014',
    series: [{ template: 'ct', modality: 'CT', description: 'Thorax met contrast', instances: 3 }, report()],
  }),
  ownStudy({
    key: 'smc-2024-mg-screening', date: '20240701', description: 'Mammografie bevolkingsonderzoek', accessionNumber: 'SMC24-0466',
    bodyPart: 'BREAST', studyId: '1015',
    series: [{ template: 'cr', modality: 'MG', description: 'CC en MLO beiderzijds', instances: 4 }],
  }),
  ownStudy({
    key: 'smc-2025-cr-thorax', date: '20250414', time: '08', description: 'X-thorax', accessionNumber: 'SMC25-0298',
    referringPhysician: 'de Vries^Pieter', bodyPart: 'CHEST', studyId: '1016',
    series: [{ template: 'cr', modality: 'CR', description: 'Thorax PA', instances: 1 }],
  }),
  ownStudy({
    key: 'smc-2026-mr-knee', date: '20261027', description: 'MRI knie rechts', accessionNumber: 'SMC26-0712',
    referringPhysician: 'van den Berg^Noël', bodyPart: 'KNEE', studyId: '1017',
    series: [
      { template: 'mr', modality: 'MR', description: 'PD sagittaal', instances: 3 },
      { template: 'mr', modality: 'MR', description: 'T1 coronaal', instances: 2 },
    ],
  }),
  ownStudy({
    // A scanned film from the paper archive, whose acquisition date was never recorded.
    key: 'smc-undated-cr-pelvis', description: 'X-bekken (gedigitaliseerde film)', accessionNumber: 'SMC-ARCH-0007',
    bodyPart: 'PELVIS', studyId: '1018',
    series: [{ template: 'cr', modality: 'CR', description: 'Bekken AP', instances: 1 }],
  }),

  // Rijnstad Ziekenhuis.
  rijnstadStudy({
    key: 'rz-2014-ct-head', date: '20140217', time: '2215', description: 'CT hersenen', accessionNumber: 'RZ-2014-11873',
    accessionIssuer: RIJNSTAD_ACCESSION_ISSUER, referringPhysician: 'Visser^Jan', bodyPart: 'HEAD', studyId: '7301',
    series: [{ template: 'ct', modality: 'CT', description: 'Hersenen blanco', instances: 3 }],
  }),
  rijnstadStudy({
    key: 'rz-2016-us-kidney', date: '20161129', time: '1010', description: 'Echo nieren', accessionNumber: 'RZ-2016-40210',
    accessionIssuer: RIJNSTAD_ACCESSION_ISSUER, bodyPart: 'KIDNEY', studyId: '7302',
    series: [{ template: 'rgbJpeg', modality: 'US', description: 'Nieren beiderzijds', instances: 2 }],
  }),
  rijnstadStudy({
    key: 'rz-2018-mr-shoulder', date: '20181203', time: '1345', description: 'MRI schouder rechts', accessionNumber: 'RZ-2018-52977',
    referringPhysician: 'Smit^Ineke', bodyPart: 'SHOULDER', studyId: '7303',
    series: [
      { template: 'mr', modality: 'MR', description: 'PD coronaal', instances: 2 },
      { template: 'mr', modality: 'MR', description: 'T1 transversaal', instances: 2 },
    ],
  }),
  rijnstadStudy({
    key: 'rz-2020-cr-hand', date: '20200819', time: '0940', description: 'X-hand links', accessionNumber: 'RZ-2020-30155',
    bodyPart: 'HAND', studyId: '7304',
    series: [{ template: 'cr', modality: 'CR', description: 'Hand PA en schuin', instances: 2 }],
  }),
  rijnstadStudy({
    key: 'rz-2023-nm-thyroid', date: '20230206', time: '1130', description: 'Schildklierscintigrafie', accessionNumber: 'RZ-2023-06631',
    accessionIssuer: RIJNSTAD_ACCESSION_ISSUER, referringPhysician: 'Smit^Ineke', bodyPart: 'THYROID', studyId: '7305',
    series: [{ template: 'nmJpeg2000', modality: 'NM', description: 'Schildklier statisch', instances: 1 }],
  }),
  rijnstadStudy({
    key: 'rz-2025-ct-abdomen', date: '20250110', time: '1602', description: 'CT abdomen', accessionNumber: 'RZ-2025-01877',
    accessionIssuer: RIJNSTAD_ACCESSION_ISSUER, referringPhysician: 'Visser^Jan', bodyPart: 'ABDOMEN', studyId: '7306',
    series: [{ template: 'ct', modality: 'CT', description: 'Abdomen veneuze fase', instances: 3 }, report()],
  }),
  rijnstadStudy({
    key: 'rz-2026-dx-thorax', date: '20260602', description: 'X-thorax', accessionNumber: 'RZ-2026-24410',
    bodyPart: 'CHEST', studyId: '7307',
    series: [{ template: 'cr', modality: 'DX', description: 'Thorax PA en lateraal', instances: 2 }],
  }),

  // Noordzee Kliniek, whose searches return at most four studies.
  noordzeeStudy({
    key: 'nk-2013-us-breast', date: '20130722', time: '1320', description: 'Echo mamma', accessionNumber: 'NK13-8812',
    referringPhysician: 'Mulder^Kees', bodyPart: 'BREAST', studyId: '501',
    series: [{ template: 'rgbJpeg', modality: 'US', description: 'Mamma links', instances: 2 }],
  }),
  noordzeeStudy({
    key: 'nk-2014-cr-knee', date: '20141009', time: '1005', description: 'X-knie links', accessionNumber: 'NK14-9930',
    bodyPart: 'KNEE', studyId: '502',
    series: [{ template: 'cr', modality: 'CR', description: 'Knie AP en lateraal', instances: 2 }],
  }),
  noordzeeStudy({
    key: 'nk-2016-mg-diagnostic', date: '20160115', time: '0850', description: 'Mammografie', accessionNumber: 'NK16-0173',
    referringPhysician: 'Mulder^Kees', bodyPart: 'BREAST', studyId: '503',
    series: [{ template: 'cr', modality: 'MG', description: 'CC en MLO links', instances: 2 }],
  }),
  noordzeeStudy({
    key: 'nk-2017-ct-sinus', date: '20170530', time: '1410', description: 'CT sinussen', accessionNumber: 'NK17-2291',
    bodyPart: 'HEAD', studyId: '504',
    series: [{ template: 'ct', modality: 'CT', description: 'Sinussen coronaal', instances: 2 }],
  }),
  noordzeeStudy({
    key: 'nk-2019-mr-hip', date: '20190225', time: '1200', description: 'MRI heup', accessionNumber: 'NK19-1046',
    referringPhysician: 'Mulder^Kees', bodyPart: 'HIP', studyId: '505',
    series: [{ template: 'mrJpegLs', modality: 'MR', description: 'STIR coronaal', instances: 2 }],
  }),
  noordzeeStudy({
    key: 'nk-2020-us-carotid', date: '20201207', time: '1535', description: 'Echo carotiden', accessionNumber: 'NK20-7781',
    bodyPart: 'NECK', studyId: '506',
    series: [{ template: 'rgbJpeg', modality: 'US', description: 'Carotiden beiderzijds', instances: 2 }],
  }),
  noordzeeStudy({
    key: 'nk-2021-nm-myocard', date: '20211213', time: '0900', description: 'Myocardscintigrafie', accessionNumber: 'NK21-6120',
    referringPhysician: 'Mulder^Kees', bodyPart: 'HEART', studyId: '507',
    series: [{ template: 'nmJpeg2000', modality: 'NM', description: 'Rust en inspanning', instances: 2 }, report()],
  }),
  noordzeeStudy({
    key: 'nk-2024-ct-lungs', date: '20240319', time: '1050', description: 'CT longen', accessionNumber: 'NK24-0399',
    bodyPart: 'CHEST', studyId: '508',
    series: [{ template: 'ct', modality: 'CT', description: 'Longen lage dosis', instances: 2 }, report()],
  }),
  noordzeeStudy({
    key: 'nk-2026-mr-brain', date: '20260901', time: '1615', description: 'MRI hersenen', accessionNumber: 'NK26-5521',
    referringPhysician: 'Mulder^Kees', bodyPart: 'BRAIN', studyId: '509',
    series: [{ template: 'mrRle', modality: 'MR', description: 'T2 transversaal', instances: 3 }],
  }),
];
