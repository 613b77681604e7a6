/**
 * Subsidised enrolment (001 §5–§6) on the time-skipping server with real activities, the embedded
 * platform stand-in and PostgreSQL: the 2-working-day clock (reminder, breach escalated) while the
 * agency has not acted, the enrolled-elsewhere and employee paths, and the subsidised years with
 * their payment ledgers and 资助参保支出 postings, the next year from its collection period.
 */
import { fromUpdateFailure } from '../../api/errors';
import { personKeyOf } from '../../api/routes/care';
import { shanghaiDate } from '../../domain/dates';
import type { Actor } from '../../domain/people';
import { type SubsidisedEnrolmentState, initialEnrolment } from '../../domain/subsidised-enrolment';
import { identityId } from '../../domain/assistance-recipient';
import { pushIdentities } from '../../store/assistance-recipients';
import {
  enrolmentActUpdate,
  enrolmentOpenedUpdate,
  enrolmentStateQuery,
  identityChangedUpdate,
  subsidisedEnrolment,
} from '../../workflows/subsidised-enrolment';
import { newIdNumber } from '../support/care';
import { testPrisma } from '../support/env';
import { useTimeSkipping } from '../support/time-skipping';

const prisma = testPrisma();
const taskQueue = 'subsidised-enrolment-time-skipping';
const ts = useTimeSkipping(prisma, taskQueue);
const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };

async function sleepUntil(epochMs: number) {
  const now = await ts.env.currentTimeMs();
  if (epochMs > now) await ts.env.sleep(epochMs - now);
}

/** A pushed identity (recorded in the store, as the API does) and its enrolment workflow. */
async function enrol(
  opts: { known?: { scheme: 'resident' | 'employee'; place: 'jiangmen' | 'elsewhere'; year: number }; terminatedOn?: string } = {},
) {
  const idNumber = newIdNumber();
  const personKey = personKeyOf(idNumber);
  const at = new Date(await ts.env.currentTimeMs());
  const receivedOn = shanghaiDate(at.getTime());
  const recognizedOn = receivedOn;
  const push = {
    person: { name: '黄小梅', idNumber },
    category: 'minimum_living' as const,
    recognizedOn,
    terminatedOn: opts.terminatedOn ?? null,
    department: 'civil_affairs' as const,
  };
  await pushIdentities(prisma, 'taishan', [{ personKey, push, source: 'api' }], clerk, at);
  if (opts.known) {
    await prisma.enrolmentPlatformRecord.create({
      data: {
        key: `known:${personKey}:${opts.known.year}`,
        kind: 'enrolment',
        personKey,
        year: opts.known.year,
        insuredPlace: opts.known.place,
        scheme: opts.known.scheme,
        payload: { placeName: opts.known.place === 'elsewhere' ? '广州市' : '江门市' },
        recordedAt: at,
      },
    });
  }
  const state: SubsidisedEnrolmentState = initialEnrolment({
    identityId: identityId(personKey, 'minimum_living', recognizedOn),
    personKey,
    person: push.person,
    agency: 'taishan',
    category: 'minimum_living',
    kind: 'income',
    recognizedOn,
    terminatedOn: opts.terminatedOn ?? null,
    receivedOn,
    createdBy: clerk,
  });
  const handle = await ts.env.client.workflow.start(subsidisedEnrolment, { workflowId: state.enrolmentId, taskQueue, args: [{ state }] });
  const opened = await handle.executeUpdate(enrolmentOpenedUpdate);
  return { handle, opened, personKey, recognizedOn, idNumber, push };
}

/** A department's later push of the identity (recorded in the store) and its change as the API sends it. */
async function pushChange(e: Awaited<ReturnType<typeof enrol>>, terminatedOn: string | null) {
  const [outcome] = await pushIdentities(
    prisma,
    'taishan',
    [{ personKey: e.personKey, push: { ...e.push, terminatedOn }, source: 'api' }],
    clerk,
  );
  const change = {
    identityId: outcome!.identityId,
    version: outcome!.version,
    kind: 'income' as const,
    terminatedOn,
    receivedOn: shanghaiDate(await ts.env.currentTimeMs()),
    actor: clerk,
  };
  return { change, taken: await e.handle.executeUpdate(identityChangedUpdate, { args: [change] }) };
}

/**
 * The enrolment as its read model holds it (the workflow's state, recorded with each event). Polled
 * instead of a Query: a Query sent while a run continues as new can hang on the test server.
 */
async function recorded(enrolmentId: string): Promise<SubsidisedEnrolmentState> {
  const row = await prisma.subsidisedEnrolment.findUnique({ where: { id: enrolmentId } });
  return (row?.record ?? { years: [] }) as unknown as SubsidisedEnrolmentState;
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (ok(v)) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

test('enrolled elsewhere: reminded and breached at 2 working days; the person moves here; registered, ledgers pushed, subsidies posted', async () => {
  const year = new Date(await ts.env.currentTimeMs()).getUTCFullYear();
  const { handle, opened, personKey } = await enrol({ known: { scheme: 'resident', place: 'elsewhere', year } });
  expect(opened).toMatchObject({ status: 'awaiting_choice', path: 'enrolled_elsewhere', deadline: { workingDays: 2 } });
  expect(opened.check).toMatchObject({ scheme: 'resident', place: 'elsewhere', placeName: '广州市' });

  await sleepUntil(opened.deadline!.dueAtMs + 60_000);
  const breached = await handle.query(enrolmentStateQuery);
  expect(breached.remindedAt).not.toBeNull();
  expect(breached.breachedAt).toBe(new Date(opened.deadline!.dueAtMs).toISOString());
  const notified = await prisma.notification.findMany({ where: { caseId: opened.enrolmentId } });
  // One reminder to each window clerk of the agency, the breach to its supervisors (other test files may add users there).
  const clerks = await prisma.user.findMany({ where: { role: 'window_clerk', jurisdiction: breached.agency } });
  expect(clerks.length).toBeGreaterThan(0);
  expect(
    notified
      .filter((n) => n.kind === 'deadline_reminder')
      .map((n) => n.recipient)
      .sort(),
  ).toEqual(clerks.map((u) => u.username).sort());
  const supervisors = await prisma.user.findMany({ where: { role: 'supervisor', jurisdiction: breached.agency } });
  expect(
    notified
      .filter((n) => n.kind === 'deadline_breached')
      .map((n) => n.recipient)
      .sort(),
  ).toEqual(supervisors.map((u) => u.username).sort());
  const row = await prisma.subsidisedEnrolment.findUniqueOrThrow({ where: { id: opened.enrolmentId } });
  expect(row.breachedAt?.toISOString()).toBe(breached.breachedAt);

  const contactedOn = shanghaiDate(await ts.env.currentTimeMs());
  const moving = await handle.executeUpdate(enrolmentActUpdate, {
    args: [{ action: 'record_choice', choice: 'enrol_here', contactedOn, actor: clerk }],
  });
  expect(moving).toMatchObject({ status: 'awaiting_suspension', deadline: null });
  await handle.executeUpdate(enrolmentActUpdate, { args: [{ action: 'confirm_suspension', suspendedOn: contactedOn, actor: clerk }] });

  const regYear = Number(contactedOn.slice(0, 4));
  const done = await until(
    () => recorded(handle.workflowId),
    (s) => s.years.filter((y) => y.delivery === 'sent').length >= 1,
    'the first subsidy posted',
  );
  expect(done.registration).toMatchObject({ year: regYear });
  expect(done.years[0]).toMatchObject({ year: regYear, amountFen: 40_000, delivery: 'sent' });
  // the platform stand-in has the registration; the collection department the ledger
  const sent = await prisma.enrolmentPlatformRecord.findMany({ where: { personKey }, orderBy: { id: 'asc' } });
  expect(sent.map((r) => r.kind)).toEqual(expect.arrayContaining(['enrolment', 'payment_ledger']));
  const ledger = await prisma.paymentLedgerPush.findUniqueOrThrow({ where: { sourceKey: done.years[0]!.ledgerKey } });
  expect(ledger.status).toBe('sent');
  expect(ledger.entryId).not.toBeNull();
  const entry = await prisma.journalEntry.findUniqueOrThrow({ where: { id: ledger.entryId! }, include: { lines: true } });
  expect(entry.lines.map((l) => [l.account, l.side, Number(l.amountFen)]).sort()).toEqual([
    ['assistance_benefit_expense.subsidised_enrolment', 'debit', 40_000],
    ['expenditure_account_deposit', 'credit', 40_000],
  ]);
});

test('enrolled here: registered for next year; the year after is subsidised from its collection period, unless the identity ends', async () => {
  const now = await ts.env.currentTimeMs();
  const year = new Date(now).getUTCFullYear();
  const { handle, opened, personKey, recognizedOn, idNumber } = await enrol({ known: { scheme: 'resident', place: 'jiangmen', year } });
  expect(opened.path).toBe('enrolled_here');
  const first = await until(
    () => recorded(handle.workflowId),
    (s) => s.years.some((y) => y.delivery === 'sent'),
    'the next-year subsidy posted',
  );
  expect(first.registration?.year).toBe(year + 1);
  expect(first.years.map((y) => y.year)).toEqual([year + 1]);

  // the department ends the identity within the year after next: subsidised for year+2, not year+3
  await pushIdentities(
    prisma,
    'taishan',
    [
      {
        personKey,
        push: {
          person: { name: '黄小梅', idNumber },
          category: 'minimum_living',
          recognizedOn,
          terminatedOn: `${year + 2}-06-30`,
          department: 'civil_affairs',
        },
        source: 'api',
      },
    ],
    clerk,
  );
  await sleepUntil(Date.parse(`${year + 1}-09-01T12:00:00+08:00`));
  const second = await until(
    () => recorded(handle.workflowId),
    (s) => s.years.filter((y) => y.delivery === 'sent').length === 2,
    'the year-after subsidy',
  );
  expect(second.years.map((y) => y.year)).toEqual([year + 1, year + 2]);
  expect(second.terminatedOn).toBe(`${year + 2}-06-30`);
  await sleepUntil(Date.parse(`${year + 2}-09-01T12:00:00+08:00`));
  const ended = await handle.result();
  expect(ended.status).toBe('ended');
  expect(ended.years).toHaveLength(2);
});

test('employee insurance: the local rule recorded in time, no ledger', async () => {
  const year = new Date(await ts.env.currentTimeMs()).getUTCFullYear();
  const { handle, opened } = await enrol({ known: { scheme: 'employee', place: 'jiangmen', year } });
  expect(opened).toMatchObject({ status: 'awaiting_employee_rule', path: 'employee' });
  const wrong = handle.executeUpdate(enrolmentActUpdate, {
    args: [{ action: 'record_choice', choice: 'enrol_here', contactedOn: opened.receivedOn, actor: clerk }],
  });
  await expect(wrong).rejects.toThrow();
  const done = await handle.executeUpdate(enrolmentActUpdate, {
    args: [{ action: 'record_employee_rule', outcome: '按统筹区规定保留职工医保，不予资助', actor: clerk }],
  });
  expect(done).toMatchObject({ status: 'employee_rule_recorded', deadline: null, breachedAt: null });
  expect((await handle.result()).years).toEqual([]);
  expect(await prisma.paymentLedgerPush.count({ where: { enrolmentId: opened.enrolmentId } })).toBe(0);
});

test('identity ended while the agency waits on the person: refused when stale or foreign, then ended with no registration', async () => {
  const year = new Date(await ts.env.currentTimeMs()).getUTCFullYear();
  const e = await enrol({ known: { scheme: 'resident', place: 'elsewhere', year } });
  expect(e.opened).toMatchObject({ status: 'awaiting_choice', identityVersion: 1 });
  const { handle, opened } = e;
  const today = shanghaiDate(await ts.env.currentTimeMs());
  const stale = {
    identityId: opened.identityId,
    version: 1,
    kind: 'income',
    terminatedOn: today,
    receivedOn: today,
    actor: clerk,
  } as const;
  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (err: unknown) => fromUpdateFailure(err),
    );
  expect(await refusal(handle.executeUpdate(identityChangedUpdate, { args: [stale] }))).toMatchObject({
    code: 'STEP_ALREADY_DONE',
    message: expect.stringContaining('已有更新版本'),
  });
  const foreign = { ...stale, version: 2, identityId: `${opened.identityId}x` };
  expect(await refusal(handle.executeUpdate(identityChangedUpdate, { args: [foreign] }))).toMatchObject({ code: 'VALIDATION_FAILED' });
  expect((await handle.query(enrolmentStateQuery)).version).toBe(opened.version); // nothing recorded

  await ts.env.sleep('1 day');
  const { taken } = await pushChange(e, today); // ended on the day of receipt, now past
  expect(taken).toMatchObject({ status: 'ended', terminatedOn: today, identityVersion: 2, deadline: null, registration: null });
  const done = await handle.result();
  expect(done).toMatchObject({ status: 'ended', registration: null, years: [] });
  const events = await prisma.auditEvent.findMany({ where: { caseId: opened.enrolmentId }, orderBy: { seq: 'asc' } });
  const changed = events.find((ev) => ev.action === 'identity_changed')!;
  expect(changed.reason).toContain(`终止日期 ${today}`);
  expect(changed.reason).toContain('不再办理资助参保');
  const row = await prisma.subsidisedEnrolment.findUniqueOrThrow({ where: { id: opened.enrolmentId } });
  expect(row).toMatchObject({ status: 'ended', dueDate: null });
  // the time limit stopped with it: no breach was recorded after the change
  expect(events.some((ev) => ev.action === 'deadline_breached')).toBe(false);
  expect(
    await prisma.enrolmentPlatformRecord.count({ where: { personKey: e.personKey, kind: 'enrolment', insuredPlace: 'jiangmen' } }),
  ).toBe(0);
});

test('registered: one run per paid year (continue-as-new); a lifted termination brings the next year back, a new one ends it', async () => {
  // mid-January, so that the next year's collection period (from 1 September) is still to come
  const year = new Date(await ts.env.currentTimeMs()).getUTCFullYear() + 1;
  await sleepUntil(Date.parse(`${year}-01-15T10:00:00+08:00`));
  const e = await enrol({ terminatedOn: `${year}-12-31` }); // not enrolled: registered for this year
  const first = await until(
    () => recorded(e.handle.workflowId),
    (s) => s.years.some((y) => y.delivery === 'sent'),
    'this year subsidised',
  );
  expect(first.years.map((y) => y.year)).toEqual([year]);
  // the year is paid and the next waits for its collection period: the first run continued as new
  const firstRun = e.handle.firstExecutionRunId;
  const described = await until(
    () => e.handle.describe(),
    (d) => d.runId !== firstRun,
    'a new run',
  );
  expect(described.status.name).toBe('RUNNING');
  const firstHistory = await ts.env.client.workflow.getHandle(e.handle.workflowId, firstRun).fetchHistory();
  expect(firstHistory.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
  // the state came along: the new run answers with the paid year and takes the change
  const { taken } = await pushChange(e, null);
  expect(taken).toMatchObject({ status: 'registered', terminatedOn: null, identityVersion: 2, years: [{ year, delivery: 'sent' }] });

  await sleepUntil(Date.parse(`${year}-09-01T12:00:00+08:00`));
  const second = await until(
    () => recorded(e.handle.workflowId),
    (s) => s.years.filter((y) => y.delivery === 'sent').length === 2,
    'next year subsidised',
  );
  expect(second.years.map((y) => [y.year, y.amountFen, y.delivery])).toEqual([
    [year, 40_000, 'sent'],
    [year + 1, 40_000, 'sent'],
  ]);
  await pushChange(e, `${year + 1}-03-31`);
  await sleepUntil(Date.parse(`${year + 1}-09-01T12:00:00+08:00`));
  const ended = await e.handle.result();
  expect(ended).toMatchObject({ status: 'ended', terminatedOn: `${year + 1}-03-31`, identityVersion: 3 });
  expect(ended.years.map((y) => y.year)).toEqual([year, year + 1]);
  // each year posted once, across the runs
  const ledgers = await prisma.paymentLedgerPush.findMany({ where: { enrolmentId: ended.enrolmentId }, orderBy: { year: 'asc' } });
  expect(ledgers.map((l) => [l.year, l.status, l.entryId !== null])).toEqual([
    [year, 'sent', true],
    [year + 1, 'sent', true],
  ]);
  const events = await prisma.auditEvent.findMany({ where: { caseId: ended.enrolmentId }, orderBy: { seq: 'asc' } });
  expect(events.map((ev) => ev.seq)).toEqual(events.map((_, i) => i + 1)); // one audit sequence through the runs
  expect(events.filter((ev) => ev.action === 'identity_changed')).toHaveLength(2);
});
