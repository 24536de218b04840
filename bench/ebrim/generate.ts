/**
 * A generated registry stored query response: a SOAP 1.2 envelope with an
 * AdhocQueryResponse of imaging manifest DocumentEntries (KOS), written with
 * the XDS package's test fixtures in the conventional prefix style with line
 * breaks. The same count and seed always give the same text.
 */
import { XmlWriter, adhocQueryResponse, soapEnvelope, type FixtureEntry } from '../../packages/xds/src/test-support/fixtures.js';
import { seededRandom } from '../../packages/elements/src/timeline/test-support/generate-history.js';

export const EBRIM_SEED = 6;

const EVENT_CODES: readonly (readonly [string, string, string])[] = [
  ['CT', '1.2.840.10008.2.16.4', 'Computed Tomography'],
  ['MR', '1.2.840.10008.2.16.4', 'Magnetic Resonance'],
  ['CR', '1.2.840.10008.2.16.4', 'Computed Radiography'],
  ['US', '1.2.840.10008.2.16.4', 'Ultrasound'],
  ['818981001', '2.16.840.1.113883.6.96', 'Abdomen'],
  ['51185008', '2.16.840.1.113883.6.96', 'Thorax'],
];
const TITLES = ['CT abdomen', 'MR knee', 'Chest X-ray', 'US abdomen'];
const INSTITUTIONS = ['Rijnstad Ziekenhuis', 'Noordwijk MC'];

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

/** Returns the SOAP response text with `count` DocumentEntries. */
export function generateStoredQueryAnswer(count: number, seed = EBRIM_SEED): string {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const entries: FixtureEntry[] = [];
  for (let index = 0; index < count; index++) {
    const year = 1998 + Math.floor(random() * 27);
    const time = `${year}${pad(1 + Math.floor(random() * 12))}${pad(1 + Math.floor(random() * 28))}${pad(7 + Math.floor(random() * 12))}${pad(Math.floor(random() * 60))}`;
    entries.push({
      id: `urn:uuid:6c1f0c1e-0000-4000-8000-${pad(index, 12)}`,
      uniqueId: `1.2.826.0.1.3680043.8.498.${7000 + index}.1`,
      repositoryUniqueId: '1.2.826.0.1.3680043.8.498.1',
      serviceStartTime: time,
      creationTime: `${time}00`,
      title: pick(TITLES),
      studyInstanceUid: `1.2.826.0.1.3680043.8.498.${7000 + index}`,
      accession: `A${pad(index, 8)}`,
      accessionAuthority: '1.2.826.0.1.3680043.8.498.2',
      eventCodes: [pick(EVENT_CODES.slice(0, 4)), pick(EVENT_CODES.slice(4))],
      institution: pick(INSTITUTIONS),
      patientId: 'SL-0001^^^&1.2.826.0.1.3680043.8.498.3&ISO',
      sourcePatientInfo: ['PID-3|SL-0001^^^&1.2.826.0.1.3680043.8.498.3&ISO', 'PID-5|Jansen^Anna', 'PID-7|19640312', 'PID-8|F'],
    });
  }
  const writer = new XmlWriter({ style: 'conventional', pretty: true });
  return soapEnvelope(writer, adhocQueryResponse(writer, { entries }));
}
