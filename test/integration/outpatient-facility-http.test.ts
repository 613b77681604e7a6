/**
 * General-outpatient designated facilities over HTTP with the real worker, dev server and
 * PostgreSQL: the register an administrator loads, choosing, changing, refusing, and the
 * settlement side's question for any date (issue 17).
 */
import { randomUUID } from 'node:crypto';
import { testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-outpatient-facility-${randomUUID()}`);
  for (const u of ['municipal.admin', 'taishan.clerk', 'kaiping.clerk', 'taishan.clinic', 'taishan.finance']) tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

describe('the register of designated facilities', () => {
  test('is seeded with the facilities the code knew and loaded by administrators only', async () => {
    const seeded = await svc.call(as('taishan.clerk'), 'GET', '/outpatient/facilities?service=general_outpatient');
    expect(seeded.status).toBe(200);
    expect(seeded.body.map((f: { code: string }) => f.code)).toEqual(expect.arrayContaining(['H44070001', 'H44078101', 'H44078301', 'H44078111']));
    expect(seeded.body.find((f: { code: string }) => f.code === 'H44078111')).toMatchObject({ grade: 1, county: '台山市', services: ['general_outpatient', 'family_beds'] });

    const body = { name: '广州市天河区某社区卫生服务中心', county: '广州市天河区', grade: 1, offsite: true, services: ['general_outpatient'] };
    expect(await svc.call(as('taishan.clerk'), 'PUT', '/outpatient/facilities/G44010601', body)).toMatchObject({ status: 403, body: { code: 'ROLE_NOT_ALLOWED' } });
    const loaded = await svc.call(as('municipal.admin'), 'PUT', '/outpatient/facilities/G44010601', body);
    expect(loaded).toMatchObject({ status: 200, body: { code: 'G44010601', offsite: true, jurisdiction: null, updatedBy: 'municipal.admin' } });
    const offsite = await svc.call(as('taishan.clerk'), 'GET', '/outpatient/facilities?offsite=true');
    expect(offsite.body.map((f: { code: string }) => f.code)).toContain('G44010601');
  });

  test('refuses a facility the rules cannot use, with the field', async () => {
    const bad = await svc.call(as('municipal.admin'), 'PUT', '/outpatient/facilities/H1', { name: '某医院', county: '蓬江区', grade: 4, services: ['general_outpatient'] });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const noAgency = await svc.call(as('municipal.admin'), 'PUT', '/outpatient/facilities/H1', { name: '某医院', county: '蓬江区', grade: 2, services: ['general_outpatient'] });
    expect(noAgency).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await prisma.designatedFacility.findUnique({ where: { code: 'H1' } })).toBeNull();
  });
});
