/**
 * Medical-assistance recipients over HTTP with the real service and PostgreSQL (issue 16): pushes
 * one by one and as a CSV file (refused whole with row numbers, idempotent on re-import), the
 * history kept, the date question with its reason, and who may see a recipient (001 §26).
 */
import { randomUUID } from 'node:crypto';
import { personKeyOf } from '../../api/routes/care';
import { addDays, shanghaiDate } from '../../domain/dates';
import { recipientOn } from '../../store/assistance-recipients';
import { yearEndOutreach } from '../../activities/assistance-outreach';
import { newIdNumber } from '../support/care';
import { testPrisma } from '../support/env';
import { claimRow } from '../support/reimbursement';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-assistance-${randomUUID()}`);
  for (const u of [
    'taishan.clerk',
    'taishan.reviewer',
    'taishan.finance',
    'taishan.supervisor',
    'kaiping.clerk',
    'municipal.supervisor',
    'municipal.admin',
    'taishan.hospital',
  ])
    tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const push = (idNumber: string, over: Record<string, unknown> = {}) => ({
  person: { name: '黄小梅', idNumber },
  category: 'minimum_living',
  recognizedOn: '2026-03-10',
  department: 'civil_affairs',
  ...over,
});

describe('identities pushed one by one', () => {
  test('created, unchanged on a repeat, changed (ended) by a later push, with the history', async () => {
    const id = newIdNumber();
    const first = await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities', push(id));
    expect(first).toMatchObject({ status: 201, body: { outcome: 'created', version: 1 } });
    const again = await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities', push(id));
    expect(again).toMatchObject({ status: 200, body: { outcome: 'unchanged', version: 1 } });
    const ended = await svc.call(as('taishan.reviewer'), 'POST', '/assistance/identities', push(id, { terminatedOn: '2026-08-31' }));
    expect(ended).toMatchObject({ status: 200, body: { outcome: 'changed', version: 2 } });

    const page = await svc.call(as('taishan.clerk'), 'POST', '/assistance/recipients/lookup', { idNumber: id });
    expect(page.status).toBe(200);
    expect(page.body.person.idNumber).toBe(id); // the counter clerk sees it in full
    expect(page.body.identities).toHaveLength(1);
    expect(page.body.identities[0]).toMatchObject({ terminatedOn: '2026-08-31', benefitFrom: '2026-03-10', benefitTo: '2026-08-31' });
    expect(page.body.identities[0].versions.map((v: { version: number; receivedBy: string }) => [v.version, v.receivedBy])).toEqual([
      [1, 'taishan.clerk'],
      [2, 'taishan.reviewer'],
    ]);

    // the date question, for any date, from the history as it stands
    const on = (date: string) => svc.call(as('taishan.hospital'), 'POST', '/assistance/recipient-on-date', { idNumber: id, date });
    expect((await on('2026-03-09')).body).toMatchObject({ recipient: false });
    expect((await on('2026-03-10')).body).toMatchObject({ recipient: true, category: 'minimum_living', kind: 'income' });
    expect((await on('2026-08-31')).body.recipient).toBe(true);
    const after = (await on('2026-09-01')).body;
    expect(after.recipient).toBe(false);
    expect(after.reason).toContain('2026-08-31');
    // the same answer from the store function other processes call
    expect(await recipientOn(prisma, personKeyOf(id), '2026-05-01')).toMatchObject({ recipient: true, category: 'minimum_living' });
  });

  test('a push with a bad identity is refused and records nothing', async () => {
    const id = newIdNumber();
    const bad = await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities', push(id, { kind: 'expense' }));
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(bad.body.message).toContain('收入型');
    expect(await prisma.assistanceIdentity.count({ where: { personKey: personKeyOf(id) } })).toBe(0);
  });

  test('an identity held by another agency cannot be changed from here', async () => {
    const id = newIdNumber();
    await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities', push(id));
    const other = await svc.call(as('kaiping.clerk'), 'POST', '/assistance/identities', push(id, { terminatedOn: '2026-04-01' }));
    expect(other).toMatchObject({ status: 403, body: { code: 'OUT_OF_JURISDICTION' } });
    expect((await prisma.assistanceIdentity.findFirst({ where: { personKey: personKeyOf(id) } }))?.terminatedOn).toBeNull();
  });
});

describe('identities in bulk (CSV)', () => {
  test('a bad file is refused whole, every bad row named; nothing recorded', async () => {
    const [a, b, c] = [newIdNumber(), newIdNumber(), newIdNumber()];
    const csv = [
      '姓名,身份证号码,救助对象类别,类型,认定日期,终止日期,推送部门',
      `陈一,${a},特困人员,,2026-01-05,,民政部门`,
      `陈二,${b},贫困户,,2026-01-05,,民政部门`, // unknown category text
      `陈三,${c},易返贫致贫人口,,2026-02-30,,乡村振兴部门`, // no kind, impossible date
      `陈四,123,最低生活保障对象,,2026-01-05,,民政部门`, // bad ID number
    ].join('\r\n');
    const res = await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities/import', { csv });
    expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const paths = res.body.issues.map((i: { path: string }) => i.path);
    expect(new Set(paths)).toEqual(new Set(['row 3', 'row 4', 'row 5']));
    expect(await prisma.assistanceIdentity.count({ where: { personKey: { in: [a, b, c].map(personKeyOf) } } })).toBe(0);
  });

  test('a good file is recorded; the same file again changes nothing; a later file records only its changes', async () => {
    const [a, b, c] = [newIdNumber(), newIdNumber(), newIdNumber()];
    const rows = [
      `陈一,${a},特困人员,,2026-01-05,,民政部门`,
      `陈二,${b},支出型重病患者,支出型,2026-02-29,,民政部门`.replace('2026-02-29', '2024-02-29'),
      `陈三,${c},易返贫致贫人口,收入型,2026-02-01,,乡村振兴部门`,
    ];
    const csv = ['姓名,身份证号码,救助对象类别,类型,认定日期,终止日期,推送部门', ...rows].join('\n');
    const first = await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities/import', { csv });
    expect(first).toMatchObject({ status: 201, body: { rows: 3, created: 3, changed: 0, unchanged: 0, alreadyImported: false } });

    const again = await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities/import', { csv });
    expect(again).toMatchObject({ status: 200, body: { rows: 3, created: 3, alreadyImported: true } });
    expect(await prisma.assistanceIdentityVersion.count({ where: { identity: { personKey: { in: [a, b, c].map(personKeyOf) } } } })).toBe(
      3,
    );

    // the next month's list: the same people, one ended, in another order and with English headers
    const next = [
      'name,idNumber,category,kind,recognizedOn,terminatedOn,department',
      `陈三,${c},poverty_relapse_risk,income,2026-02-01,2026-06-30,rural_revitalisation`,
      `陈一,${a},extreme_poverty,,2026-01-05,,civil_affairs`,
    ].join('\n');
    const later = await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities/import', { csv: next });
    expect(later).toMatchObject({ status: 201, body: { rows: 2, created: 0, changed: 1, unchanged: 1 } });

    const expense = await svc.call(as('taishan.finance'), 'POST', '/assistance/recipient-on-date', { idNumber: b, date: '2023-02-28' });
    expect(expense.body).toMatchObject({ recipient: true, category: 'expense_type_illness' }); // 12 months before 29 Feb → 28 Feb
    expect(expense.body.identities[0]).toMatchObject({ benefitFrom: '2023-02-28', article: '001 §10(二)' });
  });
});

describe('who sees a recipient (001 §26)', () => {
  test("the person's agency's assistance roles only; every page read is logged", async () => {
    const id = newIdNumber();
    await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities', push(id));
    const key = personKeyOf(id);

    const reviewer = await svc.call(as('taishan.reviewer'), 'POST', '/assistance/recipients/lookup', { idNumber: id });
    expect(reviewer.status).toBe(200);
    expect(reviewer.body.person.idNumber).not.toBe(id); // masked beyond the counter
    expect(await svc.call(as('taishan.supervisor'), 'POST', '/assistance/recipients/lookup', { idNumber: id })).toMatchObject({
      status: 200,
    });
    for (const u of ['kaiping.clerk', 'municipal.supervisor']) {
      expect(await svc.call(as(u), 'POST', '/assistance/recipients/lookup', { idNumber: id })).toMatchObject({
        status: 403,
        body: { code: 'OUT_OF_JURISDICTION' },
      });
    }
    expect(await svc.call(as('municipal.admin'), 'POST', '/assistance/recipients/lookup', { idNumber: id })).toMatchObject({
      status: 403,
      body: { code: 'ROLE_NOT_ALLOWED' },
    });
    // another agency's staff get no answer from this agency's identities on the date question either
    const kp = await svc.call(as('kaiping.clerk'), 'POST', '/assistance/recipient-on-date', { idNumber: id, date: '2026-05-01' });
    expect(kp.body.recipient).toBe(false);

    const reads = await prisma.recipientReadLog.findMany({ where: { personKey: key }, orderBy: { id: 'asc' } });
    expect(reads.map((r) => [r.username, r.role, r.agency])).toEqual([
      ['taishan.reviewer', 'reviewer', 'taishan'],
      ['taishan.supervisor', 'supervisor', 'taishan'],
    ]);
    const denied = await prisma.securityEvent.count({ where: { actor: { in: ['kaiping.clerk', 'municipal.supervisor'] } } });
    expect(denied).toBeGreaterThanOrEqual(2);

    const list = await svc.call(as('taishan.clerk'), 'GET', '/assistance/identities?inForceOn=2026-05-01&category=minimum_living');
    expect(list.status).toBe(200);
    const mine = list.body.items.find((i: { personKey: string }) => i.personKey === key);
    expect(mine.person.idNumber).not.toBe(id); // lists are masked
  });
});

describe("staff's date and stay questions are reads of the recipient (001 §26)", () => {
  test('logged for the agency whose identities answered; nothing logged where none did, nor for institutions', async () => {
    const id = newIdNumber();
    await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities', push(id));
    const key = personKeyOf(id);
    const onDate = { idNumber: id, date: '2026-05-01' };
    const stay = { idNumber: id, admittedOn: '2026-04-01', dischargedOn: '2026-04-10' };

    expect((await svc.call(as('taishan.finance'), 'POST', '/assistance/recipient-on-date', onDate)).body.recipient).toBe(true);
    expect((await svc.call(as('taishan.reviewer'), 'POST', '/assistance/recipient-for-stay', stay)).status).toBe(200);
    expect((await svc.call(as('kaiping.clerk'), 'POST', '/assistance/recipient-on-date', onDate)).body.recipient).toBe(false);
    expect((await svc.call(as('taishan.hospital'), 'POST', '/assistance/recipient-on-date', onDate)).body.recipient).toBe(true);

    const reads = await prisma.recipientReadLog.findMany({ where: { personKey: key }, orderBy: { id: 'asc' } });
    expect(reads.map((r) => [r.username, r.role, r.jurisdiction, r.agency, r.route])).toEqual([
      ['taishan.finance', 'finance', 'taishan', 'taishan', 'POST /assistance/recipient-on-date'],
      ['taishan.reviewer', 'reviewer', 'taishan', 'taishan', 'POST /assistance/recipient-for-stay'],
    ]);
  });
});

describe('subsidised enrolment from a bulk push (001 §5–§6; item 34)', () => {
  const waitFor = async <T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> => {
    for (let i = 0; i < 150; i++) {
      const v = await read();
      if (ok(v)) return v;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  test('a file of recipients: each subsidised one registered, its payment ledger pushed to the collection department and posted', async () => {
    const [a, b, c] = [newIdNumber(), newIdNumber(), newIdNumber()];
    const today = shanghaiDate(Date.now());
    const year = Number(today.slice(0, 4));
    const recognizedOn = addDays(today, -10);
    // 001 §6: an identity reaching next year is subsidised for it once its collection period (1 Sept–31 Dec) is open
    const years = today >= `${year}-09-01` ? [year, year + 1] : [year];
    const csv = [
      '姓名,身份证号码,救助对象类别,类型,认定日期,终止日期,推送部门',
      `梁一,${a},特困人员,,${recognizedOn},,民政部门`,
      `梁二,${b},最低生活保障边缘家庭成员,,${recognizedOn},${year}-12-31,民政部门`,
      `梁三,${c},支出型重病患者,,${recognizedOn},,民政部门`, // benefits, but no enrolment subsidy (001 §5)
    ].join('\n');
    const imported = await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities/import', { csv });
    expect(imported.status).toBe(201);
    const started = imported.body.outcomes.filter((o: { enrolmentId?: string }) => o.enrolmentId);
    expect(started).toHaveLength(2);
    expect(imported.body.outcomes.find((o: { row: number }) => o.row === 4).enrolmentId).toBeUndefined();

    const [first, second] = started.map((o: { enrolmentId: string }) => o.enrolmentId) as string[];
    const view = (id: string) => svc.call(as('taishan.reviewer'), 'GET', `/assistance/enrolments/${encodeURIComponent(id)}`);
    const one = await waitFor(
      () => view(first!),
      (r) => r.body.years?.length >= years.length && r.body.years.every((y: { entryId: string | null }) => y.entryId),
      'the 特困 enrolment posted',
    );
    expect(one.body).toMatchObject({ status: 'registered', path: 'not_enrolled', registration: { year } });
    // the workflow carries the person key only; the read model and the ledger resolve the number (001 §26)
    const row = await prisma.subsidisedEnrolment.findUniqueOrThrow({ where: { id: first! } });
    expect(row.idNumber).toBe(a);
    expect(JSON.stringify(row.record)).not.toContain(a);
    expect(one.body.years.map((y: { year: number; amountFen: number }) => [y.year, y.amountFen])).toEqual(years.map((y) => [y, 40_000]));
    // it ends with its identity once next year's collection period has opened (001 §6: decided then)
    const collecting = today >= `${year}-09-01`;
    const two = await waitFor(
      () => view(second!),
      (r) => r.body.years?.[0]?.entryId && (!collecting || r.body.status === 'ended'),
      'the 低保边缘 enrolment paid (and ended with its identity)',
    );
    expect(two.body.status).toBe(collecting ? 'ended' : 'registered');
    expect(two.body.years.map((y: { year: number; amountFen: number }) => [y.year, y.amountFen])).toEqual([[year, 20_000]]);

    // the outbox: each ledger sent once; the stand-in collection department holds each
    const ledgers = await svc.call(as('taishan.clerk'), 'GET', `/assistance/payment-ledgers?enrolmentId=${encodeURIComponent(first!)}`);
    expect(
      ledgers.body.items.map((l: { year: number; status: string; attempts: number }) => [l.year, l.status, l.attempts]).sort(),
    ).toEqual(years.map((y) => [y, 'sent', 1]));
    const received = await prisma.enrolmentPlatformRecord.findMany({ where: { personKey: personKeyOf(a), kind: 'payment_ledger' } });
    expect(received).toHaveLength(years.length);

    // the postings: 资助参保支出 from 支出户存款 (001 §19), one per ledger
    for (const l of ledgers.body.items) {
      const entry = await svc.call(as('taishan.finance'), 'GET', `/ledger/entries/${l.entryId}`);
      expect(entry.status).toBe(200);
      expect(
        entry.body.lines.map((x: { account: string; side: string; amountFen: number }) => [x.account, x.side, x.amountFen]).sort(),
      ).toEqual([
        ['assistance_benefit_expense.subsidised_enrolment', 'debit', 40_000],
        ['expenditure_account_deposit', 'credit', 40_000],
      ]);
    }

    // importing the same file again starts nothing new and posts nothing new
    const again = await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities/import', { csv });
    expect(again.body.alreadyImported).toBe(true);
    expect(await prisma.paymentLedgerPush.count({ where: { personKey: { in: [a, b].map(personKeyOf) } } })).toBe(years.length + 1);

    // another agency's staff see none of it
    expect(await svc.call(as('kaiping.clerk'), 'GET', `/assistance/enrolments/${encodeURIComponent(first!)}`)).toMatchObject({
      status: 403,
    });
  }, 60_000);
});

describe('one subsidy a person a year (001 §6)', () => {
  const waitFor = async <T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> => {
    for (let i = 0; i < 150; i++) {
      const v = await read();
      if (ok(v)) return v;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  test('two identities of one person (低保边缘 and 低保, neither ended): one ledger and one posting of the higher standard', async () => {
    const id = newIdNumber();
    const key = personKeyOf(id);
    const today = shanghaiDate(Date.now());
    const year = Number(today.slice(0, 4));
    const csv = [
      '姓名,身份证号码,救助对象类别,类型,认定日期,终止日期,推送部门',
      // both recognised last year: each enrolment's check (the day before recognition, 001 §5) finds
      // the person not enrolled, whichever registers first, so both reach this year's ledger
      `梁四,${id},最低生活保障边缘家庭成员,,${year - 1}-11-20,${year}-12-31,民政部门`,
      `梁四,${id},最低生活保障对象,,${year - 1}-12-05,${year}-12-31,民政部门`,
    ].join('\n');
    const imported = await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities/import', { csv });
    expect(imported.status).toBe(201);
    const ids = imported.body.outcomes.map((o: { enrolmentId?: string }) => o.enrolmentId).filter(Boolean) as string[];
    expect(ids).toHaveLength(2);

    const view = (e: string) => svc.call(as('taishan.reviewer'), 'GET', `/assistance/enrolments/${encodeURIComponent(e)}`);
    const settled = (r: { body: { years?: { year: number; delivery: string; entryId: string | null }[] } }) =>
      !!r.body.years?.some((y) => y.year === year && (y.delivery === 'covered' || y.entryId));
    const views = await Promise.all(ids.map((e) => waitFor(() => view(e), settled, `${e} paid or covered`)));
    const yearOf = (v: (typeof views)[number]) => v.body.years.find((y: { year: number }) => y.year === year);
    const paid = views.filter((v) => yearOf(v).delivery !== 'covered');
    const covered = views.filter((v) => yearOf(v).delivery === 'covered');
    expect(paid).toHaveLength(1);
    expect(covered).toHaveLength(1);
    expect(yearOf(paid[0]!)).toMatchObject({ amountFen: 40_000, delivery: 'sent' }); // 低保's standard, whichever ran first
    expect(yearOf(covered[0]!)).toMatchObject({ amountFen: 0, entryId: null, coveredBy: paid[0]!.body.id });

    const ledgers = await prisma.paymentLedgerPush.findMany({ where: { personKey: key, year } });
    expect(ledgers.map((l) => [l.category, Number(l.amountFen), l.status])).toEqual([['minimum_living', 40_000, 'sent']]);
    const postings = await prisma.journalEntry.findMany({ where: { sourceKey: { in: ids.map((e) => `taishan:${e}:${year}`) } } });
    expect(postings).toHaveLength(1);
    expect(await prisma.personYearSubsidy.findUnique({ where: { personKey_year: { personKey: key, year } } })).toMatchObject({
      enrolmentId: paid[0]!.body.id,
      amountFen: 40_000n,
    });
  }, 60_000);
});

describe('a later push reaches the running enrolment (001 §5–§6)', () => {
  test('ended while the agency waits on the person: the enrolment ends unregistered; a repeat sends nothing again', async () => {
    const id = newIdNumber();
    const today = shanghaiDate(Date.now());
    const recognizedOn = addDays(today, -10);
    const year = Number(addDays(recognizedOn, -1).slice(0, 4));
    // the platform knows the person enrolled in another pooling area: 001 §5(三), the agency contacts them
    await prisma.enrolmentPlatformRecord.create({
      data: {
        key: `known:${personKeyOf(id)}:${year}`,
        kind: 'enrolment',
        personKey: personKeyOf(id),
        year,
        insuredPlace: 'elsewhere',
        scheme: 'resident',
        payload: { placeName: '广州市' },
        recordedAt: new Date(),
      },
    });
    const created = await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities', push(id, { recognizedOn }));
    expect(created.status).toBe(201);
    const enrolment = created.body.enrolmentId as string;
    const view = () => svc.call(as('taishan.reviewer'), 'GET', `/assistance/enrolments/${encodeURIComponent(enrolment)}`);
    for (let i = 0; i < 100 && (await view()).body.status !== 'awaiting_choice'; i++) await new Promise((r) => setTimeout(r, 200));
    expect((await view()).body).toMatchObject({ status: 'awaiting_choice', path: 'enrolled_elsewhere' });

    const ended = addDays(today, -1);
    const change = await svc.call(
      as('taishan.reviewer'),
      'POST',
      '/assistance/identities',
      push(id, { recognizedOn, terminatedOn: ended }),
    );
    expect(change).toMatchObject({ status: 200, body: { outcome: 'changed', version: 2, enrolmentId: enrolment } });
    // the Update is recorded before the push answers
    expect((await view()).body).toMatchObject({ status: 'ended', registration: null, years: [], dueDate: null });
    const audit = await prisma.auditEvent.findMany({ where: { caseId: enrolment, action: 'identity_changed' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'taishan.reviewer' });
    expect(audit[0]!.reason).toContain(`终止日期 ${ended}`);

    const repeat = await svc.call(
      as('taishan.reviewer'),
      'POST',
      '/assistance/identities',
      push(id, { recognizedOn, terminatedOn: ended }),
    );
    expect(repeat.body).toMatchObject({ outcome: 'unchanged', version: 2 });
    expect(repeat.body.enrolmentId).toBeUndefined();
    expect(await prisma.auditEvent.count({ where: { caseId: enrolment, action: 'identity_changed' } })).toBe(1);
    expect(await prisma.enrolmentPlatformRecord.count({ where: { personKey: personKeyOf(id), insuredPlace: 'jiangmen' } })).toBe(0);
  }, 60_000);
});

describe('year-end outreach list (001 §22)', () => {
  test('the clerks see who was told; an assistance claim marks applied, the counter records a refusal once', async () => {
    const year = 2023;
    const people = [newIdNumber(), newIdNumber()];
    const basic: string[] = [];
    for (const idNumber of people) {
      await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities', push(idNumber, { recognizedOn: `${year}-01-10` }));
      const id = `reimbursement:${personKeyOf(idNumber)}:${randomUUID().slice(0, 8)}`;
      basic.push(id);
      await prisma.reimbursementClaim.create({
        data: claimRow({
          id,
          claimNo: id.slice(-8),
          kind: 'basic_inpatient',
          personKey: personKeyOf(idNumber),
          personName: '黄小梅',
          idNumber,
          jurisdiction: 'taishan',
          status: 'completed',
          acceptedOn: `${year}-08-01`,
          claimedFen: 50_000n,
          decidedFen: 40_000n,
          createdBy: 'taishan.clerk',
        }),
      });
    }
    await yearEndOutreach(prisma, 'taishan', year);
    const list = async (user = 'taishan.clerk') =>
      (await svc.call(as(user), 'GET', `/assistance/outreach?year=${year}`)).body.filter((o: { personKey: string }) =>
        people.map(personKeyOf).includes(o.personKey),
      );
    expect((await list()).map((o: { status: string }) => o.status)).toEqual(['notified', 'notified']);
    expect(await list('kaiping.clerk')).toEqual([]);

    // the first person applies for assistance on the reimbursed costs (001 §13)
    await prisma.reimbursementClaim.create({
      data: claimRow({
        id: `${basic[0]}:assistance`,
        claimNo: `A-${randomUUID().slice(0, 6)}`,
        kind: 'assistance',
        personKey: personKeyOf(people[0]!),
        personName: '黄小梅',
        idNumber: people[0]!,
        jurisdiction: 'taishan',
        status: 'open',
        acceptedOn: `${year + 1}-01-20`,
        claimedFen: 40_000n,
        basicClaimId: basic[0]!,
        createdBy: 'taishan.clerk',
      }),
    });
    const second = (await list()).find((o: { personKey: string }) => o.personKey === personKeyOf(people[1]!));
    const declined = await svc.call(as('taishan.clerk'), 'POST', `/assistance/outreach/${encodeURIComponent(second.id)}/decline`, {
      note: '本人表示已获商业保险赔付，不申请',
    });
    expect(declined).toMatchObject({ status: 200, body: { status: 'declined', respondedBy: 'taishan.clerk' } });
    const again = await svc.call(as('taishan.clerk'), 'POST', `/assistance/outreach/${encodeURIComponent(second.id)}/decline`, {
      note: '再次',
    });
    expect(again.status).toBe(409);
    expect(
      (await list())
        .map((o: { personKey: string; status: string }) => [o.personKey === personKeyOf(people[0]!) ? 'first' : 'second', o.status])
        .sort(),
    ).toEqual([
      ['first', 'applied'],
      ['second', 'declined'],
    ]);
  });
});
