/**
 * Writes small Key Object Selection Documents with dcmjs for tests: the
 * evidence sequence and a content item per referenced instance.
 */
export interface KosSeries {
  seriesInstanceUid: string;
  retrieveLocationUid?: string;
  instances: readonly { sopClassUid: string; sopInstanceUid: string }[];
}

export interface KosOptions {
  sopInstanceUid: string;
  studyInstanceUid: string;
  series: readonly KosSeries[];
  /** Overrides the SOP Class UID, to test a document that is no KOS. */
  sopClassUid?: string;
}

interface DcmjsWriter {
  data: { DicomDict: new (meta: Record<string, unknown>) => { dict: Record<string, unknown>; write(): ArrayBuffer } };
}

function element(vr: string, values: unknown[]): { vr: string; Value: unknown[] } {
  return { vr, Value: values };
}

export async function makeKos(options: KosOptions): Promise<Uint8Array> {
  const module = (await import('dcmjs' as string)) as { default?: DcmjsWriter } & DcmjsWriter;
  const dcmjs = module.default ?? module;
  const sopClassUid = options.sopClassUid ?? '1.2.840.10008.5.1.4.1.1.88.59';
  const dicomDict = new dcmjs.data.DicomDict({
    '00020001': element('OB', [new Uint8Array([0, 1]).buffer]),
    '00020002': element('UI', [sopClassUid]),
    '00020003': element('UI', [options.sopInstanceUid]),
    '00020010': element('UI', ['1.2.840.10008.1.2.1']),
  });
  const evidence = {
    '0020000D': element('UI', [options.studyInstanceUid]),
    '00081115': element(
      'SQ',
      options.series.map((series) => {
        const item: Record<string, unknown> = {
          '0020000E': element('UI', [series.seriesInstanceUid]),
          '00081199': element(
            'SQ',
            series.instances.map((instance) => ({
              '00081150': element('UI', [instance.sopClassUid]),
              '00081155': element('UI', [instance.sopInstanceUid]),
            })),
          ),
        };
        if (series.retrieveLocationUid !== undefined) item['0040E011'] = element('UI', [series.retrieveLocationUid]);
        return item;
      }),
    ),
  };
  dicomDict.dict = {
    '00080016': element('UI', [sopClassUid]),
    '00080018': element('UI', [options.sopInstanceUid]),
    '00080060': element('CS', ['KO']),
    '0020000D': element('UI', [options.studyInstanceUid]),
    '0020000E': element('UI', [`${options.sopInstanceUid}.1`]),
    '0040A040': element('CS', ['CONTAINER']),
    '0040A375': element('SQ', [evidence]),
  };
  return new Uint8Array(dicomDict.write());
}
