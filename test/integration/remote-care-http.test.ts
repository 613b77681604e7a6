/**
 * Remote-care filings over HTTP with the real worker, dev server and PostgreSQL (issue 14): counter
 * filing refused on the spot or accepted, the settlement query, the 6-month lock, an online filing
 * in the queue and its review, a temporary filing from counter filing to cancellation, and items
 * 20–25 no longer opened as generic service cases.
 */
import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDate } from '../../domain/dates';
import { periodFrom } from '../../domain/special-disease';
import { newIdNumber } from '../support/care';
import { REMOTE_CARE_PROMISE_SCHEDULE, ensureSchedules } from '../../platform/schedules';
import { remoteCarePromiseTick } from '../../workflows/remote-care-promise';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-remote-care-${randomUUID()}`);
  for (const u of [
    'kaiping.clerk',
    'kaiping.reviewer',
    'kaiping.finance',
    'taishan.clerk',
    'kaiping.hospital',
    'taishan.clinic',
    'municipal.admin',
    'kaiping.supervisor',
  ])
    tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const shanghai = { province: '上海市', city: '上海市' };
const file = (body: object, user = 'kaiping.clerk') => svc.call(as(user), 'POST', '/remote-care/filings', body);
const act = (id: string, body: object, user = 'kaiping.clerk') =>
  svc.call(as(user), 'POST', `/remote-care/filings/${encodeURIComponent(id)}/actions`, body);
const status = (idNumber: string, date: string, care = 'outpatient', extra: object = {}) =>
  svc.call(as('kaiping.finance'), 'POST', '/remote-care/filing-status', { idNumber, place: shanghai, date, care, ...extra });

test('a counter filing: refused on the spot for missing materials (nothing recorded), then filed on promise with its lock', async () => {
  const idNumber = newIdNumber();
  const person = { name: '关阿婆', idNumber };
  const filingNo = applicationNo('RC');
  const missing = await file({ filingNo, type: 'retired_resettled', place: shanghai, materials: ['id_document'], person });
  expect(missing).toMatchObject({ status: 409, body: { code: 'MATERIALS_INCOMPLETE' } });
  expect(missing.body.message).toContain('《广东省异地就医登记备案表》');
  expect(await prisma.remoteCareFiling.count({ where: { filingNo } })).toBe(0);

  const today = shanghaiDate(Date.now());
  const created = await file({
    filingNo,
    type: 'retired_resettled',
    place: shanghai,
    materials: ['id_document', 'filing_form'],
    personalPromise: true,
    person,
  });
  const changeableFrom = addDays(periodFrom(today, 6).end, 1);
  expect(created).toMatchObject({
    status: 201,
    body: { status: 'active', filedOn: today, validFrom: today, validUntil: null, changeableFrom, personalPromise: true },
  });
  expect(created.body.person.idNumber).toBe(idNumber); // the counter clerk faces the person

  const answer = await status(idNumber, today, 'inpatient');
  expect(answer).toMatchObject({
    status: 200,
    body: { filed: true, filing: { basis: 'promise' }, home: { inpatientPoints: -20, generalOutpatient: false } },
  });
  expect((await status(idNumber, addDays(today, -1))).body.filed).toBe(false);

  const locked = await act(created.body.id, { action: 'cancel', reason: '回江门' });
  expect(locked).toMatchObject({ status: 409, body: { code: 'FILING_LOCKED', facts: { changeableFrom } } });
  expect(locked.body.message).toContain(`${changeableFrom} 起可以取消`);
  const otherCounty = await act(created.body.id, { action: 'deliver_materials', materials: ['household_register'] }, 'taishan.clerk');
  expect(otherCounty.status).toBe(403);

  const delivered = await act(created.body.id, { action: 'deliver_materials', materials: ['household_register'] });
  expect(delivered).toMatchObject({ status: 200, body: { materialsDeliveredOn: today } });
  expect((await status(idNumber, today, 'inpatient')).body.home).toMatchObject({ inpatientPoints: -10, generalOutpatient: true });

  const page = await svc.call(as('kaiping.clerk'), 'GET', `/remote-care/filings/${encodeURIComponent(created.body.id)}`);
  expect(page.status).toBe(200);
  expect(page.body.history.map((h: { action: string }) => h.action)).toEqual(['filed', 'deliver_materials']);
});

test('a counter refusal is recorded with its reason and the materials handed back', async () => {
  const refused = await file({
    filingNo: applicationNo('RC'),
    type: 'other_temporary',
    place: shanghai,
    materials: ['id_document'],
    person: { name: '李四', idNumber: newIdNumber() },
    counterRefusal: { reason: '参保状态为暂停缴费', returnedMaterials: ['id_document'] },
  });
  expect(refused).toMatchObject({
    status: 201,
    body: { status: 'refused', refusal: { reason: '参保状态为暂停缴费', returnedMaterials: ['id_document'] }, validFrom: null },
  });
});

test('an online filing waits in the queue with its 2-working-day limit and counts from its approval', async () => {
  const idNumber = newIdNumber();
  const online = await file({
    filingNo: applicationNo('RC'),
    channel: 'online',
    type: 'stationed_work',
    place: shanghai,
    materials: ['id_document', 'filing_form', 'work_contract'],
    person: { name: '王五', idNumber },
  });
  expect(online).toMatchObject({ status: 201, body: { status: 'under_review', dueDate: expect.any(String), validFrom: null } });
  const queue = await svc.call(as('kaiping.reviewer'), 'GET', '/remote-care/filings?status=under_review');
  expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(online.body.id);
  expect(queue.body.items.find((i: { id: string }) => i.id === online.body.id).person.idNumber).not.toBe(idNumber); // masked in lists
  expect((await status(idNumber, shanghaiDate(Date.now()))).body.filed).toBe(false);
  expect((await act(online.body.id, { action: 'review', approve: false }, 'kaiping.reviewer')).body.code).toBe('REASON_REQUIRED');
  const approved = await act(online.body.id, { action: 'review', approve: true }, 'kaiping.reviewer');
  expect(approved).toMatchObject({ status: 200, body: { status: 'active', filedOn: shanghaiDate(Date.now()) } });
  expect((await status(idNumber, shanghaiDate(Date.now()))).body.filed).toBe(true);
});

test("a calendar correction moves an online filing's review limit (the shared deadline watcher, 000 §29)", async () => {
  const online = await file({
    filingNo: applicationNo('RC'),
    channel: 'online',
    type: 'stationed_work',
    place: shanghai,
    materials: ['id_document', 'filing_form', 'work_contract'],
    person: { name: '冯七', idNumber: newIdNumber() },
  });
  const before: string = online.body.dueDate;
  const yearOf = Number(before.slice(0, 4));
  const current = await svc.call(as('municipal.admin'), 'GET', `/calendar/${yearOf}`);
  const year = current.status === 200 ? current.body : { notice: '测试', holidays: [], makeupWorkdays: [] };
  try {
    // The last day of the limit becomes a holiday: the limit moves to the next working day.
    const corrected = await svc.call(as('municipal.admin'), 'PUT', `/calendar/${yearOf}`, {
      notice: year.notice,
      holidays: [...year.holidays, { date: before, name: '测试更正' }],
      makeupWorkdays: year.makeupWorkdays,
    });
    expect(corrected).toMatchObject({ status: 200 });
    await svc.api.client.workflow.getHandle(corrected.body.broadcastWorkflowId).result(); // every open record on its pages told
    const path = `/remote-care/filings/${encodeURIComponent(online.body.id)}`;
    let after = before;
    for (let i = 0; i < 100 && after === before; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = (await svc.call(as('kaiping.clerk'), 'GET', path)).body.dueDate;
    }
    expect(after > before).toBe(true);
    const history = (await svc.call(as('kaiping.clerk'), 'GET', path)).body.history;
    expect(history.at(-1)).toMatchObject({ action: 'deadline_recomputed', reason: '节假日安排已更正，重新计算时限' });
  } finally {
    if (current.status === 200) {
      await svc.call(as('municipal.admin'), 'PUT', `/calendar/${yearOf}`, {
        notice: year.notice,
        holidays: year.holidays,
        makeupWorkdays: year.makeupWorkdays,
      });
    } else {
      await prisma.calendarYear.delete({ where: { year: yearOf } });
    }
  }
});

test('the supervision summary counts remote-care filings waiting for review and facility choices, from the registry', async () => {
  const summary = async () => (await svc.call(as('kaiping.supervisor'), 'GET', '/supervision/summary')).body;
  const before = await summary();
  expect(before.processes).toMatchObject({ remote_care: '异地就医备案', outpatient_facility: '普通门诊选点' });
  expect(before.columns).toEqual(
    expect.objectContaining({
      remote_care: { open: '待审核', breached: true },
      outpatient_facility: { open: '已登记人数', breached: false },
    }),
  );
  const county = (s: any) => s.counties.find((c: any) => c.county === 'kaiping').registered;
  const online = await file({
    filingNo: applicationNo('RC'),
    channel: 'online',
    type: 'stationed_work',
    place: shanghai,
    materials: ['id_document', 'filing_form', 'work_contract'],
    person: { name: '督办', idNumber: newIdNumber() },
  });
  expect(online.status).toBe(201);
  const after = await summary();
  expect(county(after).remote_care.open).toBe(county(before).remote_care.open + 1);
  await act(online.body.id, { action: 'review', approve: false, reason: '材料不符', returnedMaterials: [] }, 'kaiping.reviewer');
  expect(county(await summary()).remote_care.open).toBe(county(before).remote_care.open);
  expect(county(after).outpatient_facility).toEqual({ open: expect.any(Number), breached: 0 });
});

test('the promise-reminder Schedule: a filing on promise is reminded once per 30-day round until its materials are delivered', async () => {
  const client = svc.api.client;
  const taskQueue = svc.config.TEMPORAL_TASK_QUEUE;
  const prefix = `${taskQueue}:`;
  await ensureSchedules(client, taskQueue, { prefix });
  const schedule = client.schedule.getHandle(`${prefix}${REMOTE_CARE_PROMISE_SCHEDULE}`);
  try {
    const described = await schedule.describe();
    expect(described.spec.timezone).toBe('Asia/Shanghai');
    expect(described.spec.calendars?.[0]).toMatchObject({
      hour: [{ start: 9, end: 9, step: 1 }],
      minute: [{ start: 30, end: 30, step: 1 }],
    });
    expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'remoteCarePromiseTick', taskQueue });
  } finally {
    await schedule.delete();
  }
  const today = shanghaiDate(Date.now());
  const created = await file({
    filingNo: applicationNo('RC'),
    type: 'retired_resettled',
    place: shanghai,
    materials: ['id_document', 'filing_form'],
    personalPromise: true,
    person: { name: '承诺', idNumber: newIdNumber() },
  });
  expect(created.body).toMatchObject({ status: 'active', personalPromise: true, filedOn: today });
  // A row another writer left with a partial record (another test file of the shared database wrote
  // one like it): the tick read its JSON, threw on every retry and never finished.
  const partialKey = randomUUID().replace(/-/g, '').slice(0, 16);
  await prisma.remoteCareFiling.create({
    data: {
      id: `remote-care:${partialKey}:RC-PARTIAL`,
      personKey: partialKey,
      personName: '残缺',
      idNumber: newIdNumber(),
      filingNo: `RC-PARTIAL-${partialKey}`,
      jurisdiction: 'kaiping',
      insuredPlace: 'jiangmen',
      ruleSetId: 'jiangmen-000',
      type: 'stationed_work',
      channel: 'counter',
      status: 'active',
      receivedOn: today,
      filedOn: today,
      validFrom: today,
      personalPromise: true,
      places: [],
      record: {},
      createdBy: 'kaiping.clerk',
      version: 1,
      updatedAt: new Date(),
    },
  });
  const tick = (on: string) =>
    client.workflow.execute(remoteCarePromiseTick, { taskQueue, workflowId: `promise-tick-${randomUUID()}`, args: [{ today: on }] });
  const reminders = () => prisma.notice.findMany({ where: { caseId: created.body.id, template: 'remote_care.materials_reminder' } });
  await tick(addDays(today, 29));
  expect(await reminders()).toHaveLength(0); // the first round is 30 days after filing
  await tick(addDays(today, 30));
  await tick(addDays(today, 31)); // the daily tick again: the same round is not sent twice
  expect((await reminders()).map((n) => n.sourceKey)).toEqual([`${created.body.id}:materials_reminder:1`]);
  expect((await reminders())[0]!.body).toContain('个人承诺');
  await act(created.body.id, { action: 'deliver_materials', materials: ['household_register'] });
  await tick(addDays(today, 60));
  expect(await reminders()).toHaveLength(1); // delivered: no further rounds
  const partial = await prisma.notice.count({ where: { caseId: `remote-care:${partialKey}:RC-PARTIAL` } });
  expect(partial).toBe(2); // rounds 1 and 2 of the partial row: it is reminded too, from its columns
});

test('a temporary filing from the counter to its cancellation; the register answers for both days', async () => {
  const idNumber = newIdNumber();
  const today = shanghaiDate(Date.now());
  const created = await file({
    filingNo: applicationNo('RC'),
    type: 'other_temporary',
    place: shanghai,
    materials: ['id_document'],
    person: { name: '赵六', idNumber },
  });
  expect(created.body).toMatchObject({ status: 'active', validUntil: periodFrom(today, 6).end });
  const cancelled = await act(created.body.id, { action: 'cancel', reason: '不再外出就医' });
  expect(cancelled).toMatchObject({ status: 200, body: { status: 'cancelled', cancelledOn: today } });
  expect((await status(idNumber, today)).body.filed).toBe(false);
  expect((await status(idNumber, addDays(today, -1))).body.filed).toBe(false); // it only started today
  const again = await act(created.body.id, { action: 'cancel', reason: '重复' });
  expect([409]).toContain(again.status);
});

test('bad input: an unknown material, an ID number in the status query that is not one, a date outside every rule set', async () => {
  const bad = await file({
    filingNo: applicationNo('RC'),
    type: 'other_temporary',
    place: shanghai,
    materials: ['passport'],
    person: { name: '钱七', idNumber: newIdNumber() },
  });
  expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  expect((await status('123', shanghaiDate(Date.now()))).status).toBe(400);
  const outside = await status(newIdNumber(), '2029-01-01');
  expect(outside).toMatchObject({
    status: 409,
    body: { code: 'RULE_SET_NOT_IN_FORCE', facts: { ruleSets: [{ from: '2024-04-01', to: '2028-12-31' }] } },
  });
  const yangjiang = await file({
    filingNo: applicationNo('RC'),
    insuredPlace: 'yangjiang',
    type: 'retired_resettled',
    place: shanghai,
    materials: ['id_document', 'filing_form', 'household_register'],
    person: { name: '孙八', idNumber: newIdNumber() },
  });
  expect(yangjiang).toMatchObject({ status: 409, body: { code: 'RULE_SET_NOT_IN_FORCE' } }); // 002 ended 2024-04-30
});

test('items 20–25 are the filing process: not opened as generic service cases', async () => {
  const res = await svc.call(as('kaiping.clerk'), 'POST', '/cases', {
    itemCode: '442189210001',
    applicationNo: applicationNo('KP'),
    jurisdiction: 'kaiping',
    applicant: { name: '陈一', idNumber: newIdNumber() },
  });
  expect(res).toMatchObject({ status: 409, body: { code: 'ITEM_HAS_OWN_PROCESS' } });
});

test('a referral pushed by a qualified institution is a filing; an unqualified one is refused with every unmet criterion', async () => {
  const idNumber = newIdNumber();
  const today = shanghaiDate(Date.now());
  const body = { filingNo: applicationNo('ZZ'), person: { name: '转诊', idNumber }, place: shanghai, formRef: '附件5-0001' };
  const push = (user: string) => svc.call(as(user), 'POST', '/remote-care/referrals', body);
  const clinic = await push('taishan.clinic'); // level 1, not designated for referrals
  expect(clinic).toMatchObject({ status: 409, body: { code: 'ELIGIBILITY_UNMET' } });
  expect(clinic.body.facts.unmet.map((u: { code: string }) => u.code)).toEqual(['GRADE_BELOW_2', 'NOT_DESIGNATED_FOR_REFERRALS']);
  expect(await prisma.remoteCareFiling.count({ where: { filingNo: body.filingNo } })).toBe(0);
  expect((await push('kaiping.clerk')).status).toBe(403);

  const filed = await push('kaiping.hospital');
  expect(filed).toMatchObject({
    status: 201,
    body: {
      type: 'referral',
      channel: 'institution_referral',
      status: 'active',
      jurisdiction: 'kaiping',
      validFrom: today,
      validUntil: periodFrom(today, 6).end, // temporary: 6 months (000 §30)
      materials: ['id_document', 'referral_certificate'],
    },
  });
  expect(filed.body.person.idNumber).not.toBe(idNumber);
  expect((await push('kaiping.hospital')).status).toBe(200); // the same push again
  const answer = await status(idNumber, today, 'inpatient');
  expect(answer.body).toMatchObject({ filed: true, filing: { type: 'referral', filingNo: body.filingNo }, article: '000 §30' });
  const page = await svc.call(as('kaiping.clerk'), 'GET', `/remote-care/filings/${encodeURIComponent(filed.body.id)}`);
  expect(page.body.history).toMatchObject([{ action: 'filed', actor: 'kaiping.hospital' }]);
});

test('an emergency visit flagged by the institution is treated as filed for that admission only (000 §27(二))', async () => {
  const idNumber = newIdNumber();
  const today = shanghaiDate(Date.now());
  const admittedOn = addDays(today, -2);
  const visit = (extra: object = {}) => ({
    visitNo: applicationNo('JZ'),
    insuredAgency: 'kaiping',
    person: { name: '急诊', idNumber },
    place: shanghai,
    institutionName: '上海市某医院',
    care: 'inpatient',
    emergency: true,
    visitOn: admittedOn,
    ...extra,
  });
  const push = (body: object) => svc.call(as('kaiping.hospital'), 'POST', '/remote-care/emergency-visits', body);
  const notFlagged = visit({ emergency: false });
  expect(await push(notFlagged)).toMatchObject({ status: 409, body: { code: 'NOT_EMERGENCY' } });
  expect(await prisma.remoteCareFiling.count({ where: { filingNo: notFlagged.visitNo } })).toBe(0);
  // pushed after the discharge settlement: too late (000 §33)
  const late = await push(visit({ dischargeSettledOn: addDays(today, -1) }));
  expect(late).toMatchObject({ status: 409, body: { code: 'BACK_FILING_CLOSED', facts: { lastDay: addDays(today, -1) } } });

  const flagged = await push(visit());
  expect(flagged).toMatchObject({
    status: 201,
    body: {
      type: 'emergency',
      channel: 'emergency_flag',
      status: 'active',
      jurisdiction: 'kaiping',
      validFrom: admittedOn,
      validUntil: null,
    },
  });
  // the admission is covered, also on a later day of the stay (000 §31); another admission is not
  const during = await status(idNumber, today, 'inpatient', { admittedOn });
  expect(during.body).toMatchObject({ filed: true, judgedOn: admittedOn, filing: { type: 'emergency' }, article: '000 §27(二)' });
  expect((await status(idNumber, today, 'inpatient', { admittedOn: today })).body.filed).toBe(false);
  // 000 limits no benefit of a flagged visit (002 §10(三) would: inpatient only); an unknown kind is a 400
  expect((await status(idNumber, admittedOn, 'special_disease_outpatient')).body).toMatchObject({ filed: true, reason: 'filed' });
  expect(await status(idNumber, admittedOn, 'dental')).toMatchObject({ status: 400 });
  // a Jiangmen emergency is filed by the flag, not at the counter (000 §27(二); 002 §6's agency path is Yangjiang's)
  const counter = await file({
    filingNo: applicationNo('JZ'),
    type: 'emergency',
    place: shanghai,
    materials: ['id_document'],
    person: { name: '急诊', idNumber },
    admission: { admittedOn },
  });
  expect(counter).toMatchObject({ status: 409, body: { code: 'FILING_NOT_ALLOWED', facts: { article: '000 §27(二)' } } });
  expect((await status(idNumber, addDays(admittedOn, -1))).body.filed).toBe(false);
  // valid for the current admission: nothing to change or cancel, its run has ended
  const cancel = await act(flagged.body.id, { action: 'cancel', reason: '测试' });
  expect(cancel).toMatchObject({ status: 409, body: { code: 'CASE_CLOSED', facts: { admissionOnly: true } } });
  expect((await prisma.remoteCareFiling.findUniqueOrThrow({ where: { id: flagged.body.id } })).status).toBe('active');
});
