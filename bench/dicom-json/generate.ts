/**
 * Generated QIDO-RS study results in the DICOM JSON model, about 25
 * attributes each, in three shapes built from the variations that the DICOM
 * JSON reader of `@studyline/core` accepts:
 *
 * - complete (50 %): every attribute with `vr` and a `Value` array, IS as JSON
 *   numbers, PN as `{Alphabetic}`, the issuer and anatomic region sequences;
 * - sparse (30 %): IS as JSON strings, empty type 2 attributes without
 *   `Value`, ModalitiesInStudy as one `\`-joined string, a TM with a fraction;
 * - irregular (20 %): lower-case tag keys, PN as a bare string, padded and
 *   NUL-terminated values, a `*` placeholder, a bare value where an array
 *   belongs, and ACR-NEMA dates (`2014.03.05`) in one of four.
 *
 * The same count and seed always give the same JSON text.
 */
import { seededRandom } from '../../packages/elements/src/timeline/test-support/generate-history.js';

export const QIDO_SEED = 6;

type Attribute = { vr: string; Value?: unknown };
type Dataset = Record<string, Attribute>;

const UID_ROOT = '1.2.826.0.1.3680043.8.498';
const SOP_CLASSES: Record<string, string> = {
  CT: '1.2.840.10008.5.1.4.1.1.2',
  MR: '1.2.840.10008.5.1.4.1.1.4',
  CR: '1.2.840.10008.5.1.4.1.1.1',
  DX: '1.2.840.10008.5.1.4.1.1.1.1',
  US: '1.2.840.10008.5.1.4.1.1.6.1',
  MG: '1.2.840.10008.5.1.4.1.1.1.2',
  PT: '1.2.840.10008.5.1.4.1.1.128',
  NM: '1.2.840.10008.5.1.4.1.1.20',
  XA: '1.2.840.10008.5.1.4.1.1.12.1',
  SR: '1.2.840.10008.5.1.4.1.1.88.22',
  DOC: '1.2.840.10008.5.1.4.1.1.104.1',
};
const MODALITY_SETS = [['CT'], ['MR'], ['CR'], ['DX'], ['US'], ['MG'], ['PT', 'CT'], ['NM'], ['XA'], ['CT', 'SR'], ['MR', 'SR'], ['DOC']];
const DESCRIPTIONS = ['CT abdomen with contrast', 'MR knee left', 'Chest PA and lateral', 'US abdomen', 'Screening mammography', 'PET-CT whole body'];
const INSTITUTIONS = ['Rijnstad Ziekenhuis', 'Noordwijk MC', 'Studyline Medisch Centrum'];
const PHYSICIANS = ['de Vries^Anna^M^^Dr.', 'Jansen^Pieter', 'Bakker^Sanne^^Dr.', 'Visser^Jan'];
const BODY_PARTS = ['ABDOMEN', 'KNEE', 'CHEST', 'BREAST', 'HEAD', 'PELVIS'];
const REGIONS = [
  { code: '818981001', meaning: 'Abdomen' },
  { code: '72696002', meaning: 'Knee' },
  { code: '51185008', meaning: 'Thorax' },
];

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

function lowerCaseKeys(dataset: Dataset): Dataset {
  const lowered: Dataset = {};
  for (const [tag, attribute] of Object.entries(dataset)) lowered[tag.toLowerCase()] = attribute;
  return lowered;
}

type Shape = 'complete' | 'sparse' | 'irregular';

/** Picks a shape from a random number in [0, 1): 50 % complete, 30 % sparse, 20 % irregular. */
function shapeOf(draw: number): Shape {
  if (draw < 0.5) return 'complete';
  if (draw < 0.8) return 'sparse';
  return 'irregular';
}

/** Returns an IS value as each shape sends it: a JSON number, a string, or a string padded with spaces. */
function integerValue(value: number, shape: Shape): number | string {
  if (shape === 'complete') return value;
  if (shape === 'sparse') return String(value);
  return ` ${value} `;
}

function studyResult(index: number, random: () => number): Dataset {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const shape = shapeOf(random());
  const modalities = pick(MODALITY_SETS);
  const year = 1998 + Math.floor(random() * 27);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const time = `${pad(7 + Math.floor(random() * 12))}${pad(Math.floor(random() * 60))}${pad(Math.floor(random() * 60))}`;
  const studyUid = `${UID_ROOT}.${2000 + index}.${Math.floor(random() * 1e9)}.${index}`;
  const seriesCount = 1 + Math.floor(random() * 12);
  const instanceCount = seriesCount * (1 + Math.floor(random() * 300));
  const physician = pick(PHYSICIANS);
  const patientName = 'Jansen^Anna^^^';
  const dateText = shape === 'irregular' && index % 4 === 0 ? `${year}.${pad(month)}.${pad(day)}` : `${year}${pad(month)}${pad(day)}`;

  const dataset: Dataset = {
    '00080005': { vr: 'CS', Value: ['ISO_IR 192'] },
    '00080020': { vr: 'DA', Value: [dateText] },
    '00080030': { vr: 'TM', Value: [shape === 'sparse' ? `${time}.${pad(Math.floor(random() * 1e6), 6)}` : time] },
    '00080050': shape === 'sparse' ? { vr: 'SH' } : { vr: 'SH', Value: [`A${pad(index, 8)}`] },
    '00080054': { vr: 'AE', Value: ['STUDYLINE'] },
    '00080056': { vr: 'CS', Value: ['ONLINE'] },
    '00080061': { vr: 'CS', Value: shape === 'sparse' ? [modalities.join('\\')] : [...modalities] },
    '00080062': { vr: 'UI', Value: modalities.map((modality) => SOP_CLASSES[modality]) },
    '00080080': { vr: 'LO', Value: [shape === 'irregular' && index % 3 === 0 ? '*' : pick(INSTITUTIONS)] },
    '00080090':
      shape === 'sparse' ? { vr: 'PN' } : shape === 'irregular' ? { vr: 'PN', Value: [physician] } : { vr: 'PN', Value: [{ Alphabetic: physician }] },
    '00081030': shape === 'irregular' ? { vr: 'LO', Value: `${pick(DESCRIPTIONS)} ` } : { vr: 'LO', Value: [pick(DESCRIPTIONS)] },
    '00081060': shape === 'complete' ? { vr: 'PN', Value: [{ Alphabetic: pick(PHYSICIANS) }] } : { vr: 'PN' },
    '00081190': { vr: 'UR', Value: [`https://pacs.example.org/dicom-web/studies/${studyUid}`] },
    '00100010': shape === 'irregular' ? { vr: 'PN', Value: [patientName] } : { vr: 'PN', Value: [{ Alphabetic: patientName }] },
    '00100020': { vr: 'LO', Value: ['SL-0001'] },
    '00100021': { vr: 'LO', Value: ['STUDYLINE-DEMO'] },
    '00100030': { vr: 'DA', Value: ['19640312'] },
    '00100040': { vr: 'CS', Value: ['F'] },
    '00180015': { vr: 'CS', Value: [shape === 'irregular' ? `${pick(BODY_PARTS)}\0` : pick(BODY_PARTS)] },
    '0020000D': { vr: 'UI', Value: [studyUid] },
    '00200010': { vr: 'SH', Value: [String(index)] },
    '00201206': { vr: 'IS', Value: [integerValue(seriesCount, shape)] },
    '00201208': { vr: 'IS', Value: [shape === 'complete' ? instanceCount : String(instanceCount)] },
  };
  if (shape === 'complete') {
    dataset['00080201'] = { vr: 'SH', Value: ['+0100'] };
    dataset['00080051'] = {
      vr: 'SQ',
      Value: [{ '00400031': { vr: 'UT', Value: ['RIJNSTAD'] }, '00400032': { vr: 'UT', Value: ['2.16.528.1.1007.3.1'] }, '00400033': { vr: 'CS', Value: ['ISO'] } }],
    };
    const region = pick(REGIONS);
    dataset['00082218'] = {
      vr: 'SQ',
      Value: [{ '00080100': { vr: 'SH', Value: [region.code] }, '00080102': { vr: 'SH', Value: ['SCT'] }, '00080104': { vr: 'LO', Value: [region.meaning] } }],
    };
  }
  return shape === 'irregular' ? lowerCaseKeys(dataset) : dataset;
}

/** Returns the JSON text of one QIDO-RS response with `count` study results. */
export function generateQidoResponse(count: number, seed = QIDO_SEED): string {
  const random = seededRandom(seed);
  const results: Dataset[] = [];
  for (let index = 0; index < count; index++) results.push(studyResult(index, random));
  return JSON.stringify(results);
}
