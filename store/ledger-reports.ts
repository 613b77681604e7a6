/**
 * Reports on an agency's fund books (试算平衡表, 明细账, 期间收支表), CSV export, and the import of a
 * “一站式” settlement payment file (001 §19) posted all-or-nothing. Reads take `prisma` as a
 * parameter; nothing here keeps state.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { addDays, type IsoDate, isValidIsoDate } from '../domain/dates';
import { DomainError } from '../domain/errors';
import {
  type AccountCode,
  type PostingLike,
  type SettlementCategory,
  type Side,
  accountBalance,
  accountOf,
  accounts,
  formatYuan,
  isAccountCode,
  parseYuan,
  postSettlementPayment,
  trialBalance,
} from '../domain/ledger';
import type { Jurisdiction } from '../domain/people';
import { MAX_AMOUNT_FEN, isBusinessDate } from '../domain/primitives';
import type { PrismaClient } from '../generated/prisma/client';
import { agencyPostings } from './ledger';

// ---------------------------------------------------------------------------------------------
// Trial balance
// ---------------------------------------------------------------------------------------------

export interface TrialBalanceReport {
  agency: Jurisdiction;
  asOf: IsoDate | null;
  rows: { account: AccountCode; name: string; normalSide: Side; debitFen: number; creditFen: number; balanceFen: number }[];
  totals: { debitFen: number; creditFen: number };
  balanced: boolean;
}

/** 001 §17–§18: every account posted to up to `asOf` (inclusive; all when omitted). */
export async function trialBalanceReport(prisma: PrismaClient, agency: Jurisdiction, asOf?: IsoDate): Promise<TrialBalanceReport> {
  if (asOf !== undefined && !isValidIsoDate(asOf)) throw invalid('asOf', `截止日期 ${asOf} 无效，应为 YYYY-MM-DD`);
  const tb = trialBalance(await agencyPostings(prisma, agency, asOf ? { to: asOf } : {}));
  return {
    agency,
    asOf: asOf ?? null,
    rows: tb.rows.map((r) => ({
      account: r.account,
      name: r.name,
      normalSide: r.normalSide,
      debitFen: r.debitFen,
      creditFen: r.creditFen,
      balanceFen: r.balanceFen,
    })),
    totals: { debitFen: tb.totals.debitFen, creditFen: tb.totals.creditFen },
    balanced: tb.totals.balanced,
  };
}

// ---------------------------------------------------------------------------------------------
// Account ledger (明细账)
// ---------------------------------------------------------------------------------------------

export interface AccountLedgerLine {
  date: IsoDate;
  entryId: string;
  memo: string;
  account: AccountCode;
  accountName: string;
  debitFen: number;
  creditFen: number;
  /** on the account's normal side, after this line */
  balanceFen: number;
}

export interface AccountLedger {
  agency: Jurisdiction;
  account: AccountCode;
  name: string;
  normalSide: Side;
  from: IsoDate;
  to: IsoDate;
  openingFen: number;
  lines: AccountLedgerLine[];
  totals: { debitFen: number; creditFen: number };
  closingFen: number;
}

/** The account itself and, for a parent (医疗救助待遇支出), its sub-accounts. */
function familyOf(account: AccountCode): AccountCode[] {
  const out: AccountCode[] = [account];
  for (let i = 0; i < out.length; i++) for (const a of accounts) if (a.parent === out[i]) out.push(a.code);
  return out;
}

export async function accountLedger(
  prisma: PrismaClient,
  agency: Jurisdiction,
  account: string,
  from: IsoDate,
  to: IsoDate,
): Promise<AccountLedger> {
  if (!isAccountCode(account)) throw new DomainError('NOT_FOUND', `科目 ${account} 不存在`, { account });
  checkRange(from, to);
  const def = accountOf(account)!;
  const family = familyOf(account);
  const before = await prisma.journalLine.findMany({
    where: { account: { in: family }, entry: { agency, date: { lt: from } } },
    select: { account: true, side: true, amountFen: true },
  });
  const openingFen = accountBalance(before.map(toPosting), account);
  const rows = await prisma.journalLine.findMany({
    where: { account: { in: family }, entry: { agency, date: { gte: from, lte: to } } },
    include: { entry: { select: { date: true, memo: true } } },
    orderBy: [{ entry: { date: 'asc' } }, { entryId: 'asc' }, { id: 'asc' }],
  });
  let balance = openingFen;
  let debitFen = 0;
  let creditFen = 0;
  const lines = rows.map((r): AccountLedgerLine => {
    const p = toPosting(r);
    balance += p.side === def.normalSide ? p.amountFen : -p.amountFen;
    if (p.side === 'debit') debitFen += p.amountFen;
    else creditFen += p.amountFen;
    return {
      date: r.entry.date,
      entryId: String(r.entryId),
      memo: r.entry.memo,
      account: p.account as AccountCode,
      accountName: accountOf(p.account)?.name ?? p.account,
      debitFen: p.side === 'debit' ? p.amountFen : 0,
      creditFen: p.side === 'credit' ? p.amountFen : 0,
      balanceFen: balance,
    };
  });
  return {
    agency,
    account,
    name: def.name,
    normalSide: def.normalSide,
    from,
    to,
    openingFen,
    lines,
    totals: { debitFen, creditFen },
    closingFen: balance,
  };
}

// ---------------------------------------------------------------------------------------------
// Period statement (期间收支表)
// ---------------------------------------------------------------------------------------------

export interface PeriodStatement {
  agency: Jurisdiction;
  period: string;
  from: IsoDate;
  to: IsoDate;
  assets: { account: AccountCode; name: string; openingFen: number; changeFen: number; closingFen: number }[];
  income: { account: AccountCode; name: string; amountFen: number }[];
  expense: { account: AccountCode; name: string; amountFen: number }[];
  totals: { openingAssetsFen: number; closingAssetsFen: number; incomeFen: number; expenseFen: number; surplusFen: number };
}

/** 'YYYY' (公历年度, 001 §17) or 'YYYY-MM' → its first and last day. */
export function periodRange(period: string): { from: IsoDate; to: IsoDate } {
  const m = /^(\d{4})(?:-(0[1-9]|1[0-2]))?$/.exec(period);
  if (!m) throw invalid('period', `期间 ${period} 无效，应为 YYYY 或 YYYY-MM`);
  const [, year, month] = m;
  if (!month) return { from: `${year}-01-01`, to: `${year}-12-31` };
  const next = month === '12' ? `${Number(year) + 1}-01-01` : `${year}-${String(Number(month) + 1).padStart(2, '0')}-01`;
  return { from: `${year}-${month}-01`, to: addDays(next, -1) };
}

/**
 * Cash basis (001 §17): income and expense are what was posted within the period. Assets show the
 * opening and closing balances; their change equals income − expense, since every entry touches
 * only these accounts.
 */
export async function periodStatement(prisma: PrismaClient, agency: Jurisdiction, period: string): Promise<PeriodStatement> {
  const { from, to } = periodRange(period);
  const upToEnd = await agencyPostings(prisma, agency, { to });
  const before = upToEnd.filter((p) => p.date < from);
  const within = upToEnd.filter((p) => p.date >= from);
  const assets = accounts
    .filter((a) => a.type === 'asset')
    .map((a) => {
      const openingFen = accountBalance(before, a.code);
      const closingFen = accountBalance(upToEnd, a.code);
      return { account: a.code as AccountCode, name: a.name, openingFen, changeFen: closingFen - openingFen, closingFen };
    });
  const income = accounts
    .filter((a) => a.type === 'income')
    .map((a) => ({ account: a.code as AccountCode, name: a.name, amountFen: accountBalance(within, a.code) }));
  const expense = accounts
    .filter((a) => a.type === 'expense' && a.parent !== null)
    .map((a) => ({ account: a.code as AccountCode, name: a.name, amountFen: accountBalance(within, a.code) }));
  const sum = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
  const incomeFen = sum(income.map((r) => r.amountFen));
  const expenseFen = sum(expense.map((r) => r.amountFen));
  return {
    agency,
    period,
    from,
    to,
    assets,
    income,
    expense,
    totals: {
      openingAssetsFen: sum(assets.map((a) => a.openingFen)),
      closingAssetsFen: sum(assets.map((a) => a.closingFen)),
      incomeFen,
      expenseFen,
      surplusFen: incomeFen - expenseFen,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180)
// ---------------------------------------------------------------------------------------------

export interface CsvColumn {
  key: string;
  header: string;
}

/**
 * RFC 4180 text with CRLF line ends. A number in a column whose key ends in `Fen` is written as
 * yuan with two decimals. Text starting with = + - @ is prefixed with ' so a spreadsheet does not
 * run it as a formula (memos and institution names come from users).
 */
export function toCsv(rows: readonly object[], columns: readonly CsvColumn[]): string {
  const cell = (key: string, value: unknown): string => {
    if (value === undefined || value === null) return '';
    if (typeof value === 'number' && key.endsWith('Fen')) return formatYuan(value);
    const text = String(value);
    return typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  };
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = [columns.map((c) => quote(c.header)).join(',')];
  for (const row of rows) {
    const r = row as Record<string, unknown>;
    lines.push(columns.map((c) => quote(cell(c.key, r[c.key]))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * RFC 4180 records (quoted fields, "" inside quotes, CRLF or LF, Excel's UTF-8 BOM), one entry per
 * record in file order, so record n is row n as a spreadsheet numbers it. csv-parse reads them.
 */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
}

// ---------------------------------------------------------------------------------------------
// Settlement import (001 §19 “一站式”结算资金支付)
// ---------------------------------------------------------------------------------------------

type SettlementField = 'institution' | 'date' | 'category' | 'amount';
const headerNames: Record<string, SettlementField> = {
  institution: 'institution',
  date: 'date',
  category: 'category',
  amount: 'amount',
  定点机构: 'institution',
  日期: 'date',
  类别: 'category',
  金额: 'amount',
};
const fieldNames: Record<SettlementField, string> = { institution: '定点机构', date: '日期', category: '类别', amount: '金额' };
const categoryNames: Record<string, SettlementCategory> = {
  outpatient: 'outpatient',
  inpatient: 'inpatient',
  门诊: 'outpatient',
  住院: 'inpatient',
};
/** Enough to find the fault without sending back a report the size of the file. */
const MAX_ISSUES = 200;

export interface ImportIssue {
  path: string;
  message: string;
}
export interface SettlementImportResult {
  batch: string;
  posted: number;
  alreadyPosted: number;
  totalFen: number;
}

interface SettlementRow {
  row: number;
  institution: string;
  date: IsoDate;
  category: SettlementCategory;
  amountFen: number;
}

function importRefused(issues: ImportIssue[]): DomainError {
  const shown = issues.slice(0, MAX_ISSUES);
  return new DomainError('VALIDATION_FAILED', '结算文件有误，未导入任何记录', {
    issues: shown,
    issueCount: issues.length,
    ...(issues.length > shown.length ? { truncated: true } : {}),
  });
}

/** Every row is checked before anything is posted; one bad row refuses the whole file. */
export function parseSettlementFile(csvText: string): SettlementRow[] {
  const records = parseCsv(csvText);
  const issues: ImportIssue[] = [];
  const header = (records[0] ?? []).map((h) => h.trim());
  const columns = new Map<SettlementField, number>();
  header.forEach((h, i) => {
    const field = headerNames[h] ?? headerNames[h.toLowerCase()];
    if (!field)
      issues.push({ path: 'row 1', message: `无法识别的列“${h}”，表头应为 institution,date,category,amount 或 定点机构,日期,类别,金额` });
    else if (columns.has(field)) issues.push({ path: 'row 1', message: `列“${h}”重复` });
    else columns.set(field, i);
  });
  for (const f of ['institution', 'date', 'category', 'amount'] as const) {
    if (!columns.has(f)) issues.push({ path: 'row 1', message: `缺少“${fieldNames[f]}”（${f}）列` });
  }
  if (issues.length) throw importRefused(issues);

  const rows: SettlementRow[] = [];
  const seen = new Map<string, number>();
  records.slice(1).forEach((record, i) => {
    const rowNo = i + 2;
    if (record.every((c) => c.trim() === '')) return; // blank line
    const path = `row ${rowNo}`;
    const before = issues.length;
    if (record.length > header.length) issues.push({ path, message: `有 ${record.length} 列，多于表头的 ${header.length} 列` });
    const get = (f: SettlementField) => (record[columns.get(f)!] ?? '').trim();
    const missing = (f: SettlementField) => issues.push({ path, message: `缺少${fieldNames[f]}` });

    const institution = get('institution');
    if (!institution) missing('institution');
    else if (institution.length > 100) issues.push({ path, message: '定点机构名称超过100个字符' });

    const date = get('date');
    if (!date) missing('date');
    else if (!isBusinessDate(date)) issues.push({ path, message: `日期“${date}”无效，应为 2000–2100 年间的 YYYY-MM-DD` });

    const categoryText = get('category');
    const category = categoryNames[categoryText] ?? categoryNames[categoryText.toLowerCase()];
    if (!categoryText) missing('category');
    else if (!category) issues.push({ path, message: `类别“${categoryText}”无效，应为 门诊（outpatient）或 住院（inpatient）` });

    const amountText = get('amount');
    let amountFen = 0;
    if (!amountText) missing('amount');
    else {
      try {
        amountFen = parseYuan(amountText);
        if (amountFen <= 0) issues.push({ path, message: `金额“${amountText}”必须大于0` });
        else if (amountFen > MAX_AMOUNT_FEN) issues.push({ path, message: `金额“${amountText}”超过上限（100亿元）` });
      } catch (e) {
        issues.push({ path, message: e instanceof Error ? e.message : `金额“${amountText}”无效` });
      }
    }
    if (issues.length > before) return;
    const key = `${institution}\u0000${date}\u0000${category}\u0000${amountFen}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ path, message: `与第 ${first} 行重复（同一机构、日期、类别和金额）` });
      return;
    }
    seen.set(key, rowNo);
    rows.push({ row: rowNo, institution, date, category: category!, amountFen });
  });
  if (rows.length === 0 && issues.length === 0) issues.push({ path: 'row 2', message: '文件中没有结算记录' });
  if (issues.length) throw importRefused(issues);
  return rows;
}

/** The natural key of a settlement row (institution last: it is the only free text). */
function settlementKey(agency: Jurisdiction, r: SettlementRow): string {
  return `${agency}:settlement:${r.date}:${r.category}:${r.amountFen}:${r.institution}`;
}

/**
 * Posts every row of a settlement file in one transaction, or none. Each row's source key is its
 * content, so rows already posted (from this file or any other) are reported and never posted twice.
 */
export async function importSettlements(
  prisma: PrismaClient,
  agency: Jurisdiction,
  csvText: string,
  postedBy: string,
): Promise<SettlementImportResult> {
  const rows = parseSettlementFile(csvText);
  const batch = createHash('sha256').update(csvText).digest('hex').slice(0, 16);
  const drafts = rows.map((r) => {
    const draft = postSettlementPayment({
      agency,
      date: r.date,
      institution: r.institution,
      category: r.category,
      amountFen: r.amountFen,
      batchKey: batch,
    });
    // A settlement is known by its content, not by the file it came in: institution, date,
    // category and amount (the file has no settlement number). The same rows sent again with other
    // line ends, a BOM, another order or the Chinese header are the same settlements.
    return { ...draft, source: { kind: draft.source.kind, key: settlementKey(agency, r) } };
  });
  const totalFen = rows.reduce((s, r) => s + r.amountFen, 0);
  const kind = drafts[0]!.source.kind;

  const run = () =>
    prisma.$transaction(
      async (tx) => {
        const existing = await tx.journalEntry.findMany({
          where: { agency, sourceKind: kind, sourceKey: { in: drafts.map((d) => d.source.key) } },
          select: { sourceKey: true },
        });
        const done = new Set(existing.map((e) => e.sourceKey));
        const fresh = drafts.filter((d) => !done.has(d.source.key));
        if (fresh.length === 0) return { posted: 0, alreadyPosted: drafts.length };
        const postedAt = new Date();
        const created = await tx.journalEntry.createManyAndReturn({
          data: fresh.map((d) => ({
            agency,
            date: d.date,
            memo: d.memo,
            sourceKind: d.source.kind,
            sourceKey: d.source.key,
            postedBy,
            postedAt,
          })),
          select: { id: true, sourceKey: true },
        });
        const idByKey = new Map(created.map((c) => [c.sourceKey, c.id]));
        // The lines follow in the same transaction; the balance trigger checks them at commit.
        await tx.journalLine.createMany({
          data: fresh.flatMap((d) =>
            d.lines.map((l) => ({ entryId: idByKey.get(d.source.key)!, account: l.account, side: l.side, amountFen: BigInt(l.amountFen) })),
          ),
        });
        return { posted: fresh.length, alreadyPosted: drafts.length - fresh.length };
      },
      { timeout: 120_000, maxWait: 10_000 },
    );

  let outcome: { posted: number; alreadyPosted: number };
  try {
    outcome = await run();
  } catch (e) {
    // The same file imported concurrently: the other transaction won the unique index; this run
    // now finds its entries and posts nothing.
    if ((e as { code?: string }).code !== 'P2002') throw e;
    outcome = await run();
  }
  return { batch, ...outcome, totalFen };
}

// ---------------------------------------------------------------------------------------------

function toPosting(l: { account: string; side: string; amountFen: bigint }): PostingLike {
  return { account: l.account, side: l.side as Side, amountFen: Number(l.amountFen) };
}

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { issues: [{ path: `query.${field}`, message }] });
}

function checkRange(from: IsoDate, to: IsoDate): void {
  if (!isValidIsoDate(from)) throw invalid('from', `起始日期 ${from} 无效，应为 YYYY-MM-DD`);
  if (!isValidIsoDate(to)) throw invalid('to', `截止日期 ${to} 无效，应为 YYYY-MM-DD`);
  if (from > to) throw invalid('from', `起始日期 ${from} 晚于截止日期 ${to}`);
}
