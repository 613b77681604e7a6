/**
 * Find a person over HTTP (issue 18): by ID number, name or application number across processes,
 * the person's page within the user's visibility, the full ID number only to the counter clerk and
 * each such read logged. 鹤山 (heshan) is this file's county with the work-queue test's users.
 */
import { randomUUID } from 'node:crypto';
import { applicationNo, testPrisma } from '../support/env';
import { idNumberOf } from '../support/id-number';
import { startTestService, type TestService } from '../support/service';
import { RETIREMENT } from '../support/tasks';
import { ensureUsers } from '../support/users';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  await ensureUsers(prisma, [
    { username: 'heshan.clerk', displayName: '鹤山窗口受理人员', role: 'window_clerk', jurisdiction: 'heshan' },
    { username: 'heshan.reviewer', displayName: '鹤山审核员甲', role: 'reviewer', jurisdiction: 'heshan' },
  ]);
  svc = await startTestService(prisma, `it-people-${randomUUID()}`);
  for (const u of ['heshan.clerk', 'heshan.reviewer', 'taishan.clerk', 'heshan.supervisor']) tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const seq = Math.floor(Math.random() * 900) + 50;
const person = { name: `梁${randomUUID().slice(0, 4)}`, idNumber: idNumberOf('440784', '1955-05-05', seq) };

test('a person is found by ID number, name or application number; the page lists their records; full ID for the clerk only, logged', async () => {
  const appNos = [applicationNo('HSP'), applicationNo('HSP')];
  for (const no of appNos) {
    const created = await svc.call(as('heshan.clerk'), 'POST', '/cases', {
      itemCode: RETIREMENT,
      applicationNo: no,
      jurisdiction: 'heshan',
      applicant: person,
    });
    expect(created.status).toBe(201);
  }
  for (const q of [person.idNumber, person.name, appNos[1]!]) {
    const found = await svc.call(as('heshan.reviewer'), 'POST', '/people/search', { q });
    expect(found.status).toBe(200);
    expect(found.body.people).toHaveLength(1);
    expect(found.body.people[0]).toMatchObject({
      name: person.name,
      idNumber: `440784********${person.idNumber.slice(-4)}`,
      processes: ['政务服务事项'],
    });
    expect(found.body.people[0].records).toBe(q === appNos[1] ? 1 : 2);
  }
  const key = (await svc.call(as('heshan.reviewer'), 'POST', '/people/search', { q: person.idNumber })).body.people[0].personKey as string;
  // issue 13 §10: the ID number travels in the body; the query-string search is not served
  expect((await svc.call(as('heshan.reviewer'), 'GET', `/people?q=${person.idNumber}`)).status).toBe(404);

  const before = await prisma.idNumberRead.count({ where: { personKey: key } });
  const asReviewer = await svc.call(as('heshan.reviewer'), 'GET', `/people/${key}`);
  expect(asReviewer.body).toMatchObject({ name: person.name, idNumberShown: 'masked' });
  expect(asReviewer.body.records.map((r: { reference: string }) => r.reference).sort()).toEqual([...appNos].sort());
  expect(JSON.stringify(asReviewer.body)).not.toContain(person.idNumber);
  expect(await prisma.idNumberRead.count({ where: { personKey: key } })).toBe(before);

  const asClerk = await svc.call(as('heshan.clerk'), 'GET', `/people/${key}`);
  expect(asClerk.body).toMatchObject({ idNumber: person.idNumber, idNumberShown: 'full' });
  const reads = await prisma.idNumberRead.findMany({ where: { personKey: key }, orderBy: { id: 'asc' } });
  expect(reads.at(-1)).toMatchObject({ username: 'heshan.clerk', role: 'window_clerk', office: 'heshan', route: 'GET /people/:personKey' });

  // a case page with the full number is a read too
  const id = `service-case:${RETIREMENT}:${appNos[0]}`;
  expect((await svc.call(as('heshan.clerk'), 'GET', `/cases/${encodeURIComponent(id)}`)).body.applicant.idNumber).toBe(person.idNumber);
  expect((await prisma.idNumberRead.findMany({ where: { personKey: key }, orderBy: { id: 'desc' }, take: 1 }))[0]).toMatchObject({
    route: 'GET /cases/:id',
  });

  // another county's clerk finds nothing and cannot open the page
  expect((await svc.call(as('taishan.clerk'), 'POST', '/people/search', { q: person.idNumber })).body.people).toEqual([]);
  expect((await svc.call(as('taishan.clerk'), 'GET', `/people/${key}`)).status).toBe(404);
  expect((await svc.call(as('heshan.reviewer'), 'POST', '/people/search', { q: 'x' })).body.code).toBe('VALIDATION_FAILED');
});
