/**
 * The built-in modality tables: groups, DICOM defined terms and local synonyms.
 *
 * Sources, as opened while writing this table:
 * - current defined terms of Modality (0008,0060): PS3.16 CID 29 "Acquisition
 *   Modality", CID 32 "Non-Acquisition Modality" and CID 34 "Waveform
 *   Acquisition Modality". They are transcribed in `input/fsh/ValueSet-dicom-cid-29-*`,
 *   `-32-*` and `-34-*` of github.com/bvdh/dicom-terminology-in-fhir;
 * - the terms of PS3.3 C.7.3.1.1.1 that are in no CID (ANN, RTINTENT, RTRAD,
 *   RTSEGANN, XAPROTOCOL), as listed in `src/dicom2sphn/data_converter.py` of
 *   github.com/tervoert/Project-DICOM2SPHN;
 * - retired defined terms: the 2008 DICOM modality vocabulary in
 *   `healthvault/reference/vocabularies/dicom.modality.2008.md` of
 *   github.com/nschonni/healthvault-docs (AS, CD, CF, CP, CS, DD, DF, DM, DS,
 *   EC, FA, FS, LP, MA, MS, OPR, ST, VF).
 * The groups and the local synonyms are this library's choices; see the notes
 * at each of them.
 */
import type { LocalizedNames, ModalityKind } from './types.js';

export interface ModalityGroupRow {
  id: string;
  kind: ModalityKind;
  names: LocalizedNames;
}

/** Groups in the order a filter shows them: image groups first, then the non-image ones, `other` last. */
export const MODALITY_GROUPS: readonly ModalityGroupRow[] = [
  { id: 'ct', kind: 'image', names: { en: 'CT', nl: 'CT' } },
  { id: 'mr', kind: 'image', names: { en: 'MRI', nl: 'MRI' } },
  { id: 'xray', kind: 'image', names: { en: 'X-ray', nl: 'Röntgen' } },
  { id: 'us', kind: 'image', names: { en: 'Ultrasound', nl: 'Echografie' } },
  { id: 'mammography', kind: 'image', names: { en: 'Mammography', nl: 'Mammografie' } },
  { id: 'nuclear', kind: 'image', names: { en: 'Nuclear medicine and PET', nl: 'Nucleaire geneeskunde en PET' } },
  { id: 'angiography', kind: 'image', names: { en: 'Angiography and fluoroscopy', nl: 'Angiografie en doorlichting' } },
  { id: 'endoscopy', kind: 'image', names: { en: 'Endoscopy, photography and microscopy', nl: 'Endoscopie, fotografie en microscopie' } },
  { id: 'ophthalmic', kind: 'image', names: { en: 'Ophthalmology', nl: 'Oogheelkunde' } },
  { id: 'cardiology', kind: 'waveform', names: { en: 'Cardiology', nl: 'Cardiologie' } },
  { id: 'dental', kind: 'image', names: { en: 'Dental', nl: 'Tandheelkunde' } },
  { id: 'reports', kind: 'report', names: { en: 'Reports and documents', nl: 'Verslagen en documenten' } },
  { id: 'key-objects', kind: 'object', names: { en: 'Key images and presentation states', nl: 'Sleutelbeelden en presentaties' } },
  { id: 'segmentation-rt', kind: 'object', names: { en: 'Segmentations and radiotherapy objects', nl: 'Segmentaties en radiotherapie-objecten' } },
  { id: 'other', kind: 'object', names: { en: 'Other', nl: 'Overig' } },
];

export interface ModalityRow {
  code: string;
  group: string;
  kind: ModalityKind;
  names: LocalizedNames;
  retired?: boolean;
}

function row(code: string, group: string, kind: ModalityKind, en: string, nl: string, retired = false): ModalityRow {
  return retired ? { code, group, kind, names: { en, nl }, retired } : { code, group, kind, names: { en, nl } };
}

export const MODALITIES: readonly ModalityRow[] = [
  row('CT', 'ct', 'image', 'Computed tomography', 'Computertomografie'),
  row('MR', 'mr', 'image', 'Magnetic resonance', 'Magnetische resonantie'),
  row('MA', 'mr', 'image', 'Magnetic resonance angiography', 'MR-angiografie', true),
  row('MS', 'mr', 'image', 'Magnetic resonance spectroscopy', 'MR-spectroscopie', true),

  // X-ray: computed, digital and film radiography and bone densitometry. RF stays with angiography (below),
  // because fluoroscopy is a moving-image examination that departments schedule with angiography.
  row('CR', 'xray', 'image', 'Computed radiography', 'Computerradiografie'),
  row('DX', 'xray', 'image', 'Digital radiography', 'Digitale radiografie'),
  row('RG', 'xray', 'image', 'Radiographic imaging (film)', 'Conventionele radiografie (film)'),
  row('BMD', 'xray', 'image', 'Bone densitometry (X-ray)', 'Botdichtheidsmeting (röntgen)'),

  row('US', 'us', 'image', 'Ultrasound', 'Echografie'),
  row('BDUS', 'us', 'image', 'Bone densitometry (ultrasound)', 'Botdichtheidsmeting (echografie)'),
  row('CD', 'us', 'image', 'Color flow Doppler', 'Kleurendoppler', true),
  row('DD', 'us', 'image', 'Duplex Doppler', 'Duplexdoppler', true),
  row('EC', 'us', 'image', 'Echocardiography', 'Echocardiografie', true),

  // Breast tomosynthesis images carry MG as well (Breast Tomosynthesis Image Storage).
  row('MG', 'mammography', 'image', 'Mammography', 'Mammografie'),

  row('NM', 'nuclear', 'image', 'Nuclear medicine', 'Nucleaire geneeskunde'),
  row('PT', 'nuclear', 'image', 'Positron emission tomography', 'Positronemissietomografie'),
  row('ST', 'nuclear', 'image', 'Single-photon emission computed tomography', 'SPECT', true),

  row('XA', 'angiography', 'image', 'X-ray angiography', 'Röntgenangiografie'),
  row('RF', 'angiography', 'image', 'Radiofluoroscopy', 'Doorlichting'),
  row('DS', 'angiography', 'image', 'Digital subtraction angiography', 'Digitale subtractieangiografie', true),
  row('DF', 'angiography', 'image', 'Digital fluoroscopy', 'Digitale doorlichting', true),
  row('CF', 'angiography', 'image', 'Cinefluorography', 'Cinefluorografie', true),
  row('VF', 'angiography', 'image', 'Videofluorography', 'Videofluorografie', true),

  row('ES', 'endoscopy', 'image', 'Endoscopy', 'Endoscopie'),
  row('XC', 'endoscopy', 'image', 'External-camera photography', 'Fotografie'),
  row('GM', 'endoscopy', 'image', 'General microscopy', 'Microscopie'),
  row('SM', 'endoscopy', 'image', 'Slide microscopy', 'Coupemicroscopie'),
  row('CFM', 'endoscopy', 'image', 'Confocal microscopy', 'Confocale microscopie'),
  row('DMS', 'endoscopy', 'image', 'Dermoscopy', 'Dermatoscopie'),
  row('AS', 'endoscopy', 'image', 'Angioscopy', 'Angioscopie', true),
  row('CP', 'endoscopy', 'image', 'Colposcopy', 'Colposcopie', true),
  row('CS', 'endoscopy', 'image', 'Cystoscopy', 'Cystoscopie', true),
  row('LP', 'endoscopy', 'image', 'Laparoscopy', 'Laparoscopie', true),
  row('DM', 'endoscopy', 'image', 'Digital microscopy', 'Digitale microscopie', true),

  row('OP', 'ophthalmic', 'image', 'Ophthalmic photography', 'Oogfotografie'),
  row('OPT', 'ophthalmic', 'image', 'Ophthalmic tomography', 'Oogtomografie (OCT)'),
  row('OPTBSV', 'ophthalmic', 'image', 'Ophthalmic tomography B-scan volume analysis', 'Analyse van B-scanvolume (oog-OCT)'),
  row('OPTENF', 'ophthalmic', 'image', 'Ophthalmic tomography en face', 'Oogtomografie en face'),
  row('OPM', 'ophthalmic', 'object', 'Ophthalmic mapping', 'Oogkaart'),
  row('OPV', 'ophthalmic', 'object', 'Ophthalmic visual field', 'Gezichtsveldonderzoek'),
  row('OAM', 'ophthalmic', 'object', 'Ophthalmic axial measurements', 'Axiale oogmetingen'),
  row('AR', 'ophthalmic', 'object', 'Autorefraction', 'Autorefractie'),
  row('KER', 'ophthalmic', 'object', 'Keratometry', 'Keratometrie'),
  row('LEN', 'ophthalmic', 'object', 'Lensometry', 'Lensmeting'),
  row('SRF', 'ophthalmic', 'object', 'Subjective refraction', 'Subjectieve refractie'),
  row('VA', 'ophthalmic', 'object', 'Visual acuity', 'Gezichtsscherpte'),
  row('IOL', 'ophthalmic', 'object', 'Intraocular lens calculation', 'Berekening intraoculaire lens'),
  row('FA', 'ophthalmic', 'image', 'Fluorescein angiography', 'Fluorescentieangiografie', true),
  row('FS', 'ophthalmic', 'image', 'Fundoscopy', 'Fundoscopie', true),
  row('OPR', 'ophthalmic', 'object', 'Ophthalmic refraction', 'Oogrefractie', true),

  row('ECG', 'cardiology', 'waveform', 'Electrocardiography', 'Elektrocardiografie'),
  row('EPS', 'cardiology', 'waveform', 'Cardiac electrophysiology', 'Cardiale elektrofysiologie'),
  row('HD', 'cardiology', 'waveform', 'Hemodynamic waveform', 'Hemodynamische curve'),
  row('IVUS', 'cardiology', 'image', 'Intravascular ultrasound', 'Intravasculaire echografie'),
  row('IVOCT', 'cardiology', 'image', 'Intravascular optical coherence tomography', 'Intravasculaire OCT'),

  row('IO', 'dental', 'image', 'Intra-oral radiography', 'Intra-orale röntgenopname'),
  row('PX', 'dental', 'image', 'Panoramic X-ray', 'Orthopantomogram'),

  row('SR', 'reports', 'report', 'Structured report', 'Gestructureerd verslag'),
  row('DOC', 'reports', 'report', 'Document', 'Document'),

  row('KO', 'key-objects', 'object', 'Key object selection', 'Sleutelbeeldselectie'),
  row('PR', 'key-objects', 'object', 'Presentation state', 'Presentatie'),
  row('ANN', 'key-objects', 'object', 'Annotation', 'Annotatie'),

  row('SEG', 'segmentation-rt', 'object', 'Segmentation', 'Segmentatie'),
  row('RTSTRUCT', 'segmentation-rt', 'object', 'RT structure set', 'RT-structuurset'),
  row('RTPLAN', 'segmentation-rt', 'object', 'RT plan', 'RT-plan'),
  row('RTDOSE', 'segmentation-rt', 'object', 'RT dose', 'RT-dosis'),
  row('RTIMAGE', 'segmentation-rt', 'image', 'RT image', 'RT-beeld'),
  row('RTRECORD', 'segmentation-rt', 'object', 'RT treatment record', 'RT-behandelverslag'),
  row('RTINTENT', 'segmentation-rt', 'object', 'Radiotherapy intent', 'Radiotherapiedoel'),
  row('RTRAD', 'segmentation-rt', 'object', 'RT radiation', 'RT-bestraling'),
  row('RTSEGANN', 'segmentation-rt', 'object', 'Radiotherapy segment annotation', 'Annotatie van radiotherapiesegment'),
  row('REG', 'segmentation-rt', 'object', 'Registration', 'Registratie'),
  row('FID', 'segmentation-rt', 'object', 'Spatial fiducials', 'Ruimtelijke referentiepunten'),
  row('RWV', 'segmentation-rt', 'object', 'Real world value map', 'Real-world-waardetabel'),
  row('SMR', 'segmentation-rt', 'object', 'Stereometric relationship', 'Stereometrische relatie'),
  row('PLAN', 'segmentation-rt', 'object', 'Plan', 'Plan'),

  row('OT', 'other', 'image', 'Other', 'Overig'),
  row('BI', 'other', 'image', 'Biomagnetic imaging', 'Biomagnetische beeldvorming'),
  row('DG', 'other', 'image', 'Diaphanography', 'Diafanografie'),
  row('LS', 'other', 'image', 'Laser surface scan', 'Laseroppervlaktescan'),
  row('OSS', 'other', 'image', 'Optical surface scan', 'Optische oppervlaktescan'),
  row('OCT', 'other', 'image', 'Optical coherence tomography (non-ophthalmic)', 'Optische coherentietomografie (niet oogheelkundig)'),
  row('PA', 'other', 'image', 'Photoacoustic', 'Foto-akoestische beeldvorming'),
  row('TG', 'other', 'image', 'Thermography', 'Thermografie'),
  row('HC', 'other', 'image', 'Hard copy', 'Afdruk'),
  row('EEG', 'other', 'waveform', 'Electroencephalography', 'Elektro-encefalografie'),
  row('EMG', 'other', 'waveform', 'Electromyography', 'Elektromyografie'),
  row('EOG', 'other', 'waveform', 'Electrooculography', 'Elektro-oculografie'),
  row('RESP', 'other', 'waveform', 'Respiratory waveform', 'Ademhalingscurve'),
  row('POS', 'other', 'waveform', 'Position sensor', 'Positiesensor'),
  row('AU', 'other', 'object', 'Audio', 'Audio'),
  row('ASMT', 'other', 'object', 'Content assessment results', 'Inhoudsbeoordeling'),
  row('CTPROTOCOL', 'other', 'object', 'CT protocol', 'CT-protocol'),
  row('XAPROTOCOL', 'other', 'object', 'XA protocol', 'XA-protocol'),
  row('M3D', 'other', 'object', '3D manufacturing model', 'Model voor 3D-printen'),
  row('TEXTUREMAP', 'other', 'object', 'Texture map', 'Textuurkaart'),
  row('STAIN', 'other', 'object', 'Automated slide stainer', 'Automatische coupekleuring'),
];

/**
 * Local synonyms that archives and RIS systems send instead of a defined
 * term, matched after upper-casing and removing everything but letters and
 * digits (so `PET-CT`, `PET/CT` and `pet ct` are one key).
 *
 * NOTE: these are this library's guesses from common usage, not a standard.
 * Examples are `DR` for DX (a vendor name for digital radiography), `RX` and
 * `XR` for DX, `MRT` (German and Dutch) for MR, `ECHO` (Dutch) for US, `EKG`
 * (German and Dutch) for ECG, `DBT` and `TOMO` for MG, and PET-CT as PT.
 * Institutions override them through the configuration.
 */
export const MODALITY_SYNONYMS: Readonly<Record<string, string>> = {
  DR: 'DX',
  RX: 'DX',
  XR: 'DX',
  XRAY: 'DX',
  RONTGEN: 'DX',
  CTSCAN: 'CT',
  CAT: 'CT',
  MRI: 'MR',
  MRT: 'MR',
  NMR: 'MR',
  MRA: 'MR',
  ECHO: 'US',
  ECHOGRAFIE: 'US',
  SONO: 'US',
  USG: 'US',
  MAMMO: 'MG',
  MAMMOGRAFIE: 'MG',
  MAMMOGRAPHY: 'MG',
  DBT: 'MG',
  TOMO: 'MG',
  PET: 'PT',
  PETCT: 'PT',
  PETMR: 'PT',
  SPECT: 'NM',
  SPECTCT: 'NM',
  SCINT: 'NM',
  SCINTIGRAFIE: 'NM',
  ANGIO: 'XA',
  FLUORO: 'RF',
  DXA: 'BMD',
  DEXA: 'BMD',
  OPG: 'PX',
  EKG: 'ECG',
  ENDO: 'ES',
  REPORT: 'SR',
  PDF: 'DOC',
};
