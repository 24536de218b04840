import { expect } from '@open-wc/testing';
import { nestedTextRepair, reportFromDataset } from './structured-report.js';

/** Builds a content item as dcmjs reads it: tags as keys, values in `Value` arrays. */
function item(valueType: string, name: string | undefined, extra: Record<string, unknown> = {}, children: unknown[] = []): Record<string, unknown> {
  const dataset: Record<string, unknown> = { '0040A040': { vr: 'CS', Value: [valueType] }, ...extra };
  if (name !== undefined) dataset['0040A043'] = { vr: 'SQ', Value: [{ '00080104': { vr: 'LO', Value: [name] } }] };
  if (children.length > 0) dataset['0040A730'] = { vr: 'SQ', Value: children };
  return dataset;
}

describe('reportFromDataset', () => {
  it('reads headings, text, codes, numbers and names', () => {
    const root = item('CONTAINER', 'Imaging Report', { '0040A491': { vr: 'CS', Value: ['COMPLETE'] }, '0040A493': { vr: 'CS', Value: ['VERIFIED'] } }, [
      item('CONTAINER', 'Findings', {}, [
        item('TEXT', 'Finding', { '0040A160': { vr: 'UT', Value: ['Geen afwijkingen.\r\nLongen schoon.'] } }),
        item('CODE', 'Laterality', { '0040A168': { vr: 'SQ', Value: [{ '00080104': { vr: 'LO', Value: ['Right'] } }] } }),
        item('NUM', 'Diameter', {
          '0040A300': { vr: 'SQ', Value: [{ '0040A30A': { vr: 'DS', Value: [12.5] }, '004008EA': { vr: 'SQ', Value: [{ '00080100': { vr: 'SH', Value: ['mm'] } }] } }] },
        }),
      ]),
      item('PNAME', 'Verifying observer', { '0040A123': { vr: 'PN', Value: [{ Alphabetic: 'Kok^Femke' }] } }),
      item('DATE', 'Study date', { '0040A121': { vr: 'DA', Value: ['20250110'] } }),
      item('IMAGE', 'Key image'),
      item('TEXT', undefined),
    ]);

    const report = reportFromDataset(root as never);

    expect(report.title).to.equal('Imaging Report');
    expect(report.completion).to.equal('COMPLETE');
    expect(report.verification).to.equal('VERIFIED');
    expect(report.truncated).to.equal(false);
    expect(report.nodes.map((node) => node.name)).to.deep.equal(['Findings', 'Verifying observer', 'Study date', 'Key image']);
    const findings = report.nodes[0].children;
    expect(findings[0].value).to.equal('Geen afwijkingen.\r\nLongen schoon.');
    expect(findings[1].value).to.equal('Right');
    expect(findings[2].value).to.equal('12.5 mm');
    expect(report.nodes[1].value).to.equal('Femke Kok');
    expect(report.nodes[2].value).to.equal('2025-01-10');
    expect(report.nodes[2].timestamp?.date).to.equal('2025-01-10');
    expect(report.nodes[2].timestamp?.precision).to.equal('day');
    expect(report.nodes[3].reference).to.equal(true);
  });

  it('cuts a tree that nests too deep', () => {
    let node = item('TEXT', 'Leaf', { '0040A160': { vr: 'UT', Value: ['deep'] } });
    for (let level = 0; level < 40; level++) node = item('CONTAINER', `Level ${level}`, {}, [node]);

    const report = reportFromDataset(node as never);

    expect(report.truncated).to.equal(true);
    expect(JSON.stringify(report)).not.to.include('deep');
  });

  it('reads an empty data set as an empty report', () => {
    const report = reportFromDataset({});
    expect(report.nodes).to.deep.equal([]);
    expect(report.title).to.equal(undefined);
  });
});

describe('nestedTextRepair', () => {
  /** Decodes UTF-8 bytes as windows-1252, as dcmjs 0.51 reads text inside sequence items. */
  const asWindows1252 = (text: string): string => new TextDecoder('windows-1252').decode(new TextEncoder().encode(text));

  it('decodes UTF-8 text read as windows-1252', () => {
    const repair = nestedTextRepair({ '00080005': { vr: 'CS', Value: ['ISO_IR 192'] } });
    expect(asWindows1252('patiënt – § €')).to.equal('patiÃ«nt â€“ Â§ â‚¬');
    expect(repair(asWindows1252('patiënt – § €'))).to.equal('patiënt – § €');
    expect(repair('plain ASCII')).to.equal('plain ASCII');
  });

  it('keeps text that is not UTF-8', () => {
    const repair = nestedTextRepair({ '00080005': { vr: 'CS', Value: ['ISO_IR 192'] } });
    expect(repair('café')).to.equal('café');
  });

  it('follows the declared set, not the one dcmjs reports', () => {
    const repair = nestedTextRepair({ '00080005': { vr: 'CS', Value: ['ISO_IR 192'], _rawValue: ['ISO_IR 100'] } as never });
    expect(repair('café')).to.equal('café');
    const cyrillic = nestedTextRepair({ '00080005': { vr: 'CS', Value: ['ISO_IR 144'] } });
    expect(cyrillic(String.fromCharCode(0xbf, 0xe0, 0xd8))).to.equal('При');
  });

  it('repairs every nested item of a report', () => {
    const report = reportFromDataset({
      '00080005': { vr: 'CS', Value: ['ISO_IR 192'] },
      '0040A040': { vr: 'CS', Value: ['CONTAINER'] },
      '0040A730': {
        vr: 'SQ',
        Value: [
          {
            '0040A040': { vr: 'CS', Value: ['TEXT'] },
            '0040A043': { vr: 'SQ', Value: [{ '00080104': { vr: 'LO', Value: [asWindows1252('Bevinding')] } }] },
            '0040A160': { vr: 'UT', Value: [asWindows1252('Geen afwijkingen; patiënt in goede conditie.')] },
          },
        ],
      },
    } as never);
    expect(report.nodes[0].value).to.equal('Geen afwijkingen; patiënt in goede conditie.');
  });
});
