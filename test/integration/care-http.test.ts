/**
 * A family-bed episode end to end over HTTP: real dev server, worker, API and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDate } from '../../domain/dates';
import { eligibleFamilyBed, eligibleGeriatricWard, newIdNumber } from '../support/care';
import { idNumberOf, randomIdNumber } from '../support/id-number';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-care-${randomUUID()}`);
  for (const u of ['taishan.hospital', 'taishan.reviewer', 'taishan.finance', 'taishan.clerk', 'kaiping.reviewer', 'municipal.admin']) {
    tokens[u] = await svc.login(u);
  }
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const act = (user: string, id: string, body: object) =>
  svc.call(as(user), 'POST', `/care/episodes/${encodeURIComponent(id)}/actions`, body);
const payable = (idNumber: string, date: string) => svc.call(as('taishan.finance'), 'POST', '/care/outpatient-payable', { idNumber, date });
const admit = (idNumber: string, admittedOn: string) =>
  svc.call(as('taishan.hospital'), 'POST', '/care/admissions', { idNumber, hospitalName: '台山市人民医院', admittedOn });

test('a family bed from application to settlement, with a worker restart during the review', async () => {
  const today = shanghaiDate(Date.now());
  const idNumber = newIdNumber();
  const applied = await svc.call(as('taishan.hospital'), 'POST', '/care/family-beds', {
    applicationNo: applicationNo('FB'),
    application: {
      ...eligibleFamilyBed(idNumber, today),
      referral: {
        hospitalName: '江门市中心医院',
        hospitalLevel: 3,
        referralReviewedOn: addDays(today, -3),
        departmentReviewedOn: addDays(today, -2),
        filedOn: addDays(today, -1),
      },
    },
  });
  expect(applied.status).toBe(201);
  const id = applied.body.id;
  expect(id).not.toContain(idNumber); // the workflow ID carries a pseudonym, not the ID number
  expect(applied.body).toMatchObject({
    status: 'under_review',
    eligibility: [],
    deductible: 'reduced_or_waived',
    reviewDeadline: { dueDate: expect.any(String) },
  });

  // Another county's reviewer cannot act; the hospital cannot approve its own application.
  expect((await act('kaiping.reviewer', id, { action: 'approve' })).status).toBe(403);
  expect((await act('taishan.hospital', id, { action: 'approve' })).body.code).toBe('ROLE_NOT_ALLOWED');

  await svc.worker.stop();
  const approval = act('taishan.reviewer', id, { action: 'approve', reason: '符合建床条件' });
  await new Promise((r) => setTimeout(r, 500));
  await svc.restartWorker();
  const opened = await approval;
  expect(opened.status).toBe(200);
  expect(opened.body).toMatchObject({ status: 'opened', openedOn: today });

  // 000 §12: no outpatient payment while open; an admission is refused until closed and settled.
  expect((await payable(idNumber, addDays(today, -1))).body).toMatchObject({ payable: true });
  expect((await payable(idNumber, today)).body).toMatchObject({ payable: false, episode: { episodeId: id } });
  const refused = await admit(idNumber, today);
  expect(refused).toMatchObject({
    status: 409,
    body: { code: 'ADMISSION_REFUSED_BED_OPEN', facts: { episodeId: id, article: '000 §12' } },
  });

  const unsigned = await act('taishan.hospital', id, {
    action: 'close',
    ground: 'own_request',
    closedOn: today,
    certificateNo: 'CB-2026-01',
  });
  expect(unsigned).toMatchObject({ status: 409, body: { code: 'CLOSING_RECORD_UNSIGNED' } });
  const closed = await act('taishan.hospital', id, {
    action: 'close',
    ground: 'own_request',
    closedOn: today,
    certificateNo: 'CB-2026-01',
    signedClosingRecord: true,
    reason: '家属要求撤床',
  });
  expect(closed.body).toMatchObject({ status: 'closed', closedOn: today, closingGround: 'own_request' });
  expect((await admit(idNumber, today)).status).toBe(409); // closed but not settled
  expect((await payable(idNumber, today)).body.payable).toBe(false); // the closing day is inside the episode
  expect((await payable(idNumber, addDays(today, 1))).body.payable).toBe(true);

  expect((await act('taishan.hospital', id, { action: 'settle' })).body.code).toBe('ROLE_NOT_ALLOWED');
  const settled = await act('taishan.finance', id, { action: 'settle' });
  expect(settled.body).toMatchObject({ status: 'settled' });
  expect((await admit(idNumber, addDays(today, 1))).status).toBe(201);

  const detail = await svc.call(as('taishan.reviewer'), 'GET', `/care/episodes/${encodeURIComponent(id)}`);
  expect(detail.body.history.map((e: any) => [e.action, e.actor])).toEqual([
    ['applied', 'taishan.hospital'],
    ['approve', 'taishan.reviewer'],
    ['close', 'taishan.hospital'],
    ['settle', 'taishan.finance'],
  ]);
  expect(await prisma.securityEvent.count({ where: { actor: 'kaiping.reviewer', target: id } })).toBe(1);
});

test('an ineligible application shows every unmet criterion and cannot be approved (409)', async () => {
  const today = shanghaiDate(Date.now());
  const app = eligibleFamilyBed(newIdNumber(), today);
  const applied = await svc.call(as('taishan.hospital'), 'POST', '/care/family-beds', {
    applicationNo: applicationNo('FB'),
    application: { ...app, documents: { diagnosisCertificate: false, examinationReports: false }, mobilityDifficulty: false },
  });
  expect(applied.status).toBe(201);
  expect(applied.body.eligibility.map((c: any) => c.code).sort()).toEqual([
    'DIAGNOSIS_CERTIFICATE_MISSING',
    'EXAMINATION_REPORTS_MISSING',
    'MOBILITY_NOT_LIMITED',
  ]);
  expect(applied.body.eligibility.every((c: any) => /^000 §/.test(c.article))).toBe(true);
  const approve = await act('taishan.reviewer', applied.body.id, { action: 'approve' });
  expect(approve).toMatchObject({ status: 409, body: { code: 'ELIGIBILITY_UNMET' } });
  expect(approve.body.facts.unmet).toHaveLength(3);
  const bad = await svc.call(as('taishan.hospital'), 'POST', '/care/family-beds', {
    applicationNo: applicationNo('FB'),
    application: { ...app, condition: 'flu' },
  });
  expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  expect(bad.body.issues.map((i: any) => i.path)).toContain('body.application.condition');
});

test('the review time limit is a policy an administrator sets', async () => {
  const refused = await svc.call(as('taishan.reviewer'), 'PUT', '/policies/care.reviewWorkingDays', { value: 3, reason: 'x' });
  expect(refused.status).toBe(403);
  const invalid = await svc.call(as('municipal.admin'), 'PUT', '/policies/care.reviewWorkingDays', { value: 0, reason: '测试' });
  expect(invalid.status).toBe(400);
  // Set to the default value, so tests running beside this one see no change in behaviour.
  expect(
    (await svc.call(as('municipal.admin'), 'PUT', '/policies/care.reviewWorkingDays', { value: 5, reason: '确认默认5个工作日' })).status,
  ).toBe(200);
  const policies = await svc.call(as('municipal.admin'), 'GET', '/policies');
  expect(policies.body).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ key: 'care.reviewWorkingDays', value: 5, isDefault: false, updatedBy: 'municipal.admin' }),
    ]),
  );
});

test('a geriatric-ward application under 60 on the application date shows the unmet age criterion and cannot be approved', async () => {
  const today = shanghaiDate(Date.now());
  const sixtyTomorrow = `${Number(today.slice(0, 4)) - 60}${addDays(today, 1).slice(4)}`; // turns 60 tomorrow
  const applied = await svc.call(as('taishan.hospital'), 'POST', '/care/geriatric-wards', {
    applicationNo: applicationNo('GW'),
    // No birth date stated: the age comes from the one in the ID number (000 §13(一)).
    application: {
      ...eligibleGeriatricWard(newIdNumber()),
      person: { name: '黄八', idNumber: randomIdNumber({ birthDate: sixtyTomorrow }), insuredCounty: 'taishan' },
    },
  });
  expect(applied.status).toBe(201);
  expect(applied.body.kind).toBe('geriatric_ward');
  expect(applied.body.eligibility.map((c: any) => c.code)).toEqual(['AGE_UNDER_60']);
  expect((await act('taishan.reviewer', applied.body.id, { action: 'approve' })).body.code).toBe('ELIGIBILITY_UNMET');
});

test('a stated birth date contradicting the ID number is refused (400, nothing opened); bad ID numbers are refused everywhere', async () => {
  const idNumber = idNumberOf('440781', '1970-05-05', 11);
  const appNo = applicationNo('GW');
  const contradicted = await svc.call(as('taishan.hospital'), 'POST', '/care/geriatric-wards', {
    applicationNo: appNo,
    application: {
      ...eligibleGeriatricWard(idNumber),
      person: { name: '黄九', idNumber, birthDate: '1950-05-05', insuredCounty: 'taishan' },
    },
  });
  expect(contradicted).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  const issue = contradicted.body.issues.find((i: any) => i.path === 'body.application.person.birthDate');
  expect(issue.message).toContain('1970-05-05');
  expect(await prisma.careEpisode.count({ where: { applicationNo: appNo } })).toBe(0);

  const wrongCheck = `${idNumber.slice(0, 17)}${idNumber[17] === '0' ? '1' : '0'}`;
  const noProvince = idNumberOf('990781', '1950-01-01', 1);
  for (const bad of [wrongCheck, noProvince]) {
    const refusals = [
      await svc.call(as('taishan.finance'), 'POST', '/care/outpatient-payable', { idNumber: bad, date: '2026-01-01' }),
      await svc.call(as('taishan.finance'), 'POST', '/special-disease/coverage', {
        idNumber: bad,
        diseaseCode: 'MT001',
        date: '2026-01-01',
      }),
      await svc.call(as('taishan.hospital'), 'POST', '/care/admissions', {
        idNumber: bad,
        hospitalName: '台山市人民医院',
        admittedOn: '2026-01-01',
      }),
      await svc.call(as('taishan.clerk'), 'POST', '/cases', {
        itemCode: '442189209003',
        applicationNo: applicationNo('ID'),
        jurisdiction: 'taishan',
        applicant: { name: '黄九', idNumber: bad },
      }),
    ];
    for (const r of refusals) expect(r).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  }
});

test('an admission refused while a geriatric ward is open cites 000 §14, not the family-bed §12', async () => {
  const idNumber = newIdNumber();
  const applied = await svc.call(as('taishan.hospital'), 'POST', '/care/geriatric-wards', {
    applicationNo: applicationNo('GW'),
    application: eligibleGeriatricWard(idNumber),
  });
  expect(applied.status).toBe(201);
  expect((await act('taishan.reviewer', applied.body.id, { action: 'approve', reason: '符合条件' })).body.status).toBe('opened');
  const refused = await admit(idNumber, shanghaiDate(Date.now()));
  expect(refused).toMatchObject({
    status: 409,
    body: { code: 'ADMISSION_REFUSED_BED_OPEN', facts: { episodeId: applied.body.id, kind: 'geriatric_ward', article: '000 §14(三)' } },
  });
  expect(refused.body.message).toContain('000 §14');
  expect(refused.body.message).not.toContain('§12');
  expect(refused.body.message).toContain('老年病区');
});

test('only a facility the register designates for family beds today may apply (000 §8; the register of issue 17)', async () => {
  const code = `HT${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const username = `clinic.${code.toLowerCase()}`;
  const demo = await prisma.user.findUniqueOrThrow({ where: { username: 'taishan.hospital' }, select: { passwordHash: true } });
  await prisma.user.create({
    data: {
      username,
      displayName: '测试卫生院',
      role: 'institution',
      jurisdiction: 'taishan',
      institutionCode: code,
      passwordHash: demo.passwordHash,
    },
  });
  const load = (services: string[]) =>
    svc.call(as('municipal.admin'), 'PUT', `/outpatient/facilities/${code}`, {
      name: '台山市测试卫生院',
      county: '台山市',
      jurisdiction: 'taishan',
      grade: 1,
      services,
    });
  const token = await svc.login(username);
  const apply = () =>
    svc.call(token, 'POST', '/care/family-beds', {
      applicationNo: applicationNo('FB'),
      application: eligibleFamilyBed(newIdNumber(), shanghaiDate(Date.now())),
    });
  expect((await load(['general_outpatient'])).status).toBe(200);
  const refused = await apply();
  expect(refused).toMatchObject({ status: 403, body: { code: 'ROLE_NOT_ALLOWED', facts: { institutionCode: code } } });
  expect(refused.body.message).toContain('台山市测试卫生院');
  expect((await load(['general_outpatient', 'family_beds'])).status).toBe(200);
  expect((await apply()).status).toBe(201);
});
