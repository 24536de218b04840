import { expect } from '@open-wc/testing';
import { reportFromDataset } from './structured-report.js';

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
