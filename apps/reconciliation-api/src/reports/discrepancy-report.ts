import { RULE_DISPLAY, type RuleCode } from '@continuity/rules';
import type { ReportCell } from '../tasks/task-read-model';

/** The discrepancy report as JSON. */
export interface DiscrepancyReport {
  from: string | null;
  to: string | null;
  facility: string | null;
  total: number;
  rows: Array<ReportCell & { display: string }>;
}

/** Columns of the CSV form, in order. */
export const REPORT_CSV_COLUMNS = ['rule', 'display', 'facility', 'severity', 'status', 'count'] as const;

export function discrepancyReport(cells: readonly ReportCell[], filter: { from?: string; to?: string; facility?: string }): DiscrepancyReport {
  return {
    from: filter.from ?? null,
    to: filter.to ?? null,
    facility: filter.facility ?? null,
    total: cells.reduce((n, c) => n + c.count, 0),
    rows: cells.map((c) => ({ ...c, display: RULE_DISPLAY[c.rule as RuleCode] ?? c.rule })),
  };
}

/**
 * RFC 4180 CSV (CRLF line ends, a header line). Fields are quoted when they hold a comma, a quote
 * or a line break, and a leading `= + - @` is neutralised so a spreadsheet does not run it as a formula.
 */
export function reportCsv(report: DiscrepancyReport): string {
  const lines = [REPORT_CSV_COLUMNS.join(',')];
  for (const row of report.rows) lines.push(REPORT_CSV_COLUMNS.map((column) => csvField(row[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
