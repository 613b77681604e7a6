/**
 * The quarterly public disclosure of medical assistance (001 §25; 附件2 江门市医疗救助对象和救助金额等
 * 情况公示) and the statistics reports of 001 §28, as pure functions: periods, the table built from
 * benefit occasions and the ledger's spending, the three-month objection period, the CSV text.
 */
import { type RecipientCategory, recipientCategories, recipientCategoryNames } from './assistance-recipient';
import { type IsoDate, addDays } from './dates';
import { DomainError } from './errors';
import { formatYuan } from './ledger';
import { periodFrom } from './special-disease';

/** A reporting period of 001 §28 (月报、季报、半年报、年报) or the disclosure's quarter (001 §25). */
export type ReportPeriodKind = 'month' | 'quarter' | 'half' | 'year';

/** `2026-10` | `2026-Q4` | `2026-H2` | `2026` → its first and last day (inclusive). */
export function reportPeriod(period: string): { kind: ReportPeriodKind; from: IsoDate; to: IsoDate; label: string } {
  const m = /^(\d{4})(?:-(?:(\d{2})|Q([1-4])|H([12])))?$/.exec(period);
  const year = m ? Number(m[1]) : NaN;
  if (!m || year < 2000 || year > 2100 || (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 12))) {
    throw new DomainError('VALIDATION_FAILED', `统计期间“${period}”无效，应为 YYYY、YYYY-MM、YYYY-Qn 或 YYYY-Hn`, { period });
  }
  const monthRange = (first: number, last: number) => {
    const to = addDays(last === 12 ? `${year + 1}-01-01` : `${year}-${String(last + 1).padStart(2, '0')}-01`, -1);
    return { from: `${year}-${String(first).padStart(2, '0')}-01`, to };
  };
  if (m[2]) return { kind: 'month', ...monthRange(Number(m[2]), Number(m[2])), label: `${year}年${Number(m[2])}月` };
  if (m[3]) {
    const q = Number(m[3]);
    return { kind: 'quarter', ...monthRange(3 * q - 2, 3 * q), label: `${year}年第${'一二三四'[q - 1]}季度` };
  }
  if (m[4]) {
    const h = Number(m[4]);
    return { kind: 'half', ...monthRange(h === 1 ? 1 : 7, h === 1 ? 6 : 12), label: `${year}年${h === 1 ? '上' : '下'}半年` };
  }
  return { kind: 'year', from: `${year}-01-01`, to: `${year}-12-31`, label: `${year}年` };
}

export const quarterSchemaPattern = /^\d{4}-Q[1-4]$/;

/**
 * One benefit occasion (享受待遇人次): an assistance payment to or for one recipient, with its type,
 * amount and the day it was paid (cash basis, 001 §17). Today's sources: the subsidised-enrolment
 * ledgers (资助参保); manual reimbursements add theirs when they post.
 */
export interface BenefitOccasion {
  category: RecipientCategory;
  /** which 医疗救助待遇支出 sub-account it was paid from */
  account: 'subsidised_enrolment' | 'outpatient' | 'inpatient';
  amountFen: number;
  paidOn: IsoDate;
}

export interface DisclosureRow {
  no: number;
  /** a category, or 'untyped' for spending whose data names no recipient type */
  category: RecipientCategory | 'untyped';
  name: string;
  /** 享受待遇人次; null when the data cannot count them */
  occasions: number | null;
  amountFen: number;
}

export interface DisclosureTable {
  rows: DisclosureRow[];
  totalOccasions: number;
  totalFen: number;
  /** the ledger's 医疗救助待遇支出 of the period: the table's total always equals it */
  ledgerSpendingFen: number;
}

export const UNTYPED_ROW_NAME = '“一站式”结算等（结算数据未标明救助对象类型）';

/**
 * 附件2's table: one row per recipient type of the city's policy ("救助对象类型需包括我市政策规定的所有
 * 救助对象", so every category, with zeros), the occasions and amounts from the typed sources, and
 * what the ledger paid besides them (one-stop settlement funds go to the institution without the
 * recipient's type) in a last row, so the total is the ledger's spending of the period.
 */
export function disclosureTable(occasions: readonly BenefitOccasion[], ledgerSpendingFen: number): DisclosureTable {
  const rows: DisclosureRow[] = recipientCategories.map((category, i) => {
    const mine = occasions.filter((o) => o.category === category);
    return {
      no: i + 1,
      category,
      name: recipientCategoryNames[category],
      occasions: mine.length,
      amountFen: mine.reduce((s, o) => s + o.amountFen, 0),
    };
  });
  const typedFen = rows.reduce((s, r) => s + r.amountFen, 0);
  const untypedFen = ledgerSpendingFen - typedFen;
  if (untypedFen !== 0)
    rows.push({ no: rows.length + 1, category: 'untyped', name: UNTYPED_ROW_NAME, occasions: null, amountFen: untypedFen });
  return {
    rows,
    totalOccasions: rows.reduce((s, r) => s + (r.occasions ?? 0), 0),
    totalFen: ledgerSpendingFen,
    ledgerSpendingFen,
  };
}

/**
 * 附件2 "公示期为三个月": counted from the day after publication (Civil Code art. 201) for three
 * months (art. 202, as special-disease periods are): published 2026-10-10 → last day 2027-01-10.
 */
export function objectionPeriodEnd(publishedOn: IsoDate): IsoDate {
  return periodFrom(addDays(publishedOn, 1), 3).end;
}

/** CSV of a table (the columns of 附件2), amounts in yuan. */
export function disclosureCsvRows(table: DisclosureTable): string[][] {
  return [
    ['序号', '救助对象类型', '享受待遇人次', '救助金额（元）'],
    ...table.rows.map((r) => [String(r.no), r.name, r.occasions === null ? '—' : String(r.occasions), formatYuan(r.amountFen)]),
    ['', '合计', String(table.totalOccasions), formatYuan(table.totalFen)],
  ];
}

export function toCsv(rows: readonly (readonly string[])[]): string {
  const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
