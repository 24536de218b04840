/**
 * Type declarations for the parts of dcmjs 0.51 that Studyline's servers and tests use. The
 * package ships no types of its own.
 */
declare module 'dcmjs' {
  /** One element of a dcmjs data set: a VR and its values, as dcmjs reads and writes them. */
  export interface DcmjsElement {
    vr: string;
    Value?: unknown[];
    /** The values as they were in the file. dcmjs writes these back while `Value` is unchanged. */
    _rawValue?: unknown;
  }

  /** A data set keyed by 8-digit upper-case tag, such as `0020000D`. */
  export type DcmjsDataset = Record<string, DcmjsElement>;

  export interface ReadOptions {
    ignoreErrors?: boolean;
    /** Stop reading at this tag, such as `7FE00010`. */
    untilTag?: string | null;
    includeUntilTagValue?: boolean;
    noCopy?: boolean;
    forceStoreRaw?: boolean;
  }

  export class DicomDict {
    constructor(meta: DcmjsDataset);
    meta: DcmjsDataset;
    dict: DcmjsDataset;
    /** Writes a Part 10 file: preamble, `DICM`, the meta group and the data set. */
    write(options?: Record<string, unknown>): ArrayBuffer;
  }

  export interface DictionaryEntry {
    /** Tag as `(0008,0020)`. */
    tag: string;
    vr: string;
    name: string;
    vm: string;
    version: string;
  }

  const dcmjs: {
    data: {
      DicomDict: typeof DicomDict;
      DicomMessage: {
        readFile(buffer: ArrayBuffer, options?: ReadOptions): DicomDict;
      };
      DicomMetaDictionary: {
        /** Entries by keyword, such as `StudyDate`. */
        nameMap: Record<string, DictionaryEntry | undefined>;
        /** Entries by tag as `(0008,0020)`. */
        dictionary: Record<string, DictionaryEntry | undefined>;
      };
    };
    log: { setLevel(level: string): void };
  };
  export default dcmjs;
}
