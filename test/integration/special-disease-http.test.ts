/**
 * Special-disease certifications over HTTP with the real worker, dev server and PostgreSQL:
 * an institution's push and a clerk's off-site registration, the item-26 actions, the coverage
 * question for any date, and a notice-offset change reaching running certifications.
 */
import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDate } from '../../domain/dates';
import { eligibleFamilyBed, newIdNumber } from '../support/care';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-special-disease-${randomUUID()}`);
  for (const u of ['kaiping.hospital', 'kaiping.clerk', 'kaiping.reviewer', 'kaiping.approver', 'kaiping.finance', 'taishan.clerk', 'municipal.admin']) tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const act = (user: string, id: string, body: object) => svc.call(as(user), 'POST', `/special-disease/certifications/${encodeURIComponent(id)}/actions`, body);
const coverage = (idNumber: string, date: string) => svc.call(as('kaiping.finance'), 'POST', '/special-disease/coverage', { idNumber, diseaseCode: 'MT001', date });

test('an institution certifies; clerks suspend, resume, change the institution and terminate; coverage answers for any date', async () => {
  const today = shanghaiDate(Date.now());
  const idNumber = newIdNumber();
  const person = { name: '周五', idNumber };
  const unqualified = await svc.call(as('kaiping.hospital'), 'POST', '/special-disease/certifications', { person, diseaseCode: 'MT001', institutionCode: 'H99999999' });
  expect(unqualified).toMatchObject({ status: 403, body: { code: 'ROLE_NOT_ALLOWED' } }); // not its own institution code (12.7)
  const created = await svc.call(as('kaiping.hospital'), 'POST', '/special-disease/certifications', { person, diseaseCode: 'MT001', institutionCode: 'H44078301' });
  expect(created.status).toBe(201);
  const id = created.body.id;
  const E = created.body.period.end;
  expect(created.body).toMatchObject({ status: 'active', period: { start: today }, windows: { windowOpens: addDays(E, -29), graceEnds: addDays(E, 30), lapsesOn: addDays(E, 31) } });

  expect((await coverage(idNumber, addDays(today, -1))).body).toMatchObject({ status: 'not_yet', covered: false });
  expect((await coverage(idNumber, today)).body).toMatchObject({ status: 'covered', covered: true });
  expect((await coverage(idNumber, addDays(E, 10))).body).toMatchObject({ status: 'grace', covered: false });
  expect((await coverage(idNumber, addDays(E, 31))).body).toMatchObject({ status: 'lapsed', covered: false });

  const early = await act('kaiping.hospital', id, { action: 'renew' });
  expect(early).toMatchObject({ status: 409, body: { code: 'RENEWAL_WINDOW_CLOSED', facts: { windowOpens: addDays(E, -29), lastValidDay: E } } });
  expect((await act('taishan.clerk', id, { action: 'suspend', reason: 'x' })).status).toBe(403);
  expect((await act('kaiping.clerk', id, { action: 'suspend' })).body.code).toBe('VALIDATION_FAILED'); // a suspension states its reason
  expect((await act('kaiping.clerk', id, { action: 'suspend', reason: '参保人申请暂停' })).body.status).toBe('suspended');
  expect((await coverage(idNumber, today)).body).toMatchObject({ status: 'suspended', covered: false });
  expect((await act('kaiping.clerk', id, { action: 'resume', reason: '恢复' })).body.status).toBe('active');
  expect((await coverage(idNumber, addDays(today, 1))).body).toMatchObject({ status: 'covered' });

  const badChange = await act('kaiping.reviewer', id, { action: 'change_institution', institutionCode: 'H99999999', reason: '就近' });
  expect(badChange).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } }); // not qualified for the disease
  const changed = await act('kaiping.reviewer', id, { action: 'change_institution', institutionCode: 'H44070001', reason: '转至市中心医院' });
  expect(changed.body).toMatchObject({ institutionCode: 'H44070001' });

  const terminated = await act('kaiping.clerk', id, { action: 'terminate', reason: '参保关系转出' });
  expect(terminated.body).toMatchObject({ status: 'terminated', terminatedOn: today });
  expect((await coverage(idNumber, addDays(today, 1))).body).toMatchObject({ status: 'terminated', covered: false });
  expect((await act('kaiping.clerk', id, { action: 'resume', reason: 'x' })).status).toBe(409);

  const detail = await svc.call(as('kaiping.clerk'), 'GET', `/special-disease/certifications/${encodeURIComponent(id)}`);
  expect(detail.body.history.map((e: any) => e.action)).toEqual(['certified', 'suspend', 'resume', 'change_institution', 'terminate']);
});

test('a clerk registers an off-site application only with its documents (000 §16)', async () => {
  const person = { name: '吴六', idNumber: newIdNumber() };
  const without = await svc.call(as('kaiping.clerk'), 'POST', '/special-disease/certifications', { person, diseaseCode: 'MT001', institutionCode: 'H44078301' });
  expect(without).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  const withDocs = await svc.call(as('kaiping.clerk'), 'POST', '/special-disease/certifications', {
    person, diseaseCode: 'MT001', institutionCode: 'H44078301',
    offsiteDocuments: { idDocument: true, agentIdDocument: true, applicationForm: true, recordsOrReports: true },
  });
  expect(withDocs).toMatchObject({ status: 201, body: { source: 'offsite_application', status: 'active' } });
  const again = await svc.call(as('kaiping.clerk'), 'POST', '/special-disease/certifications', {
    person, diseaseCode: 'MT001', institutionCode: 'H44078301',
    offsiteDocuments: { idDocument: true, agentIdDocument: false, applicationForm: true, recordsOrReports: true },
  });
  expect(again.status).toBe(200);
  expect(again.body.id).toBe(withDocs.body.id);
});

test('changing the notice offsets reaches running certifications', async () => {
  await svc.call(as('kaiping.hospital'), 'POST', '/special-disease/certifications', { person: { name: '郑七', idNumber: newIdNumber() }, diseaseCode: 'MT002', institutionCode: 'H44078301' });
  const bad = await svc.call(as('municipal.admin'), 'PUT', '/policies/special_disease.noticeOffsets', { value: { beforeWindowDays: 7, beforeExpiryDays: 40 }, reason: '测试' });
  expect(bad.status).toBe(400);
  const changed = await svc.call(as('municipal.admin'), 'PUT', '/policies/special_disease.noticeOffsets', { value: { beforeWindowDays: 7, beforeExpiryDays: 7 }, reason: '确认默认值' });
  expect(changed.status).toBe(200);
  expect(changed.body.workflowsTold).toBeGreaterThanOrEqual(1);
});

test('while a family bed is open the coverage answer says special-disease outpatient costs are not paid, with the episode (000 §12)', async () => {
  const today = shanghaiDate(Date.now());
  const idNumber = newIdNumber();
  const certified = await svc.call(as('kaiping.hospital'), 'POST', '/special-disease/certifications', { person: { name: '钱八', idNumber }, diseaseCode: 'MT001', institutionCode: 'H44078301' });
  expect(certified.status).toBe(201);
  expect((await coverage(idNumber, today)).body).toMatchObject({ status: 'covered', covered: true });
  const bed = await svc.call(as('kaiping.hospital'), 'POST', '/care/family-beds', { applicationNo: applicationNo('FB'), application: eligibleFamilyBed(idNumber, today) });
  expect(bed.status).toBe(201);
  const opened = await svc.call(as('kaiping.reviewer'), 'POST', `/care/episodes/${encodeURIComponent(bed.body.id)}/actions`, { action: 'approve', reason: '符合建床条件' });
  expect(opened.body.status).toBe('opened');

  const answer = (await coverage(idNumber, today)).body;
  const outpatient = (await svc.call(as('kaiping.finance'), 'POST', '/care/outpatient-payable', { idNumber, date: today })).body;
  expect(answer).toMatchObject({ status: 'family_bed_open', covered: false, certificationStatus: 'covered', episode: { episodeId: bed.body.id } });
  expect(answer.episode).toEqual(outpatient.episode);
  expect(answer.reason).toBe(outpatient.reason);
  expect((await coverage(idNumber, addDays(today, -1))).body).toMatchObject({ status: 'not_yet' });
});
