/**
 * Reading of the DICOM Part 10 file meta information (PS3.10 section 7.1):
 * just enough to name and route an instance without a full DICOM parser.
 */

export interface FileMetaInformation {
  /** MediaStorageSOPClassUID (0002,0002). */
  sopClassUid?: string;
  /** MediaStorageSOPInstanceUID (0002,0003). */
  sopInstanceUid?: string;
  /** TransferSyntaxUID (0002,0010). */
  transferSyntaxUid?: string;
  /** Byte offset where the data set starts, after the meta group. */
  dataSetOffset: number;
}

const PREAMBLE_LENGTH = 128;
// VRs whose explicit-VR header has a 2-byte reserved field and a 4-byte length.
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const ascii = new TextDecoder('latin1');

function readUid(bytes: Uint8Array, offset: number, length: number): string {
  return ascii.decode(bytes.subarray(offset, offset + length)).replace(/[\0 ]+$/, '');
}

/** Tells whether the bytes start like a Part 10 file: 128 bytes of preamble and then `DICM`. */
export function isPart10(bytes: Uint8Array): boolean {
  return (
    bytes.length >= PREAMBLE_LENGTH + 4 &&
    bytes[128] === 0x44 &&
    bytes[129] === 0x49 &&
    bytes[130] === 0x43 &&
    bytes[131] === 0x4d
  );
}

/**
 * Reads the file meta group of a Part 10 file. Returns `undefined` when the
 * bytes do not start with a preamble and `DICM`, or the group is cut short.
 */
export function readFileMetaInformation(bytes: Uint8Array): FileMetaInformation | undefined {
  if (!isPart10(bytes)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = PREAMBLE_LENGTH + 4;
  const meta: FileMetaInformation = { dataSetOffset: offset };
  // FileMetaInformationGroupLength (0002,0000), when present, gives the end of the group.
  let groupEnd: number | undefined;

  // The meta group is always Explicit VR Little Endian.
  while (offset + 8 <= bytes.length) {
    const group = view.getUint16(offset, true);
    if (group !== 0x0002) break;
    const element = view.getUint16(offset + 2, true);
    const vr = String.fromCharCode(bytes[offset + 4], bytes[offset + 5]);
    let length: number;
    let valueOffset: number;
    if (LONG_VRS.has(vr)) {
      if (offset + 12 > bytes.length) return undefined;
      length = view.getUint32(offset + 8, true);
      valueOffset = offset + 12;
    } else {
      length = view.getUint16(offset + 6, true);
      valueOffset = offset + 8;
    }
    if (length === 0xffffffff || valueOffset + length > bytes.length) return undefined;
    if (element === 0x0000 && length === 4) groupEnd = valueOffset + 4 + view.getUint32(valueOffset, true);
    else if (element === 0x0002) meta.sopClassUid = readUid(bytes, valueOffset, length);
    else if (element === 0x0003) meta.sopInstanceUid = readUid(bytes, valueOffset, length);
    else if (element === 0x0010) meta.transferSyntaxUid = readUid(bytes, valueOffset, length);
    offset = valueOffset + length;
  }
  if (groupEnd !== undefined && offset < groupEnd) return undefined;
  meta.dataSetOffset = offset;
  return meta;
}
