/**
 * Special-disease certifications over HTTP with the real worker, dev server and PostgreSQL:
 * an institution's push and a clerk's off-site registration, the item-26 actions, the coverage
 * question for any date, and a notice-offset change reaching running certifications.
 */
import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDate } from '../../domain/dates';
import { periodFrom } from '../../domain/special-disease';
import { eligibleFamilyBed, newIdNumber } from '../support/care';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';
import { changeBroadcast } from '../../workflows/change-broadcast';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-special-disease-${randomUUID()}`);
  for (const u of [
    'taishan.hospital',
    'kaiping.hospital',
    'kaiping.clerk',
    'kaiping.reviewer',
    'kaiping.approver',
    'kaiping.finance',
    'taishan.clerk',
    'municipal.admin',
  ])
    tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const act = (user: string, id: string, body: object) =>
  svc.call(as(user), 'POST', `/special-disease/certifications/${encodeURIComponent(id)}/actions`, body);
const coverage = (idNumber: string, date: string, disease = 'MT001') =>
  svc.call(as('kaiping.finance'), 'POST', '/special-disease/coverage', { idNumber, diseaseCode: disease, date });
const certify = (user: string, body: object) => svc.call(as(user), 'POST', '/special-disease/certifications', body);
const counterDocuments = { idDocument: true, applicationForm: true, recordsOrReports: true };
/** The first valid day of a 12-month period whose last valid day is `end` (periodFrom's inverse). */
function startFor(end: string): string {
  const next = addDays(end, 1);
  const start = `${Number(next.slice(0, 4)) - 1}${next.slice(4)}`;
  expect(periodFrom(start, 12).end).toBe(end);
  return start;
}
const settle = () => new Promise((r) => setTimeout(r, 1_000));

test('an institution certifies; clerks suspend, resume, change the institution and terminate; coverage answers for any date', async () => {
  const today = shanghaiDate(Date.now());
  const idNumber = newIdNumber();
  const person = { name: '周五', idNumber };
  const unqualified = await svc.call(as('kaiping.hospital'), 'POST', '/special-disease/certifications', {
    person,
    insuredPlace: 'kaiping',
    diseaseCode: 'MT001',
    institutionCode: 'H99999999',
  });
  expect(unqualified).toMatchObject({ status: 403, body: { code: 'ROLE_NOT_ALLOWED' } }); // not its own institution code (12.7)
  const created = await svc.call(as('kaiping.hospital'), 'POST', '/special-disease/certifications', {
    person,
    insuredPlace: 'kaiping',
    diseaseCode: 'MT001',
    institutionCode: 'H44078301',
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  const E = created.body.period.end;
  expect(created.body).toMatchObject({
    status: 'active',
    period: { start: today },
    windows: { windowOpens: addDays(E, -29), graceEnds: addDays(E, 30), lapsesOn: addDays(E, 31) },
  });

  expect((await coverage(idNumber, addDays(today, -1))).body).toMatchObject({ status: 'not_yet', covered: false });
  expect((await coverage(idNumber, today)).body).toMatchObject({ status: 'covered', covered: true });
  expect((await coverage(idNumber, addDays(E, 10))).body).toMatchObject({ status: 'grace', covered: false });
  expect((await coverage(idNumber, addDays(E, 31))).body).toMatchObject({ status: 'lapsed', covered: false });

  const early = await act('kaiping.hospital', id, { action: 'renew' });
  expect(early).toMatchObject({
    status: 409,
    body: { code: 'RENEWAL_WINDOW_CLOSED', facts: { windowOpens: addDays(E, -29), lastValidDay: E } },
  });
  expect((await act('taishan.clerk', id, { action: 'suspend', reason: 'x' })).status).toBe(403);
  expect((await act('kaiping.clerk', id, { action: 'suspend' })).body.code).toBe('VALIDATION_FAILED'); // a suspension states its reason
  expect((await act('kaiping.clerk', id, { action: 'suspend', reason: '参保人申请暂停' })).body.status).toBe('suspended');
  expect((await coverage(idNumber, today)).body).toMatchObject({ status: 'suspended', covered: false });
  expect((await act('kaiping.clerk', id, { action: 'resume', reason: '恢复' })).body.status).toBe('active');
  expect((await coverage(idNumber, addDays(today, 1))).body).toMatchObject({ status: 'covered' });

  const badChange = await act('kaiping.reviewer', id, { action: 'change_institution', institutionCode: 'H99999999', reason: '就近' });
  expect(badChange).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } }); // not qualified for the disease
  const changed = await act('kaiping.reviewer', id, {
    action: 'change_institution',
    institutionCode: 'H44070001',
    reason: '转至市中心医院',
  });
  expect(changed.body).toMatchObject({ institutionCode: 'H44070001' });

  const terminated = await act('kaiping.clerk', id, { action: 'terminate', reason: '参保关系转出' });
  expect(terminated.body).toMatchObject({ status: 'terminated', terminatedOn: today });
  expect((await coverage(idNumber, addDays(today, 1))).body).toMatchObject({ status: 'terminated', covered: false });
  expect((await act('kaiping.clerk', id, { action: 'resume', reason: 'x' })).status).toBe(409);

  const detail = await svc.call(as('kaiping.clerk'), 'GET', `/special-disease/certifications/${encodeURIComponent(id)}`);
  expect(detail.body.history.map((e: any) => e.action)).toEqual(['certified', 'suspend', 'resume', 'change_institution', 'terminate']);
});

test('a clerk registers an off-site application only with its documents, naming the hospital at the place of treatment (000 §16)', async () => {
  const person = { name: '吴六', idNumber: newIdNumber() };
  const treatingHospital = { name: '广州医科大学附属第一医院', place: '广东省广州市' };
  const without = await svc.call(as('kaiping.clerk'), 'POST', '/special-disease/certifications', {
    person,
    diseaseCode: 'MT001',
    treatingHospital,
  });
  expect(without).toMatchObject({ status: 400, body: { code: 'DOCUMENTS_MISSING' } });
  expect(without.body.facts.missing.map((m: any) => m.field)).toEqual(['idDocument', 'applicationForm', 'recordsOrReports']);
  const agentMissing = await svc.call(as('kaiping.clerk'), 'POST', '/special-disease/certifications', {
    person,
    diseaseCode: 'MT001',
    treatingHospital,
    offsiteDocuments: { idDocument: true, delegated: true, applicationForm: true, recordsOrReports: true },
  });
  expect(agentMissing).toMatchObject({
    status: 400,
    body: { code: 'DOCUMENTS_MISSING', facts: { missing: [{ field: 'agentIdDocument' }] } },
  });
  const noHospital = await svc.call(as('kaiping.clerk'), 'POST', '/special-disease/certifications', {
    person,
    diseaseCode: 'MT001',
    offsiteDocuments: { idDocument: true, applicationForm: true, recordsOrReports: true },
  });
  expect(noHospital).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', facts: { field: 'treatingHospital' } } });
  expect(await prisma.certification.count({ where: { idNumber: person.idNumber } })).toBe(0);

  // The hospital at the place of treatment is not on the Jiangmen list: recorded as written, flagged off-site.
  const withDocs = await svc.call(as('kaiping.clerk'), 'POST', '/special-disease/certifications', {
    person,
    diseaseCode: 'MT001',
    treatingHospital,
    offsiteDocuments: { idDocument: true, delegated: true, agentIdDocument: true, applicationForm: true, recordsOrReports: true },
  });
  expect(withDocs).toMatchObject({
    status: 201,
    body: {
      source: 'offsite_application',
      offsite: true,
      status: 'active',
      treatingHospital,
      institutionCode: null,
      insuredPlace: 'kaiping',
    },
  });
  const again = await svc.call(as('kaiping.clerk'), 'POST', '/special-disease/certifications', {
    person,
    diseaseCode: 'MT001',
    treatingHospital,
    offsiteDocuments: { idDocument: true, agentIdDocument: false, applicationForm: true, recordsOrReports: true },
  });
  expect(again.status).toBe(200);
  expect(again.body.id).toBe(withDocs.body.id);
});

const offsetsSignalled = async (workflowId: string) =>
  (await svc.api.client.workflow.getHandle(workflowId).fetchHistory()).events!.filter(
    (e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'noticeOffsetsChanged',
  ).length;

test('changing the notice offsets reaches running certifications through a durable telling; the change is audited once', async () => {
  const made = await svc.call(as('kaiping.hospital'), 'POST', '/special-disease/certifications', {
    person: { name: '郑七', idNumber: newIdNumber() },
    insuredPlace: 'kaiping',
    diseaseCode: 'MT002',
    institutionCode: 'H44078301',
  });
  expect(made.status).toBe(201);
  const put = (value: object, reason: string) =>
    svc.call(as('municipal.admin'), 'PUT', '/policies/special_disease.noticeOffsets', { value, reason });
  const auditLines = () =>
    prisma.auditEvent.findMany({ where: { caseId: 'policy:special_disease.noticeOffsets' }, orderBy: { seq: 'asc' } });
  const linesBefore = (await auditLines()).length;
  expect((await put({ beforeWindowDays: 7, beforeExpiryDays: 40 }, '测试')).status).toBe(400);
  expect((await auditLines()).length).toBe(linesBefore); // refused: nothing written

  // the defaults, so that certifications of other files running meanwhile keep their plans
  const changed = await put({ beforeWindowDays: 7, beforeExpiryDays: 7 }, '确认默认值');
  expect(changed.status).toBe(200);
  expect(changed.body.runningWorkflows).toBeGreaterThanOrEqual(1);
  const told = await svc.api.client.workflow.getHandle(changed.body.broadcastWorkflowId).result();
  expect(told.told).toBeGreaterThanOrEqual(1);
  expect(await offsetsSignalled(made.body.id)).toBe(1);
  const lines = await auditLines();
  expect(lines).toHaveLength(linesBefore + 1); // a fresh database has no row: this PUT is a change
  expect(lines.at(-1)).toMatchObject({ action: 'policy_changed', actor: 'municipal.admin', office: 'municipal', reason: '确认默认值' });

  // Sent again (the answer lost): the same change, no second audit line, no second telling.
  const again = await put({ beforeWindowDays: 7, beforeExpiryDays: 7 }, '确认默认值');
  expect(again.status).toBe(200);
  expect(again.body.broadcastWorkflowId).toBe(changed.body.broadcastWorkflowId);
  expect(await auditLines()).toHaveLength(linesBefore + 1);
  expect(await offsetsSignalled(made.body.id)).toBe(1);
});

test('the telling goes page by page and continues as new; every running certification is told', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const made = await svc.call(as('kaiping.hospital'), 'POST', '/special-disease/certifications', {
      person: { name: `冯${i}`, idNumber: newIdNumber() },
      insuredPlace: 'kaiping',
      diseaseCode: 'MT001',
      institutionCode: 'H44078301',
    });
    expect(made.status).toBe(201);
    ids.push(made.body.id);
  }
  const before = await Promise.all(ids.map(offsetsSignalled));
  const handle = await svc.api.client.workflow.start(changeBroadcast, {
    taskQueue: svc.config.TEMPORAL_TASK_QUEUE,
    workflowId: `it-change-broadcast-${randomUUID()}`,
    args: [{ change: { kind: 'notice_offsets' }, pageSize: 2, pagesPerRun: 2 }],
  });
  const result = await handle.result();
  expect(result.told + result.closed).toBeGreaterThanOrEqual(ids.length);
  expect((await handle.describe()).runId).not.toBe(handle.firstExecutionRunId); // 5 or more pass 2 pages of 2
  expect(await Promise.all(ids.map(offsetsSignalled))).toEqual(before.map((n) => n + 1));
});

test('while a family bed is open the coverage answer says special-disease outpatient costs are not paid, with the episode (000 §12)', async () => {
  const today = shanghaiDate(Date.now());
  const idNumber = newIdNumber();
  const certified = await svc.call(as('kaiping.hospital'), 'POST', '/special-disease/certifications', {
    person: { name: '钱八', idNumber },
    insuredPlace: 'kaiping',
    diseaseCode: 'MT001',
    institutionCode: 'H44078301',
  });
  expect(certified.status).toBe(201);
  expect((await coverage(idNumber, today)).body).toMatchObject({ status: 'covered', covered: true });
  const bed = await svc.call(as('kaiping.hospital'), 'POST', '/care/family-beds', {
    applicationNo: applicationNo('FB'),
    application: eligibleFamilyBed(idNumber, today),
  });
  expect(bed.status).toBe(201);
  const opened = await svc.call(as('kaiping.reviewer'), 'POST', `/care/episodes/${encodeURIComponent(bed.body.id)}/actions`, {
    action: 'approve',
    reason: '符合建床条件',
  });
  expect(opened.body.status).toBe('opened');

  const answer = (await coverage(idNumber, today)).body;
  const outpatient = (await svc.call(as('kaiping.finance'), 'POST', '/care/outpatient-payable', { idNumber, date: today })).body;
  expect(answer).toMatchObject({
    status: 'family_bed_open',
    covered: false,
    certificationStatus: 'covered',
    episode: { episodeId: bed.body.id },
  });
  expect(answer.episode).toEqual(outpatient.episode);
  expect(answer.reason).toBe(outpatient.reason);
  expect((await coverage(idNumber, addDays(today, -1))).body).toMatchObject({ status: 'not_yet' });
});

test('a new certification after a termination is a new recorded period; coverage on past dates stays right (000 §17)', async () => {
  const today = shanghaiDate(Date.now());
  const person = { name: '孙九', idNumber: newIdNumber() };
  const start = addDays(today, -100);
  const first = await certify('kaiping.hospital', {
    person,
    insuredPlace: 'kaiping',
    diseaseCode: 'MT002',
    institutionCode: 'H44078301',
    periodStart: start,
  });
  expect(first.status).toBe(201);
  const id = first.body.id;
  expect((await act('kaiping.clerk', id, { action: 'terminate', reason: '参保人申请终止' })).body).toMatchObject({ status: 'terminated' });
  expect((await coverage(person.idNumber, today, 'MT002')).body).toMatchObject({ status: 'terminated', covered: false });

  const second = await certify('kaiping.hospital', { person, insuredPlace: 'kaiping', diseaseCode: 'MT002', institutionCode: 'H44078301' });
  expect(second.status).toBe(201);
  expect(second.body).toMatchObject({ id, status: 'active', recordedStatus: 'active', period: { start: today } });
  expect(second.body.earlier).toEqual([
    expect.objectContaining({ status: 'terminated', terminatedOn: today, periods: [expect.objectContaining({ start })] }),
  ]);
  // Today is the new certification's; a day of the earlier one keeps its answer.
  expect((await coverage(person.idNumber, today, 'MT002')).body).toMatchObject({
    status: 'covered',
    covered: true,
    period: { start: today },
  });
  expect((await coverage(person.idNumber, addDays(today, -50), 'MT002')).body).toMatchObject({
    status: 'covered',
    covered: true,
    period: { start },
  });
  // Its own actions go on; a new period may not start inside one that was covered.
  expect((await act('kaiping.clerk', id, { action: 'suspend', reason: '住院' })).body.status).toBe('suspended');
  expect((await coverage(person.idNumber, addDays(today, -50), 'MT002')).body.status).toBe('covered');
  const detail = await svc.call(as('kaiping.clerk'), 'GET', `/special-disease/certifications/${encodeURIComponent(id)}`);
  expect(detail.body.history.map((e: any) => e.action)).toEqual(['certified', 'terminate', 'certified', 'suspend']);
  expect(
    (await certify('kaiping.hospital', { person, insuredPlace: 'kaiping', diseaseCode: 'MT002', institutionCode: 'H44078301' })).status,
  ).toBe(200);
});

test('a registration whose period is long over is recorded as historical: 已失效, no notice, its days covered; a new one follows it', async () => {
  const today = shanghaiDate(Date.now());
  const person = { name: '周十', idNumber: newIdNumber() };
  const start = `${Number(today.slice(0, 4)) - 3}-03-01`;
  const old = await certify('kaiping.hospital', {
    person,
    insuredPlace: 'kaiping',
    diseaseCode: 'MT001',
    institutionCode: 'H44078301',
    periodStart: start,
  });
  expect(old.status).toBe(201);
  expect(old.body).toMatchObject({
    status: 'lapsed',
    recordedStatus: 'lapsed',
    statusName: '已失效（须重新认定）',
    renewal: { open: false },
  });
  await settle();
  expect(await prisma.notice.count({ where: { caseId: old.body.id } })).toBe(0);
  const listed = await svc.call(as('kaiping.clerk'), 'GET', '/special-disease/certifications?status=lapsed&pageSize=200');
  expect(listed.body.items.find((c: any) => c.id === old.body.id)).toMatchObject({ status: 'lapsed' });
  const active = await svc.call(as('kaiping.clerk'), 'GET', '/special-disease/certifications?status=active&pageSize=200');
  expect(active.body.items.some((c: any) => c.id === old.body.id)).toBe(false);
  expect((await coverage(person.idNumber, addDays(start, 10))).body).toMatchObject({ status: 'covered', covered: true });
  expect((await coverage(person.idNumber, today)).body).toMatchObject({ status: 'lapsed', covered: false });

  const renewed = await certify('kaiping.hospital', {
    person,
    insuredPlace: 'kaiping',
    diseaseCode: 'MT001',
    institutionCode: 'H44078301',
  });
  expect(renewed).toMatchObject({ status: 201, body: { status: 'active', statusName: '有效' } });
  expect((await coverage(person.idNumber, addDays(start, 10))).body).toMatchObject({ status: 'covered', period: { start } });
  expect((await coverage(person.idNumber, today)).body).toMatchObject({ status: 'covered', period: { start: today } });
});

test('a registration that ended within 30 days shows as expired, sends nothing at once, and is renewed late at the counter only with the 000 §16 documents', async () => {
  const today = shanghaiDate(Date.now());
  const person = { name: '吴十一', idNumber: newIdNumber() };
  const E = addDays(today, -5);
  const created = await certify('kaiping.hospital', {
    person,
    insuredPlace: 'kaiping',
    diseaseCode: 'MT001',
    institutionCode: 'H44078301',
    periodStart: startFor(E),
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  expect(created.body).toMatchObject({
    status: 'expired',
    recordedStatus: 'active',
    renewal: { open: true, timing: 'late', closesOn: addDays(E, 30) },
  });
  expect(created.body.statusName).toContain('已到期');
  expect((await coverage(person.idNumber, today)).body).toMatchObject({ status: 'grace', covered: false });
  await settle();
  expect(await prisma.notice.count({ where: { caseId: id } })).toBe(0);

  const bare = await act('kaiping.clerk', id, { action: 'renew' });
  expect(bare).toMatchObject({ status: 400, body: { code: 'DOCUMENTS_MISSING' } });
  expect(bare.body.facts.missing.map((m: any) => m.field)).toEqual(['idDocument', 'applicationForm', 'recordsOrReports']);
  expect(bare.body.message).toContain('门诊特定病种待遇认定申请表');
  const agent = await act('kaiping.clerk', id, { action: 'renew', documents: { ...counterDocuments, delegated: true } });
  expect(agent.body.facts.missing.map((m: any) => m.field)).toEqual(['agentIdDocument']);
  const renewed = await act('kaiping.clerk', id, {
    action: 'renew',
    documents: { ...counterDocuments, delegated: true, agentIdDocument: true },
  });
  expect(renewed).toMatchObject({ status: 200, body: { status: 'active', period: { start: addDays(E, 1) } } });
  expect((await coverage(person.idNumber, today)).body).toMatchObject({ status: 'covered', covered: true });
});

test('a 开平 resident certified by a 台山 hospital is acted on by the 开平 agency; institutions renew only when qualified (000 §15–§17)', async () => {
  const today = shanghaiDate(Date.now());
  const person = { name: '郑十二', idNumber: newIdNumber() };
  const noPlace = await certify('taishan.hospital', { person, diseaseCode: 'MT001', institutionCode: 'H44078101' });
  expect(noPlace).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', facts: { field: 'insuredPlace' } } });
  const E = addDays(today, 10);
  const created = await certify('taishan.hospital', {
    person,
    insuredPlace: 'kaiping',
    diseaseCode: 'MT001',
    institutionCode: 'H44078101',
    periodStart: startFor(E),
  });
  expect(created).toMatchObject({
    status: 201,
    body: { insuredPlace: 'kaiping', institutionCounty: 'taishan', status: 'active', renewal: { open: true, timing: 'on_time' } },
  });
  const id = created.body.id;

  const taishanClerk = await act('taishan.clerk', id, { action: 'renew', documents: counterDocuments });
  expect(taishanClerk).toMatchObject({ status: 403, body: { code: 'OUT_OF_JURISDICTION' } });
  expect((await act('kaiping.clerk', id, { action: 'renew' })).body.code).toBe('DOCUMENTS_MISSING');
  // Another institution neither sees it nor renews under another code (12.7); the certifying one renews as itself.
  expect((await act('kaiping.hospital', id, { action: 'renew' })).status).toBe(403);
  expect((await act('taishan.hospital', id, { action: 'renew', institutionCode: 'H44078301' })).status).toBe(403);
  // The certifying 台山 institution renews through its own path (000 §15), for the 开平 resident.
  const renewed = await act('taishan.hospital', id, { action: 'renew' });
  expect(renewed).toMatchObject({ status: 200, body: { period: { start: addDays(E, 1) } } });

  expect((await act('taishan.clerk', id, { action: 'suspend', reason: '住院' })).status).toBe(403);
  expect((await act('kaiping.clerk', id, { action: 'suspend', reason: '住院' })).body.status).toBe('suspended');
  expect((await act('kaiping.clerk', id, { action: 'resume', reason: '出院' })).body.status).toBe('active');
  expect(
    (await act('kaiping.reviewer', id, { action: 'change_institution', institutionCode: 'H44078301', reason: '就近' })).body
      .institutionCode,
  ).toBe('H44078301');
  expect((await act('kaiping.clerk', id, { action: 'terminate', reason: '参保关系转出' })).body.status).toBe('terminated');
});

test('a qualified institution certifies only while the register of designated facilities lists it for special diseases', async () => {
  const code = `HS${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const username = `hospital.${code.toLowerCase()}`;
  const demo = await prisma.user.findUniqueOrThrow({ where: { username: 'kaiping.hospital' }, select: { passwordHash: true } });
  await prisma.user.create({
    data: {
      username,
      displayName: '测试医院',
      role: 'institution',
      jurisdiction: 'kaiping',
      institutionCode: code,
      passwordHash: demo.passwordHash,
    },
  });
  await prisma.diseaseInstitution.create({ data: { diseaseCode: 'MT001', institutionCode: code, institutionName: '开平市测试医院' } });
  const load = (services: string[]) =>
    svc.call(as('municipal.admin'), 'PUT', `/outpatient/facilities/${code}`, {
      name: '开平市测试医院',
      county: '开平市',
      jurisdiction: 'kaiping',
      grade: 2,
      services,
    });
  const token = await svc.login(username);
  const push = () =>
    svc.call(token, 'POST', '/special-disease/certifications', {
      person: { name: '目录', idNumber: newIdNumber() },
      insuredPlace: 'kaiping',
      diseaseCode: 'MT001',
      institutionCode: code,
    });
  const absent = await push();
  expect(absent).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', facts: { register: '定点医疗机构目录中没有该机构' } } });
  expect((await load(['general_outpatient'])).status).toBe(200);
  expect((await push()).body.facts.register).toContain('未登记门诊特定病种服务');
  expect((await load(['general_outpatient', 'special_diseases'])).status).toBe(200);
  expect((await push()).status).toBe(201);
});
