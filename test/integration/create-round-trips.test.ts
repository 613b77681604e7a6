/**
 * The create route's database statements (issue 19, "the full path, close to the floor"): each is a
 * round trip the clerk waits for. The API runs on a client of its own that logs every statement, the
 * worker on another, so only the API's are counted. The rules the statements serve are kept (see
 * service-case-http and service-case-counter-http): another person's number refused, a repeat of an
 * open case answered 200, an unknown item refused, the person recorded only under their own claim.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';
import { loadConfig } from '../../platform/config';
import { startApi, startWorker, type RunningApi, type RunningWorker } from '../../platform/service';
import { DEMO_PASSWORD } from '../../prisma/seed';
import { personKeyOf } from '../../store/persons';
import { applicationNo, requiredEnv, testLogger, testPrisma } from '../support/env';
import { randomIdNumber } from '../support/id-number';

const prisma = testPrisma();
const apiPrisma = new PrismaClient({
  adapter: new PrismaPg({ connectionString: requiredEnv('DATABASE_URL'), max: 4 }),
  log: [{ emit: 'event', level: 'query' }],
});
const statements: string[] = [];
apiPrisma.$on('query', (e) => statements.push(e.query));

let worker: RunningWorker;
let api: RunningApi;
let token: string;

async function call(path: string, body: unknown, bearer?: string) {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
  const config = loadConfig({
    ...process.env,
    HTTP_PORT: '0',
    TEMPORAL_TASK_QUEUE: `it-create-round-trips-${randomUUID()}`,
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    AUTH_JWKS_URL: undefined,
  });
  const temporalAddress = requiredEnv('TEMPORAL_ADDRESS');
  worker = await startWorker({ config, temporalAddress, prisma, logger: testLogger });
  api = await startApi({ config, temporalAddress, prisma: apiPrisma, logger: testLogger });
  token = (await call('/auth/token', { username: 'taishan.clerk', password: DEMO_PASSWORD })).body.token;
}, 120_000);

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await apiPrisma.$disconnect();
  await prisma.$disconnect();
});

const RETIREMENT = '442189209003';

test('a case is created with six statements: the user, three reads at once, the claim with the person, the row', async () => {
  const idNumber = randomIdNumber();
  const body = { itemCode: RETIREMENT, applicationNo: applicationNo('RT'), jurisdiction: 'taishan', applicant: { name: '李四', idNumber } };
  statements.length = 0;
  const created = await call('/cases', body, token);
  expect(created.status).toBe(201);
  // 11 before issue 19's round-trip work: the claim read twice, its insert, the person upsert, reads one by one
  expect(statements).toHaveLength(6);
  // the claim and the person, both held
  expect(await prisma.applicationNumber.findUnique({ where: { applicationNo: body.applicationNo } })).toMatchObject({
    applicantIdNumber: idNumber,
    caseId: created.body.id,
  });
  expect(await prisma.person.findUnique({ where: { personKey: personKeyOf(idNumber) } })).toMatchObject({ idNumber });

  // another person with the same number: refused, and their ID number not recorded
  const other = randomIdNumber({ birthDate: '1961-02-03' });
  const refused = await call('/cases', { ...body, applicant: { name: '王五', idNumber: other } }, token);
  expect(refused).toMatchObject({ status: 409, body: { code: 'APPLICATION_NO_TAKEN' } });
  expect(await prisma.person.findUnique({ where: { personKey: personKeyOf(other) } })).toBeNull();

  // the same request again: the open case, 200
  const again = await call('/cases', body, token);
  expect(again).toMatchObject({ status: 200, body: { id: created.body.id } });
}, 60_000);

test('an unknown item is refused before anything is written', async () => {
  const idNumber = randomIdNumber();
  const no = applicationNo('RT');
  const applicant = { name: '李四', idNumber };
  const unknown = await call('/cases', { itemCode: '999999999999', applicationNo: no, jurisdiction: 'taishan', applicant }, token);
  expect(unknown).toMatchObject({ status: 404, body: { code: 'ITEM_NOT_FOUND' } });
  // an unknown item claims no number and records no person
  expect(await prisma.applicationNumber.findUnique({ where: { applicationNo: no } })).toBeNull();
  expect(await prisma.person.findUnique({ where: { personKey: personKeyOf(idNumber) } })).toBeNull();
}, 60_000);
