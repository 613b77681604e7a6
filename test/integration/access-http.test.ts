/**
 * The one visibility policy (domain/access-policy.ts) and institution users over real HTTP, with the
 * real worker, dev server and PostgreSQL: lists filtered in the query by role and office (13.6),
 * institution users acting and reading only as their own institution (12.7), ID numbers kept out
 * of URLs and masked where the policy says so.
 */
import { randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import { shanghaiDate } from '../../domain/dates';
import { eligibleFamilyBed, eligibleGeriatricWard, newIdNumber } from '../support/care';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;
const users = [
  'taishan.hospital',
  'taishan.clinic',
  'taishan.reviewer',
  'taishan.clerk',
  'taishan.finance',
  'taishan.supervisor',
  'kaiping.hospital',
  'municipal.hospital',
  'municipal.clerk',
  'municipal.reviewer',
  'municipal.supervisor',
  'municipal.fiscal',
];

beforeAll(async () => {
  svc = await startTestService(prisma, `it-access-${randomUUID()}`);
  for (const u of users) tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const countyOf = (user: string) => user.split('.')[0]!;
const certify = (user: string, institutionCode: string, diseaseCode = 'MT001', insuredPlace = countyOf(user)) =>
  svc.call(as(user), 'POST', '/special-disease/certifications', {
    person: { name: '钱七', idNumber: newIdNumber() },
    insuredPlace,
    diseaseCode,
    institutionCode,
  });
const listCertifications = async (user: string, query = '') => {
  const res = await svc.call(as(user), 'GET', `/special-disease/certifications?pageSize=200${query}`);
  return { status: res.status, ids: (res.body.items ?? []).map((c: { id: string }) => c.id) as string[], body: res.body };
};

test('the institution claim is in the token and on /me', async () => {
  expect(decodeJwt(as('taishan.hospital'))).toMatchObject({ role: 'institution', institution: 'H44078101' });
  expect(decodeJwt(as('taishan.clerk')).institution).toBeUndefined();
  expect((await svc.call(as('taishan.clinic'), 'GET', '/me')).body).toMatchObject({ role: 'institution', institutionCode: 'H44078111' });
});

test('an institution certifies only under its own code and only for diseases it is qualified for (000 §15)', async () => {
  const foreign = await certify('taishan.hospital', 'H44078301');
  expect(foreign).toMatchObject({ status: 403, body: { code: 'ROLE_NOT_ALLOWED', facts: { actorInstitutionCode: 'H44078101' } } });
  // 台山市人民医院 is not qualified for MT004 (malignant tumours); the clinic for nothing.
  expect(await certify('taishan.hospital', 'H44078101', 'MT004')).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  expect(await certify('taishan.clinic', 'H44078111')).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  expect((await certify('taishan.hospital', 'H44078101')).status).toBe(201);
});

test('certification lists: a municipal clerk and a municipal institution see 市本级 only; an institution its own', async () => {
  const taishan = (await certify('taishan.hospital', 'H44078101')).body;
  const kaiping = (await certify('kaiping.hospital', 'H44078301')).body;
  const municipal = (await certify('municipal.hospital', 'H44070001')).body;
  expect([taishan.jurisdiction, kaiping.jurisdiction, municipal.jurisdiction]).toEqual(['taishan', 'kaiping', 'municipal']);

  for (const user of ['municipal.clerk', 'municipal.hospital', 'municipal.reviewer']) {
    const seen = await listCertifications(user);
    expect(seen.status).toBe(200);
    // (other test files add certifications to the shared database: positives are read one by one)
    expect((await svc.call(as(user), 'GET', `/special-disease/certifications/${encodeURIComponent(municipal.id)}`)).status).toBe(200);
    expect(seen.ids).not.toContain(taishan.id);
    expect(seen.ids).not.toContain(kaiping.id);
    // Staff see 市本级's records; the institution its own, of residents of any insured place.
    expect(
      seen.body.items.every((c: { jurisdiction: string; institutionCode: string }) =>
        user === 'municipal.hospital' ? c.institutionCode === 'H44070001' : c.jurisdiction === 'municipal',
      ),
    ).toBe(true);
    const asked = await listCertifications(user, '&county=taishan');
    if (user === 'municipal.hospital') {
      // An institution's certifications may be held by any insured place (000 §16–§17): it may ask
      // for a county, and sees only its own there.
      expect(asked.status).toBe(200);
      expect(asked.ids).not.toContain(taishan.id);
    } else {
      expect(asked.status).toBe(403);
    }
    expect((await svc.call(as(user), 'GET', `/special-disease/certifications/${encodeURIComponent(taishan.id)}`)).status).toBe(403);
  }
  // A 台山 hospital's certification of a 开平 resident is 开平's record, and still the hospital's.
  const resident = (await certify('taishan.hospital', 'H44078101', 'MT001', 'kaiping')).body;
  expect(resident).toMatchObject({ jurisdiction: 'kaiping', institutionCode: 'H44078101' });
  expect((await svc.call(as('taishan.hospital'), 'GET', `/special-disease/certifications/${encodeURIComponent(resident.id)}`)).status).toBe(
    200,
  );
  expect((await svc.call(as('taishan.clerk'), 'GET', `/special-disease/certifications/${encodeURIComponent(resident.id)}`)).status).toBe(
    403,
  );
  // The municipal supervisor oversees every county; the 台山 supervisor 台山 only.
  const overseen = await listCertifications('municipal.supervisor', '&county=taishan');
  expect(overseen.status).toBe(200);
  expect(overseen.body.items.every((c: { jurisdiction: string }) => c.jurisdiction === 'taishan')).toBe(true);
  expect(
    (await svc.call(as('municipal.supervisor'), 'GET', `/special-disease/certifications/${encodeURIComponent(taishan.id)}`)).status,
  ).toBe(200);
  expect((await listCertifications('taishan.supervisor', '&county=kaiping')).status).toBe(403);

  // Two institutions of one county: each sees its own records only.
  const clinicSees = await listCertifications('taishan.clinic');
  expect(clinicSees.ids).not.toContain(taishan.id);
  expect((await svc.call(as('taishan.clinic'), 'GET', `/special-disease/certifications/${encodeURIComponent(taishan.id)}`)).status).toBe(
    403,
  );
  expect(
    (
      await svc.call(as('taishan.clinic'), 'POST', `/special-disease/certifications/${encodeURIComponent(taishan.id)}/actions`, {
        action: 'renew',
      })
    ).status,
  ).toBe(403);
  const hospitalSees = await listCertifications('taishan.hospital');
  expect(hospitalSees.body.items.every((c: { institutionCode: string }) => c.institutionCode === 'H44078101')).toBe(true);
  // Finance staff have no certification records (they ask the coverage question instead).
  expect((await listCertifications('taishan.finance')).status).toBe(403);
});

test("fund requests are the agency's finance business: an institution reads none", async () => {
  const month = shanghaiDate(Date.now()).slice(0, 7);
  const started = await svc.call(as('taishan.finance'), 'POST', '/fund/requests', { kind: 'turnover', period: month });
  expect([200, 201]).toContain(started.status);
  const id = started.body.id as string;
  expect((await svc.call(as('taishan.hospital'), 'GET', '/fund/requests')).body.code).toBe('ROLE_NOT_ALLOWED');
  expect((await svc.call(as('taishan.hospital'), 'GET', `/fund/requests/${encodeURIComponent(id)}`)).status).toBe(403);
  expect((await svc.call(as('taishan.clerk'), 'GET', '/fund/requests')).status).toBe(403);
  expect((await svc.call(as('taishan.finance'), 'GET', `/fund/requests/${encodeURIComponent(id)}`)).status).toBe(200);
  // The municipal finance department sees 市本级's requests, not 台山's.
  const fiscal = await svc.call(as('municipal.fiscal'), 'GET', '/fund/requests?pageSize=200');
  expect(fiscal.body.items.map((r: { id: string }) => r.id)).not.toContain(id);
  const refusals = await prisma.securityEvent.count({ where: { actor: 'taishan.hospital', target: id } });
  expect(refusals).toBeGreaterThanOrEqual(1);
});

test('family beds: only a designated institution applies (000 §8); another institution neither sees nor closes the bed (000 §11)', async () => {
  const today = shanghaiDate(Date.now());
  const notDesignated = await svc.call(as('municipal.hospital'), 'POST', '/care/family-beds', {
    applicationNo: applicationNo('FB'),
    application: eligibleFamilyBed(newIdNumber(), today),
  });
  expect(notDesignated).toMatchObject({ status: 403, body: { code: 'ROLE_NOT_ALLOWED', facts: { institutionCode: 'H44070001' } } });
  const idNumber = newIdNumber();
  const applied = await svc.call(as('taishan.hospital'), 'POST', '/care/family-beds', {
    applicationNo: applicationNo('FB'),
    application: eligibleFamilyBed(idNumber, today),
  });
  expect(applied.status).toBe(201);
  const id = applied.body.id as string;
  expect(applied.body.person.idNumber).toBe(idNumber); // the submitting institution sees it in full
  const approved = await svc.call(as('taishan.reviewer'), 'POST', `/care/episodes/${encodeURIComponent(id)}/actions`, {
    action: 'approve',
    reason: '符合条件',
  });
  expect(approved.body).toMatchObject({ status: 'opened' });
  expect(approved.body.person.idNumber).not.toBe(idNumber); // a reviewer sees it masked

  const close = { action: 'close', ground: 'cured', closedOn: today, certificateNo: `CB-${randomUUID().slice(0, 6)}` };
  const foreignClose = await svc.call(as('taishan.clinic'), 'POST', `/care/episodes/${encodeURIComponent(id)}/actions`, close);
  expect(foreignClose).toMatchObject({ status: 403, body: { code: 'OUT_OF_JURISDICTION' } });
  expect((await svc.call(as('taishan.clinic'), 'GET', `/care/episodes/${encodeURIComponent(id)}`)).status).toBe(403);
  const clinicList = await svc.call(as('taishan.clinic'), 'GET', '/care/episodes?pageSize=200');
  expect(clinicList.body.items.map((e: { id: string }) => e.id)).not.toContain(id);
  const hospitalList = await svc.call(as('taishan.hospital'), 'GET', '/care/episodes?pageSize=200');
  expect(hospitalList.body.items.map((e: { id: string }) => e.id)).toContain(id);

  const closed = await svc.call(as('taishan.hospital'), 'POST', `/care/episodes/${encodeURIComponent(id)}/actions`, close);
  expect(closed.body).toMatchObject({ status: 'closed', closingGround: 'cured' });

  // Detail pages: the reviewer sees the stored application with the ID number masked too.
  const detail = await svc.call(as('taishan.reviewer'), 'GET', `/care/episodes/${encodeURIComponent(id)}`);
  expect(JSON.stringify(detail.body)).not.toContain(idNumber);
});

test('a geriatric-ward application from an institution without an approved ward is refused (000 §13)', async () => {
  const res = await svc.call(as('taishan.clinic'), 'POST', '/care/geriatric-wards', {
    applicationNo: applicationNo('GW'),
    application: eligibleGeriatricWard(newIdNumber()),
  });
  expect(res).toMatchObject({
    status: 403,
    body: { code: 'ROLE_NOT_ALLOWED', facts: { institutionCode: 'H44078111', kind: 'geriatric_ward' } },
  });
});

test('service cases: an institution lists only its own submissions', async () => {
  const body = (no: string) => ({
    itemCode: '442189209003',
    applicationNo: no,
    jurisdiction: 'taishan',
    channel: 'online',
    applicant: { name: '孙八', idNumber: newIdNumber() },
  });
  const mine = await svc.call(as('taishan.hospital'), 'POST', '/cases', body(applicationNo('AC')), { 'idempotency-key': randomUUID() });
  expect(mine.status).toBe(201);
  const clinicCases = await svc.call(as('taishan.clinic'), 'GET', '/cases?pageSize=200');
  expect(clinicCases.body.items.map((c: { id: string }) => c.id)).not.toContain(mine.body.id);
  expect((await svc.call(as('taishan.clinic'), 'GET', `/cases/${encodeURIComponent(mine.body.id)}`)).status).toBe(403);
  const hospitalCases = await svc.call(as('taishan.hospital'), 'GET', '/cases?pageSize=200');
  expect(hospitalCases.body.items.map((c: { id: string }) => c.id)).toContain(mine.body.id);
});
