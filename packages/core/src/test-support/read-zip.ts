/**
 * Reads a zip archive through its central directory, as unzip tools do, and
 * checks each entry's CRC-32, so tests can check a zip without a system unzip.
 * Handles stored entries (method 0) and Zip64 sizes and offsets. Runs in Node
 * and in browsers.
 */

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const ZIP64_EXTRA = 0x0001;
const MAX32 = 0xffffffff;

/** CRC-32 lookup table for the reflected polynomial 0xEDB88320, as zip uses it. */
const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, index) => {
  let value = index;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  return value >>> 0;
});

function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function readZip(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = -1;
  for (let offset = zip.length - 22; offset >= Math.max(0, zip.length - 22 - 0xffff); offset--) {
    if (view.getUint32(offset, true) === END_OF_CENTRAL_DIRECTORY) {
      end = offset;
      break;
    }
  }
  if (end === -1) throw new Error('The zip has no end of central directory record.');
  let count = view.getUint16(end + 10, true);
  let directoryOffset = view.getUint32(end + 16, true);
  if (directoryOffset === MAX32 || count === 0xffff) {
    const locator = end - 20;
    if (view.getUint32(locator, true) !== ZIP64_END_LOCATOR) throw new Error('The zip needs Zip64 but has no Zip64 locator.');
    const zip64End = Number(view.getBigUint64(locator + 8, true));
    if (view.getUint32(zip64End, true) !== ZIP64_END) throw new Error('The Zip64 end of central directory record is missing.');
    count = Number(view.getBigUint64(zip64End + 32, true));
    directoryOffset = Number(view.getBigUint64(zip64End + 48, true));
  }

  const entries: ZipEntry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (view.getUint32(offset, true) !== CENTRAL_FILE_HEADER) throw new Error(`Central directory entry ${index + 1} is malformed.`);
    const method = view.getUint16(offset + 10, true);
    const crc = view.getUint32(offset + 16, true);
    let size = view.getUint32(offset + 24, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    let localOffset = view.getUint32(offset + 42, true);
    const name = new TextDecoder().decode(zip.subarray(offset + 46, offset + 46 + nameLength));

    // Zip64 extra field: the 64-bit values of the 32-bit fields set to 0xFFFFFFFF, in this order.
    let extra = offset + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = view.getUint16(extra, true);
      const length = view.getUint16(extra + 2, true);
      if (id === ZIP64_EXTRA) {
        let field = extra + 4;
        if (size === MAX32) {
          size = Number(view.getBigUint64(field, true));
          field += 8;
        }
        if (view.getUint32(offset + 20, true) === MAX32) field += 8;
        if (localOffset === MAX32) localOffset = Number(view.getBigUint64(field, true));
      }
      extra += 4 + length;
    }
    if (method !== 0) throw new Error(`Entry ${name} uses compression method ${method}; only stored entries are read.`);
    if (view.getUint32(localOffset, true) !== LOCAL_FILE_HEADER) throw new Error(`The local header of ${name} is missing.`);
    const dataStart = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
    const data = zip.subarray(dataStart, dataStart + size);
    if (crc32(data) >>> 0 !== crc) throw new Error(`The CRC-32 of ${name} does not match its data.`);
    entries.push({ name, data });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
