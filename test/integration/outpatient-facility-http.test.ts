/**
 * General-outpatient designated facilities over HTTP with the real worker, dev server and
 * PostgreSQL: the register an administrator loads, choosing, changing, refusing, and the
 * settlement side's question for any date (issue 17).
 */
import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDate } from '../../domain/dates';
import { changeWindow } from '../../domain/outpatient-facility';
import { newIdNumber } from '../support/care';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-outpatient-facility-${randomUUID()}`);
  for (const u of [
    'municipal.admin',
    'taishan.clerk',
    'kaiping.clerk',
    'taishan.clinic',
    'taishan.finance',
    'taishan.hospital',
    'taishan.supervisor',
  ])
    tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

describe('the register of designated facilities', () => {
  test('is seeded with the facilities the code knew and loaded by administrators only', async () => {
    const seeded = await svc.call(as('taishan.clerk'), 'GET', '/outpatient/facilities?service=general_outpatient');
    expect(seeded.status).toBe(200);
    expect(seeded.body.map((f: { code: string }) => f.code)).toEqual(
      expect.arrayContaining(['H44070001', 'H44078101', 'H44078301', 'H44078111']),
    );
    expect(seeded.body.find((f: { code: string }) => f.code === 'H44078111')).toMatchObject({
      grade: 1,
      county: '台山市',
      services: ['general_outpatient', 'family_beds'],
    });

    const body = {
      name: '广州市天河区某社区卫生服务中心',
      county: '广州市天河区',
      province: '广东省',
      city: '广州市',
      grade: 1,
      offsite: true,
      services: ['general_outpatient'],
    };
    // an off-site facility without its place cannot be matched to a filing's place of care (003 tip 2)
    const noPlace = await svc.call(as('municipal.admin'), 'PUT', '/outpatient/facilities/G44010601', { ...body, city: undefined });
    expect(noPlace).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await svc.call(as('taishan.clerk'), 'PUT', '/outpatient/facilities/G44010601', body)).toMatchObject({
      status: 403,
      body: { code: 'ROLE_NOT_ALLOWED' },
    });
    const loaded = await svc.call(as('municipal.admin'), 'PUT', '/outpatient/facilities/G44010601', body);
    expect(loaded).toMatchObject({
      status: 200,
      body: { code: 'G44010601', offsite: true, jurisdiction: null, updatedBy: 'municipal.admin' },
    });
    const offsite = await svc.call(as('taishan.clerk'), 'GET', '/outpatient/facilities?offsite=true');
    expect(offsite.body.map((f: { code: string }) => f.code)).toContain('G44010601');
  });

  test('refuses a facility the rules cannot use, with the field', async () => {
    const bad = await svc.call(as('municipal.admin'), 'PUT', '/outpatient/facilities/H1', {
      name: '某医院',
      county: '蓬江区',
      grade: 4,
      services: ['general_outpatient'],
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const noAgency = await svc.call(as('municipal.admin'), 'PUT', '/outpatient/facilities/H1', {
      name: '某医院',
      county: '蓬江区',
      grade: 2,
      services: ['general_outpatient'],
    });
    expect(noAgency).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await prisma.designatedFacility.findUnique({ where: { code: 'H1' } })).toBeNull();
  });
});

describe('choosing, changing and the settlement-side query', () => {
  const today = shanghaiDate(Date.now());
  const window = changeWindow(today);
  const counterChoice = (idNumber: string, codes: string[], extra: object = {}) => ({
    action: 'choose',
    person: { name: '选点', idNumber },
    jurisdiction: 'taishan',
    channel: 'counter',
    formRef: 'DJ-1',
    insuranceKind: 'employee',
    facilities: codes.map((code) => ({ code })),
    ...extra,
  });
  const onDate = (idNumber: string, date: string) =>
    svc.call(as('taishan.finance'), 'POST', '/outpatient/facility-on-date', { idNumber, date });
  const audit = (id: string) =>
    prisma.auditEvent.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' }, select: { action: true, actor: true } });

  test('the supervision summary counts the people whose choice is recorded, per county (the registry entry)', async () => {
    const registered = async () =>
      (await svc.call(as('taishan.supervisor'), 'GET', '/supervision/summary')).body.counties.find((c: any) => c.county === 'taishan')
        .registered.outpatient_facility.open as number;
    const before = await registered();
    const chosen = await svc.call(as('taishan.clerk'), 'POST', '/outpatient/choices', counterChoice(newIdNumber(), ['H44078111']));
    expect(chosen.status).toBe(200);
    // At least this one: other files register people in this county meanwhile (the suite shares one database).
    expect(await registered()).toBeGreaterThanOrEqual(before + 1);
  });

  test('a registration is in force from today; a second one and a mid-year change on another ground are refused with the dates', async () => {
    const idNumber = newIdNumber();
    const chosen = await svc.call(as('taishan.clerk'), 'POST', '/outpatient/choices', counterChoice(idNumber, ['H44078111']));
    expect(chosen).toMatchObject({
      status: 200,
      body: { version: 1, jurisdiction: 'taishan', today: { facilities: [{ code: 'H44078111', usable: true }] } },
    });
    expect(chosen.body.person.idNumber).not.toBe(idNumber); // masked
    const id = chosen.body.id as string;
    expect(id).not.toContain(idNumber);
    expect(chosen.body.choices[0]).toMatchObject({
      action: 'choose',
      effectiveFrom: today,
      by: 'taishan.clerk',
      channel: 'counter',
      formRef: 'DJ-1',
    });

    expect((await onDate(idNumber, today)).body).toMatchObject({
      facilities: [{ code: 'H44078111', grade: 1, usable: true }],
      carriedOver: false,
    });
    expect((await onDate(idNumber, addDays(today, -1))).body).toMatchObject({ choice: null, facilities: [] });
    expect((await onDate(idNumber, addDays(today, 800))).body).toMatchObject({ carriedOver: true, facilities: [{ code: 'H44078111' }] });

    const again = await svc.call(as('kaiping.clerk'), 'POST', '/outpatient/choices', counterChoice(idNumber, ['H44078301']));
    expect(again).toMatchObject({
      status: 409,
      body: { code: 'FACILITY_ALREADY_CHOSEN', facts: { windowOpens: window.opens, nextEffectiveFrom: window.effectiveFrom } },
    });
    const other = await svc.call(as('taishan.clerk'), 'POST', '/outpatient/choices', {
      ...counterChoice(idNumber, ['H44078101']),
      action: 'change_mid_year',
      ground: 'other',
      evidence: '想换医院',
    });
    expect(other).toMatchObject({
      status: 409,
      body: { code: 'CHANGE_WINDOW_CLOSED', facts: { windowOpens: window.opens, windowCloses: window.closes } },
    });
    expect(other.body.message).toMatch(/[\u4e00-\u9fff]/);
    const elsewhere = await svc.call(as('kaiping.clerk'), 'POST', '/outpatient/choices', {
      ...counterChoice(idNumber, ['H44078101']),
      action: 'change_mid_year',
      ground: 'moved_house',
      evidence: '居住证明',
    });
    expect(elsewhere).toMatchObject({ status: 403, body: { code: 'OUT_OF_JURISDICTION' } });
    expect(await audit(id)).toEqual([{ action: 'choose', actor: 'taishan.clerk' }]); // nothing else recorded

    const moved = await svc.call(as('taishan.clerk'), 'POST', '/outpatient/choices', {
      ...counterChoice(idNumber, ['H44078101']),
      action: 'change_mid_year',
      ground: 'moved_house',
      evidence: '新住址居住证明',
      formRef: 'BG-1',
    });
    expect(moved).toMatchObject({ status: 200, body: { version: 2, today: { facilities: [{ code: 'H44078101' }] } } });
    expect((await onDate(idNumber, addDays(today, -1))).body).toMatchObject({ facilities: [] });

    const nextYear = await svc.call(as('taishan.clerk'), 'POST', '/outpatient/choices', {
      ...counterChoice(idNumber, ['H44078111']),
      action: 'change_next_year',
    });
    if (window.open) {
      expect(nextYear).toMatchObject({
        status: 200,
        body: { pending: { effectiveFrom: window.effectiveFrom, facilities: [{ code: 'H44078111' }] } },
      });
      expect((await onDate(idNumber, addDays(window.effectiveFrom, -1))).body).toMatchObject({ facilities: [{ code: 'H44078101' }] });
      expect((await onDate(idNumber, window.effectiveFrom)).body).toMatchObject({ facilities: [{ code: 'H44078111' }] });
    } else {
      expect(nextYear).toMatchObject({ status: 409, body: { code: 'CHANGE_WINDOW_CLOSED', facts: { windowOpens: window.opens } } });
    }
    const lookup = await svc.call(as('taishan.clerk'), 'POST', '/outpatient/choices/lookup', { idNumber });
    expect(lookup.body.choices.map((c: { action: string }) => c.action)).toEqual([
      'choose',
      'change_mid_year',
      ...(window.open ? ['change_next_year'] : []),
    ]);
  });

  test('the facility itself may register a choice of itself only; an unknown facility is refused', async () => {
    const idNumber = newIdNumber();
    const byClinic = (code: string) =>
      svc.call(as('taishan.clinic'), 'POST', '/outpatient/choices', {
        ...counterChoice(idNumber, [code]),
        channel: 'institution',
        formRef: undefined,
        insuranceKind: 'resident',
      });
    expect(await byClinic('H44078101')).toMatchObject({ status: 403, body: { code: 'ROLE_NOT_ALLOWED' } });
    expect(await svc.call(as('taishan.clerk'), 'POST', '/outpatient/choices', counterChoice(idNumber, ['X0000']))).toMatchObject({
      status: 404,
      body: { code: 'FACILITY_NOT_FOUND' },
    });
    expect(await byClinic('H44078111')).toMatchObject({
      status: 200,
      body: { choices: [{ channel: 'institution', by: 'taishan.clinic' }] },
    });
  });

  test('off-site choices for a long-term filer, with the filing recorded; combinations refused', async () => {
    const admin = as('municipal.admin');
    await svc.call(admin, 'PUT', '/outpatient/facilities/G44010601', {
      name: '广州市天河区某社区卫生服务中心',
      county: '广州市天河区',
      province: '广东省',
      city: '广州市',
      grade: 1,
      offsite: true,
      services: ['general_outpatient'],
    });
    await svc.call(admin, 'PUT', '/outpatient/facilities/G44010001', {
      name: '广州市某三级医院',
      county: '广州市越秀区',
      province: '广东省',
      city: '广州市',
      grade: 3,
      offsite: true,
      services: ['general_outpatient'],
    });
    const filing = {
      filingNo: 'YD-IT-1',
      basis: 'materials',
      validFrom: today,
      validTo: addDays(today, 30),
      evidence: '异地长期备案回执（窗口核验）',
    };
    const resident = await svc.call(
      as('taishan.clerk'),
      'POST',
      '/outpatient/choices',
      counterChoice(newIdNumber(), ['G44010601', 'G44010001'], { insuranceKind: 'resident', remoteFiling: filing }),
    );
    expect(resident).toMatchObject({
      status: 409,
      body: { code: 'ELIGIBILITY_UNMET', facts: { unmet: [{ code: 'RESIDENT_ONE_LEVEL1' }] } },
    });
    const noFiling = await svc.call(as('taishan.clerk'), 'POST', '/outpatient/choices', counterChoice(newIdNumber(), ['G44010601']));
    expect(noFiling).toMatchObject({
      status: 409,
      body: { code: 'ELIGIBILITY_UNMET', facts: { unmet: [{ code: 'REMOTE_FILING_REQUIRED' }] } },
    });

    const idNumber = newIdNumber();
    const employee = await svc.call(
      as('taishan.clerk'),
      'POST',
      '/outpatient/choices',
      counterChoice(idNumber, ['H44078111', 'G44010601', 'G44010001'], { remoteFiling: filing }),
    );
    expect(employee).toMatchObject({
      status: 200,
      body: { choices: [{ remoteFiling: { filingNo: 'YD-IT-1', evidence: `（登记簿无此备案，按窗口核验）${filing.evidence}` } }] },
    });
    const usable = (r: Awaited<ReturnType<typeof onDate>>) =>
      r.body.facilities.map((f: { code: string; usable: boolean }) => [f.code, f.usable]);
    expect(usable(await onDate(idNumber, addDays(today, 30)))).toEqual([
      ['H44078111', true],
      ['G44010601', true],
      ['G44010001', true],
    ]);
    expect(usable(await onDate(idNumber, addDays(today, 31)))).toEqual([
      ['H44078111', true],
      ['G44010601', false],
      ['G44010001', false],
    ]);
  });

  test('the chosen facility files an outpatient referral (000 §22); it shows in the query for its period', async () => {
    const idNumber = newIdNumber();
    expect((await svc.call(as('taishan.clerk'), 'POST', '/outpatient/choices', counterChoice(idNumber, ['H44078111']))).status).toBe(200);
    const body = {
      idNumber,
      referralNo: `ZZ-${randomUUID().slice(0, 8)}`,
      toCode: 'H44078101',
      formRef: 'FJ5-1',
      diagnosis: '需上级医院专科诊治',
      reviewedBy: '医务科 李四',
      validTo: addDays(today, 30),
    };
    expect(await svc.call(as('taishan.hospital'), 'POST', '/outpatient/referrals', body)).toMatchObject({
      status: 403,
      body: { code: 'ROLE_NOT_ALLOWED' },
    });
    expect(await svc.call(as('taishan.clerk'), 'POST', '/outpatient/referrals', body)).toMatchObject({ status: 403 });
    const filed = await svc.call(as('taishan.clinic'), 'POST', '/outpatient/referrals', body);
    expect(filed).toMatchObject({
      status: 200,
      body: { referrals: [{ referralNo: body.referralNo, from: { code: 'H44078111' }, to: { code: 'H44078101' } }] },
    });
    expect((await onDate(idNumber, addDays(today, 30))).body).toMatchObject({
      referrals: [{ to: { code: 'H44078101' }, validTo: addDays(today, 30) }],
    });
    expect((await onDate(idNumber, addDays(today, 31))).body.referrals).toEqual([]);
    expect((await audit(filed.body.id)).map((e) => e.action)).toEqual(['choose', 'file_referral']);
  });

  test("a filing in the remote-care register gives the validity and basis, not the clerk's input", async () => {
    const idNumber = newIdNumber();
    // Filed through the register's own route (a row written by hand once left a partial record
    // in the shared database, on which the promise-reminder tick of another file hung).
    const file = (filingNo: string, type: string, materials: string[], personalPromise: boolean) =>
      svc.call(as('taishan.clerk'), 'POST', '/remote-care/filings', {
        filingNo,
        type,
        place: { province: '广东省', city: '广州市' },
        materials,
        personalPromise,
        person: { name: '备案', idNumber },
      });
    const long = await file(`RC-LONG-${randomUUID().slice(0, 8)}`, 'stationed_work', ['id_document', 'filing_form'], true);
    const temp = await file(`RC-TEMP-${randomUUID().slice(0, 8)}`, 'other_temporary', ['id_document'], false);
    expect([long.status, temp.status]).toEqual([201, 201]);
    expect(long.body).toMatchObject({ status: 'active', personalPromise: true, validFrom: today });
    const declared = (filingNo: string) => ({ filingNo, basis: 'materials', validFrom: today, validTo: null, evidence: '窗口核验' });
    const onTemp = await svc.call(
      as('taishan.clerk'),
      'POST',
      '/outpatient/choices',
      counterChoice(idNumber, ['G44010601'], { remoteFiling: declared(temp.body.filingNo) }),
    );
    expect(onTemp).toMatchObject({ status: 409, body: { code: 'ELIGIBILITY_UNMET', facts: { type: 'other_temporary' } } });
    // filed on personal promise alone in the register: no local facility beside the off-site one (003 tip 3)
    const promise = await svc.call(
      as('taishan.clerk'),
      'POST',
      '/outpatient/choices',
      counterChoice(idNumber, ['H44078111', 'G44010601'], { remoteFiling: declared(long.body.filingNo) }),
    );
    expect(promise).toMatchObject({
      status: 409,
      body: { code: 'ELIGIBILITY_UNMET', facts: { unmet: [{ code: 'PROMISE_NO_LOCAL_OUTPATIENT' }] } },
    });
    const offsiteOnly = await svc.call(
      as('taishan.clerk'),
      'POST',
      '/outpatient/choices',
      counterChoice(idNumber, ['G44010601'], { remoteFiling: declared(long.body.filingNo) }),
    );
    expect(offsiteOnly).toMatchObject({
      status: 200,
      body: { choices: [{ remoteFiling: { filingNo: long.body.filingNo, basis: 'promise', validTo: null } }] },
    });
    expect(offsiteOnly.body.choices[0].remoteFiling.evidence).toContain('登记簿');

    // 003 tip 2: the off-site facility lies in the filing's place of care; a Shanghai filer cannot pick Guangzhou
    const elsewhereId = newIdNumber();
    const shanghaiFiling = await svc.call(as('taishan.clerk'), 'POST', '/remote-care/filings', {
      filingNo: `RC-SH-${randomUUID().slice(0, 8)}`,
      type: 'stationed_work',
      place: { province: '上海市', city: '上海市' },
      materials: ['id_document', 'filing_form', 'work_contract'],
      person: { name: '沪上', idNumber: elsewhereId },
    });
    expect(shanghaiFiling.status).toBe(201);
    const elsewhere = await svc.call(
      as('taishan.clerk'),
      'POST',
      '/outpatient/choices',
      counterChoice(elsewhereId, ['G44010601'], { remoteFiling: declared(shanghaiFiling.body.filingNo) }),
    );
    expect(elsewhere).toMatchObject({
      status: 409,
      body: {
        code: 'ELIGIBILITY_UNMET',
        facts: { place: { province: '上海市', city: '上海市' }, facilities: [{ code: 'G44010601', city: '广州市' }] },
      },
    });
    expect(elsewhere.body.message).toContain('上海市上海市');
  });

  test('item 9 is not opened as a generic service case', async () => {
    const created = await svc.call(as('taishan.clerk'), 'POST', '/cases', {
      itemCode: '442189208009',
      applicationNo: applicationNo('OF'),
      jurisdiction: 'taishan',
      applicant: { name: '选点', idNumber: newIdNumber() },
    });
    expect(created).toMatchObject({
      status: 409,
      body: { code: 'ITEM_HAS_OWN_PROCESS', facts: { process: 'outpatient_facility', path: '/outpatient/choices' } },
    });
  });
});
