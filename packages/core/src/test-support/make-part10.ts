/**
 * Builds small but valid DICOM Part 10 files for tests: a preamble, `DICM`,
 * the file meta group in Explicit VR Little Endian, and padding up to the
 * requested size as the data set.
 */
export interface Part10Options {
  sopInstanceUid: string;
  sopClassUid?: string;
  transferSyntaxUid?: string;
  /** Total file size in bytes; the data set is padded to reach it. */
  size?: number;
}

function element(group: number, elementNumber: number, vr: string, value: Uint8Array): Uint8Array {
  const long = ['OB', 'OW', 'UN', 'SQ', 'UT'].includes(vr);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, group, true);
  view.setUint16(2, elementNumber, true);
  header[4] = vr.charCodeAt(0);
  header[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, value.length, true);
  else view.setUint16(6, value.length, true);
  const result = new Uint8Array(header.length + value.length);
  result.set(header);
  result.set(value, header.length);
  return result;
}

function uidValue(uid: string): Uint8Array {
  const text = uid.length % 2 === 1 ? `${uid}\0` : uid;
  return new TextEncoder().encode(text);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const result = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

export function makePart10(options: Part10Options): Uint8Array {
  const metaElements = concat([
    element(0x0002, 0x0001, 'OB', new Uint8Array([0, 1])),
    element(0x0002, 0x0002, 'UI', uidValue(options.sopClassUid ?? '1.2.840.10008.5.1.4.1.1.7')),
    element(0x0002, 0x0003, 'UI', uidValue(options.sopInstanceUid)),
    element(0x0002, 0x0010, 'UI', uidValue(options.transferSyntaxUid ?? '1.2.840.10008.1.2.1')),
  ]);
  const groupLength = new Uint8Array(4);
  new DataView(groupLength.buffer).setUint32(0, metaElements.length, true);
  const header = concat([new Uint8Array(128), new TextEncoder().encode('DICM'), element(0x0002, 0x0000, 'UL', groupLength), metaElements]);
  const size = Math.max(options.size ?? header.length, header.length);
  const file = new Uint8Array(size);
  file.set(header);
  // Fill the rest with bytes that include CR, LF and '-', which a boundary search must step over.
  for (let index = header.length; index < size; index++) file[index] = (index * 7) % 256;
  return file;
}
