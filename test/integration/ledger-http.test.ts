/**
 * The fund's books over HTTP, against real PostgreSQL (with the ledger triggers) and the API.
 * Other test files share the database, so the books used are kaiping's and every expectation is a
 * difference between a report read before and after.
 */
import { createHash, randomUUID } from 'node:crypto';
import { shanghaiDate } from '../../domain/dates';
import { testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;
const run = randomUUID().slice(0, 8);
const today = shanghaiDate(Date.now());
const lastYear = Number(today.slice(0, 4)) - 1;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-ledger-${randomUUID()}`);
  for (const u of [
    'kaiping.finance',
    'kaiping.supervisor',
    'kaiping.clerk',
    'taishan.finance',
    'municipal.finance',
    'municipal.supervisor',
  ]) {
    tokens[u] = await svc.login(u);
  }
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const get = (path: string, user = 'kaiping.finance') => svc.call(as(user), 'GET', path);
const post = (body: object, headers?: Record<string, string>) => svc.call(as('kaiping.finance'), 'POST', '/ledger/entries', body, headers);
const importCsv = (csv: string) => svc.call(as('kaiping.finance'), 'POST', '/ledger/settlements/import', { csv });
const trialBalance = async (asOf?: string) => {
  const res = await get(`/ledger/trial-balance${asOf ? `?asOf=${asOf}` : ''}`);
  expect(res.status).toBe(200);
  return res.body;
};
const balanceOf = (tb: any, account: string): number => tb.rows.find((r: any) => r.account === account)?.balanceFen ?? 0;
const statement = async (period: string) => {
  const res = await get(`/ledger/statements?period=${period}`);
  expect(res.status).toBe(200);
  return res.body;
};
const amountIn = (rows: any[], account: string): number => rows.find((r: any) => r.account === account).amountFen;
/** CSV responses are not JSON: fetched directly. */
const fetchText = async (path: string, user = 'kaiping.finance') => {
  const res = await fetch(`${svc.api.url}${path}`, { headers: { authorization: `Bearer ${as(user)}` } });
  return { status: res.status, headers: res.headers, text: (await res.text()).replace(/^\uFEFF/, '') };
};

test('fiscal income and a settlement payment keep the trial balance balanced', async () => {
  const before = await trialBalance();
  const income = await post(
    { event: 'fiscal_income', date: today, kind: 'fiscal_subsidy', amountFen: 1_000_000_00, ref: `CZ-${run}` },
    { 'idempotency-key': `ledger-income-${run}` },
  );
  expect(income.status).toBe(201);
  expect(income.body).toMatchObject({
    agency: 'kaiping',
    date: today,
    postedBy: 'kaiping.finance',
    reversesId: null,
    lines: [
      { account: 'fiscal_special_account_deposit', side: 'debit', amountFen: 1_000_000_00 },
      { account: 'fiscal_subsidy_income', side: 'credit', amountFen: 1_000_000_00 },
    ],
  });
  // The same request with the same key is answered again; the same source without a key is refused.
  const replay = await post(
    { event: 'fiscal_income', date: today, kind: 'fiscal_subsidy', amountFen: 1_000_000_00, ref: `CZ-${run}` },
    { 'idempotency-key': `ledger-income-${run}` },
  );
  expect(replay.status).toBe(201);
  expect(replay.headers.get('idempotent-replayed')).toBe('true');
  expect(replay.body.id).toBe(income.body.id);
  const again = await post({ event: 'fiscal_income', date: today, kind: 'fiscal_subsidy', amountFen: 1_000_000_00, ref: `CZ-${run}` });
  expect(again).toMatchObject({ status: 409, body: { code: 'DUPLICATE_SOURCE', facts: { entryId: income.body.id } } });

  const payment = await post({
    event: 'settlement_payment',
    date: today,
    institution: '开平市中心医院',
    category: 'inpatient',
    amountFen: 123_456,
    batchKey: `B-${run}`,
  });
  expect(payment.status).toBe(201);
  expect(payment.body.lines).toEqual([
    expect.objectContaining({ account: 'assistance_benefit_expense.inpatient', side: 'debit', amountFen: 123_456 }),
    expect.objectContaining({ account: 'expenditure_account_deposit', side: 'credit', amountFen: 123_456 }),
  ]);

  const after = await trialBalance();
  expect(after.balanced).toBe(true);
  expect(after.totals.debitFen).toBe(after.totals.creditFen);
  expect(after.totals.debitFen - before.totals.debitFen).toBe(1_000_000_00 + 123_456);
  const delta = (account: string) => balanceOf(after, account) - balanceOf(before, account);
  expect(delta('fiscal_special_account_deposit')).toBe(1_000_000_00);
  expect(delta('fiscal_subsidy_income')).toBe(1_000_000_00);
  expect(delta('assistance_benefit_expense.inpatient')).toBe(123_456);
  expect(delta('expenditure_account_deposit')).toBe(-123_456);

  // Read by the county's supervisor and municipal oversight; a clerk cannot post.
  expect((await get(`/ledger/entries/${payment.body.id}`, 'kaiping.supervisor')).body).toMatchObject({
    id: payment.body.id,
    totals: { debitFen: 123_456, creditFen: 123_456 },
  });
  expect((await get(`/ledger/entries/${payment.body.id}`, 'municipal.supervisor')).status).toBe(200);
  const clerk = await svc.call(as('kaiping.clerk'), 'POST', '/ledger/entries', {
    event: 'subsidised_enrolment',
    date: today,
    amountFen: 100,
    ref: `Z-${run}`,
  });
  expect(clerk).toMatchObject({ status: 403, body: { code: 'ROLE_NOT_ALLOWED' } });
});

describe('settlement file import', () => {
  const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
  // Names unique to this run, so the file (and its batch) is new even on a reused database.
  const hospital = `开平市中心医院, 门诊部 ${run}`;
  const clinic = `开平市"长沙"卫生院 ${run}`;
  const rows = months.flatMap((m, i) => [
    { institution: hospital, date: `${lastYear}-${m}-10`, category: '门诊', yuan: `${1000 + i}.5`, fen: (1000 + i) * 100 + 50 },
    { institution: clinic, date: `${lastYear}-${m}-20`, category: '住院', yuan: `${20000 + i * 100}.07`, fen: (20000 + i * 100) * 100 + 7 },
  ]);
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const file =
    ['定点机构,日期,类别,金额', ...rows.map((r) => [quote(r.institution), r.date, r.category, r.yuan].join(','))].join('\r\n') + '\r\n';
  const totalFen = rows.reduce((s, r) => s + r.fen, 0);
  const outpatientFen = rows.filter((r) => r.category === '门诊').reduce((s, r) => s + r.fen, 0);
  const inpatientFen = totalFen - outpatientFen;
  const expenseLedger = () => get(`/ledger/accounts/assistance_benefit_expense?from=${lastYear}-01-01&to=${lastYear}-12-31`);

  test('a year of settlements is imported in one go and shows in the statement and the account ledger', async () => {
    const yearBefore = await statement(String(lastYear));
    const marchBefore = await statement(`${lastYear}-03`);
    const ledgerBefore = (await expenseLedger()).body;

    const imported = await importCsv(file);
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({ batch: expect.stringMatching(/^[0-9a-f]{16}$/), posted: 24, alreadyPosted: 0, totalFen });
    const batch = imported.body.batch;

    const yearAfter = await statement(String(lastYear));
    expect(
      amountIn(yearAfter.expense, 'assistance_benefit_expense.outpatient') -
        amountIn(yearBefore.expense, 'assistance_benefit_expense.outpatient'),
    ).toBe(outpatientFen);
    expect(
      amountIn(yearAfter.expense, 'assistance_benefit_expense.inpatient') -
        amountIn(yearBefore.expense, 'assistance_benefit_expense.inpatient'),
    ).toBe(inpatientFen);
    expect(yearAfter.totals.expenseFen - yearBefore.totals.expenseFen).toBe(totalFen);
    const expenditure = (s: any) => s.assets.find((a: any) => a.account === 'expenditure_account_deposit');
    expect(expenditure(yearAfter).closingFen - expenditure(yearBefore).closingFen).toBe(-totalFen);
    // Assets change by income − expense (every entry touches only these accounts).
    expect(yearAfter.totals.closingAssetsFen - yearAfter.totals.openingAssetsFen).toBe(yearAfter.totals.surplusFen);
    const marchAfter = await statement(`${lastYear}-03`);
    const march = rows.filter((r) => r.date.startsWith(`${lastYear}-03`)).reduce((s, r) => s + r.fen, 0);
    expect(marchAfter.totals.expenseFen - marchBefore.totals.expenseFen).toBe(march);
    expect(marchAfter).toMatchObject({ from: `${lastYear}-03-01`, to: `${lastYear}-03-31` });

    // The parent account's ledger includes both sub-accounts; the running balance ends at the closing balance.
    const ledger = (await expenseLedger()).body;
    const ours = ledger.lines.filter((l: any) => l.memo.includes(batch));
    expect(ours).toHaveLength(24);
    expect(new Set(ours.map((l: any) => l.account))).toEqual(
      new Set(['assistance_benefit_expense.outpatient', 'assistance_benefit_expense.inpatient']),
    );
    expect(ledger.lines.at(-1).balanceFen).toBe(ledger.closingFen);
    const net = ledger.lines.reduce((s: number, l: any) => s + l.debitFen - l.creditFen, 0);
    expect(ledger.openingFen + net).toBe(ledger.closingFen);
    expect(ledger.closingFen - ledger.openingFen - (ledgerBefore.closingFen - ledgerBefore.openingFen)).toBe(totalFen);
    const csv = await fetchText(`/ledger/accounts/assistance_benefit_expense?from=${lastYear}-01-01&to=${lastYear}-12-31&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')[0]).toBe('日期,分录号,摘要,科目,借方,贷方,余额');

    // The same file again posts nothing new.
    const repeated = await importCsv(file);
    expect(repeated).toMatchObject({ status: 200, body: { batch, posted: 0, alreadyPosted: 24, totalFen } });
    expect(await statement(String(lastYear))).toEqual(yearAfter);

    // The same rows in another shape are the same settlements (issue 13 §4): LF line ends, a BOM,
    // rows reversed, the English header, an extra trailing newline; nothing is posted again.
    const english = { 门诊: 'outpatient', 住院: 'inpatient' } as Record<string, string>;
    const reshaped =
      '\ufeffinstitution,date,category,amount\n' +
      [...rows]
        .reverse()
        .map((r) => [quote(r.institution), r.date, english[r.category], r.yuan].join(','))
        .join('\n') +
      '\n\n';
    const again = await importCsv(reshaped);
    expect(again).toMatchObject({ status: 200, body: { posted: 0, alreadyPosted: 24, totalFen } });
    expect(await statement(String(lastYear))).toEqual(yearAfter);
    // A file that mixes posted rows with one new row posts the new row only.
    const extra = `${quote(hospital)},${lastYear}-12-31,门诊,1.23`;
    const mixed = await importCsv(`定点机构,日期,类别,金额\r\n${extra}\r\n${file.split('\r\n').slice(1, 3).join('\r\n')}\r\n`);
    expect(mixed).toMatchObject({ status: 201, body: { posted: 1, alreadyPosted: 2 } });
  });

  test('a file with one bad row among good ones is refused whole, naming the row', async () => {
    const before = await trialBalance();
    const bad = file
      .replace(`${lastYear}-02-20,住院`, `${lastYear}-02-20,牙科`)
      .replace(/\r\n$/, `\r\n${quote(hospital)},${lastYear}-12-31,门诊,1\r\n`);
    const refused = await importCsv(bad);
    expect(refused).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', message: '结算文件有误，未导入任何记录' } });
    expect(refused.body.issues).toEqual([{ path: 'row 5', message: expect.stringContaining('牙科') }]);
    expect(await trialBalance()).toEqual(before);
    const batch = createHash('sha256').update(bad).digest('hex').slice(0, 16);
    expect(await prisma.journalEntry.count({ where: { agency: 'kaiping', sourceKey: { contains: batch } } })).toBe(0);
  });

  test('every bad row is reported with its row number in the file', async () => {
    const csv = [
      'institution,date,category,amount',
      `,${lastYear}-01-05,outpatient,10`, // row 2: no institution
      `卫生院 ${run},${lastYear}-02-30,outpatient,10`, // row 3: no such day
      `卫生院 ${run},${lastYear}-03-05,dental,10`, // row 4
      `卫生院 ${run},${lastYear}-03-06,inpatient,0`, // row 5
      `卫生院 ${run},${lastYear}-03-07,inpatient,-3`, // row 6
      `卫生院 ${run},${lastYear}-03-08,inpatient,1.234`, // row 7
      '', // row 8: blank, ignored but counted
      `卫生院 ${run},${lastYear}-03-09,门诊,12.30`, // row 9
      `卫生院 ${run},${lastYear}-03-09,outpatient,12.3`, // row 10: the same payment as row 9
      `卫生院 ${run},2100-12-31,inpatient,5`, // row 11: a future date within the service's years is fine
      `卫生院 ${run},2999-01-01,inpatient,5`, // row 12: past 2100 (domain/primitives.ts)
    ].join('\n');
    const refused = await importCsv(csv);
    expect(refused.status).toBe(400);
    expect(refused.body.issues.map((i: any) => i.path)).toEqual(['row 2', 'row 3', 'row 4', 'row 5', 'row 6', 'row 7', 'row 10', 'row 12']);
    expect(refused.body.issues[6].message).toContain('第 9 行');
  });
});

test('the database refuses an unbalanced entry and any change to a posted line', async () => {
  await expect(
    prisma.journalEntry.create({
      data: {
        agency: 'kaiping',
        date: today,
        memo: '不平衡的分录',
        sourceKind: 'test',
        sourceKey: `unbalanced-${run}`,
        postedBy: 'test',
        postedAt: new Date(),
        lines: {
          create: [
            { account: 'fiscal_special_account_deposit', side: 'debit', amountFen: 100n },
            { account: 'other_income', side: 'credit', amountFen: 90n },
          ],
        },
      },
    }),
  ).rejects.toThrow(/not balanced/);
  expect(await prisma.journalEntry.count({ where: { sourceKey: `unbalanced-${run}` } })).toBe(0);

  const posted = await post({ event: 'fiscal_income', date: today, kind: 'interest', amountFen: 777, ref: `LX-${run}` });
  expect(posted.status).toBe(201);
  const line = await prisma.journalLine.findFirstOrThrow({ where: { entryId: BigInt(posted.body.id) } });
  await expect(prisma.journalLine.update({ where: { id: line.id }, data: { amountFen: 1n } })).rejects.toThrow(/cannot be changed/);
  await expect(prisma.journalEntry.delete({ where: { id: BigInt(posted.body.id) } })).rejects.toThrow(/cannot be changed/);
  expect((await prisma.journalLine.findUniqueOrThrow({ where: { id: line.id } })).amountFen).toBe(777n);
});

test('a reversal cancels the entry, once', async () => {
  const before = await trialBalance();
  const original = await post({ event: 'fiscal_income', date: today, kind: 'other', amountFen: 5_000, ref: `QT-${run}` });
  expect(original.status).toBe(201);
  const path = `/ledger/entries/${original.body.id}/reversal`;

  const foreign = await svc.call(as('taishan.finance'), 'POST', path, { reason: '录入错误', date: today });
  expect(foreign).toMatchObject({ status: 403, body: { code: 'OUT_OF_JURISDICTION' } });
  const early = await svc.call(as('kaiping.finance'), 'POST', path, { reason: '录入错误', date: '2000-01-01' });
  expect(early).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });

  const reversed = await svc.call(as('kaiping.finance'), 'POST', path, { reason: '凭据号录入错误', date: today });
  expect(reversed.status).toBe(201);
  expect(reversed.body).toMatchObject({
    reversesId: original.body.id,
    memo: expect.stringContaining('凭据号录入错误'),
    lines: [
      { account: 'fiscal_special_account_deposit', side: 'credit', amountFen: 5_000 },
      { account: 'other_income', side: 'debit', amountFen: 5_000 },
    ],
  });
  expect((await get(`/ledger/entries/${original.body.id}`)).body.reversedBy).toEqual({ id: reversed.body.id, date: today });

  const after = await trialBalance();
  expect(after.balanced).toBe(true);
  expect(balanceOf(after, 'other_income')).toBe(balanceOf(before, 'other_income'));
  expect(after.totals.debitFen - before.totals.debitFen).toBe(2 * 5_000);

  const second = await svc.call(as('kaiping.finance'), 'POST', path, { reason: '再次冲销', date: today });
  expect(second).toMatchObject({ status: 409, body: { code: 'DUPLICATE_SOURCE', facts: { reversalId: reversed.body.id } } });
  expect(await prisma.journalEntry.count({ where: { reversesId: BigInt(original.body.id) } })).toBe(1);
});

test("another county's finance officer cannot read kaiping's books", async () => {
  for (const path of [
    '/ledger/trial-balance?agency=kaiping',
    `/ledger/statements?agency=kaiping&period=${lastYear}`,
    '/ledger/accounts/expenditure_account_deposit?agency=kaiping',
  ]) {
    expect(await get(path, 'taishan.finance')).toMatchObject({ status: 403, body: { code: 'OUT_OF_JURISDICTION' } });
  }
  expect((await get('/ledger/trial-balance?agency=kaiping', 'municipal.finance')).status).toBe(403);
  expect(await prisma.securityEvent.count({ where: { actor: 'taishan.finance', target: 'ledger:kaiping' } })).toBeGreaterThanOrEqual(3);
  // Municipal oversight reads any county.
  expect(await get('/ledger/trial-balance?agency=kaiping', 'municipal.supervisor')).toMatchObject({
    status: 200,
    body: { agency: 'kaiping', balanced: true },
  });
});

test('the trial balance exports as CSV with a Chinese header row', async () => {
  const res = await fetchText(`/ledger/trial-balance?format=csv&asOf=${today}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toContain(`filename="trial-balance-kaiping-${today}.csv"`);
  const lines = res.text.trimEnd().split('\r\n');
  expect(lines[0]).toBe('科目编码,科目名称,借方合计,贷方合计,余额方向,余额');
  expect(lines.slice(1, -1).every((l) => /^[a-z_.]+,[^,]+,-?\d+\.\d{2},-?\d+\.\d{2},[借贷],-?\d+\.\d{2}$/.test(l))).toBe(true);
  expect(lines.at(-1)).toMatch(/^,合计（借贷平衡）,(\d+\.\d{2}),\1,,$/);
});

test('the off-site part of the prepayment is advanced as 暂付款 and cleared into expenditure by the clearing bills (001 §18, §20)', async () => {
  const before = await trialBalance();
  const advanced = await post({
    event: 'offsite_prepayment_advance',
    date: today,
    year: Number(today.slice(0, 4)),
    amountFen: 500_000,
    requestId: `ADV-${run}`,
  });
  expect(advanced.status).toBe(201);
  const cleared = await post({ event: 'advance_clearing', date: today, category: 'inpatient', amountFen: 320_000, ref: `CLR-${run}` });
  expect(cleared.status).toBe(201);
  const after = await trialBalance();
  expect(after.balanced).toBe(true);
  expect(balanceOf(after, 'temporary_payment') - balanceOf(before, 'temporary_payment')).toBe(180_000); // still advanced
  expect(balanceOf(after, 'assistance_benefit_expense.inpatient') - balanceOf(before, 'assistance_benefit_expense.inpatient')).toBe(
    320_000,
  );
  // The same clearing bill twice is one posting.
  expect(
    (await post({ event: 'advance_clearing', date: today, category: 'inpatient', amountFen: 320_000, ref: `CLR-${run}` })).body.code,
  ).toBe('DUPLICATE_SOURCE');
});
