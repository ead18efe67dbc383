import { csvField, discrepancyReport, reportCsv } from './discrepancy-report';

describe('discrepancy report', () => {
  const report = discrepancyReport(
    [
      { rule: 'lab-not-collected', facility: 'AVC', severity: 'considerable', status: 'requested', count: 3 },
      { rule: 'rx-duplicate-order', facility: 'AVC', severity: 'catastrophic', status: 'accepted', count: 1 },
    ],
    { from: '2024-08-03T00:00:00Z' },
  );

  it('totals the cells and names each rule', () => {
    expect(report).toMatchObject({ from: '2024-08-03T00:00:00Z', to: null, facility: null, total: 4 });
    expect(report.rows[1]).toMatchObject({ rule: 'rx-duplicate-order', display: 'Duplicate medication order', count: 1 });
  });

  it('is a CSV with a header and one line per cell', () => {
    expect(reportCsv(report)).toBe(
      'rule,display,facility,severity,status,count\r\n' +
        'lab-not-collected,Lab specimen not collected,AVC,considerable,requested,3\r\n' +
        'rx-duplicate-order,Duplicate medication order,AVC,catastrophic,accepted,1\r\n',
    );
  });

  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['=HYPERLINK("x")', `"'=HYPERLINK(""x"")"`],
    ['-1', "'-1"],
    [7, '7'],
  ])('writes %j as %s', (value, field) => {
    expect(csvField(value)).toBe(field);
  });
});
