/**
 * Issue 13 §11: workflow inputs and histories carry the person key, not the ID number. A service
 * case, a family-bed application, a special-disease certification, a remote-care filing, an
 * outpatient-facility choice (with a referral) and a reimbursement claim are made through the API;
 * each workflow's history, payloads decoded, is searched for the number; the pages still show it (in full
 * to the roles that may see it, masked in lists), resolved from the person register.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { shanghaiDate } from '../../domain/dates';
import { personKeyOf, recordPerson } from '../../store/persons';
import { eligibleFamilyBed, newIdNumber } from '../support/care';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
let connection: Connection;
let temporal: Client;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-person-register-${randomUUID()}`);
  for (const u of ['taishan.clerk', 'taishan.hospital', 'kaiping.hospital', 'kaiping.clerk', 'taishan.clinic'])
    tokens[u] = await svc.login(u);
  connection = await Connection.connect({ address: svc.temporalAddress });
  temporal = new Client({ connection });
}, 120_000);

afterAll(async () => {
  await connection?.close();
  await svc?.stop();
  await prisma.$disconnect();
});

/** Every string and every payload of a workflow's history as text (payload data decoded from its bytes). */
async function historyText(workflowId: string): Promise<string> {
  const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof Uint8Array) parts.push(Buffer.from(v).toString('utf8'));
    else if (typeof v === 'string') parts.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(history);
  return parts.join('\n');
}

test('a service case: its workflow carries the person key, the case page resolves the number', async () => {
  const idNumber = newIdNumber();
  const created = await svc.call(as('taishan.clerk'), 'POST', '/cases', {
    itemCode: '442189209003', // 职工医保退休待遇核定
    applicationNo: applicationNo('PK'),
    jurisdiction: 'taishan',
    applicant: { name: '钟一', idNumber, phone: '13800138000' },
  });
  expect(created).toMatchObject({ status: 201, body: { applicant: { name: '钟一', idNumber } } });
  const text = await historyText(created.body.id);
  expect(text).toContain('钟一'); // the decoding finds what the input does carry
  expect(text).toContain(personKeyOf(idNumber));
  expect(text).not.toContain(idNumber);
  // The counter clerk sees the number in full on the page, masked in the list (as before).
  const page = await svc.call(as('taishan.clerk'), 'GET', `/cases/${encodeURIComponent(created.body.id)}`);
  expect(page.body.applicant.idNumber).toBe(idNumber);
  const list = await svc.call(as('taishan.clerk'), 'GET', '/cases?pageSize=100');
  const listed = list.body.items.find((i: { id: string }) => i.id === created.body.id);
  expect(listed.applicant.idNumber).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
});

test('a family-bed application: the workflow carries the person key and the birth date, the episode the number', async () => {
  const idNumber = newIdNumber();
  const applied = await svc.call(as('taishan.hospital'), 'POST', '/care/family-beds', {
    applicationNo: applicationNo('PK'),
    application: eligibleFamilyBed(idNumber, shanghaiDate(Date.now())),
  });
  expect(applied.status).toBe(201);
  expect(applied.body.person.idNumber).toBe(idNumber);
  const text = await historyText(applied.body.id);
  expect(text).toContain(personKeyOf(idNumber));
  expect(text).not.toContain(idNumber);
  const row = await prisma.careEpisode.findUniqueOrThrow({ where: { id: applied.body.id } });
  expect(row.idNumber).toBe(idNumber);
  expect((row.application as { person: { idNumber: string } }).person.idNumber).toBe(idNumber);
});

test('a special-disease certification: its workflow carries the person key, the certification the number', async () => {
  const idNumber = newIdNumber();
  const created = await svc.call(as('kaiping.hospital'), 'POST', '/special-disease/certifications', {
    person: { name: '钟二', idNumber },
    insuredPlace: 'kaiping',
    diseaseCode: 'MT001',
    institutionCode: 'H44078301',
  });
  expect(created).toMatchObject({ status: 201, body: { person: { name: '钟二', idNumber } } });
  const text = await historyText(created.body.id);
  expect(text).toContain('钟二');
  expect(text).not.toContain(idNumber);
  expect(await prisma.person.findUnique({ where: { personKey: personKeyOf(idNumber) } })).toMatchObject({ idNumber });
});

test('a remote-care filing: its workflow carries the person key, the filing page the number', async () => {
  const idNumber = newIdNumber();
  const created = await svc.call(as('kaiping.clerk'), 'POST', '/remote-care/filings', {
    filingNo: applicationNo('PK'),
    type: 'retired_resettled',
    place: { province: '上海市', city: '上海市' },
    materials: ['id_document', 'filing_form'],
    personalPromise: true,
    person: { name: '钟三', idNumber },
  });
  expect(created).toMatchObject({ status: 201, body: { status: 'active', person: { name: '钟三', idNumber } } });
  const text = await historyText(created.body.id);
  expect(text).toContain('钟三');
  expect(text).toContain(personKeyOf(idNumber));
  expect(text).not.toContain(idNumber);
  const row = await prisma.remoteCareFiling.findUniqueOrThrow({ where: { id: created.body.id } });
  expect(row.idNumber).toBe(idNumber);
});

test('an outpatient-facility choice and a referral: the workflow carries the person key, the record the number', async () => {
  const idNumber = newIdNumber();
  const chosen = await svc.call(as('taishan.clerk'), 'POST', '/outpatient/choices', {
    action: 'choose',
    person: { name: '钟四', idNumber },
    jurisdiction: 'taishan',
    channel: 'counter',
    formRef: 'DJ-PK',
    insuranceKind: 'employee',
    facilities: [{ code: 'H44078111' }],
  });
  expect(chosen).toMatchObject({ status: 200, body: { version: 1, person: { name: '钟四' } } });
  expect(chosen.body.person.idNumber).toBe(`${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`);
  const referred = await svc.call(as('taishan.clinic'), 'POST', '/outpatient/referrals', {
    idNumber,
    referralNo: applicationNo('ZZ'),
    toCode: 'H44078101',
    formRef: 'ZY-PK',
    diagnosis: '病情需要',
    reviewedBy: '医务科',
    validTo: shanghaiDate(Date.now() + 30 * 86_400_000),
  });
  expect(referred).toMatchObject({ status: 200, body: { version: 2 } });
  const text = await historyText(chosen.body.id);
  expect(text).toContain('钟四');
  expect(text).toContain(personKeyOf(idNumber));
  expect(text).not.toContain(idNumber);
  const row = await prisma.outpatientFacility.findUniqueOrThrow({ where: { id: chosen.body.id } });
  expect(row.idNumber).toBe(idNumber);
  const found = await svc.call(as('taishan.clerk'), 'POST', '/outpatient/choices/lookup', { idNumber });
  expect(found).toMatchObject({ status: 200, body: { id: chosen.body.id } });
});

test('a reimbursement claim: its workflow carries the person key, the claim the number', async () => {
  const idNumber = newIdNumber();
  const today = shanghaiDate(Date.now());
  const dischargedOn = shanghaiDate(Date.now() - 10 * 86_400_000);
  const created = await svc.call(as('taishan.clerk'), 'POST', '/reimbursement/claims', {
    claimNo: applicationNo('PK'),
    kind: 'basic_inpatient',
    person: { name: '钟五', idNumber },
    admission: { admittedOn: shanghaiDate(Date.now() - 20 * 86_400_000), dischargedOn, institutionCode: 'H44078101', injury: false },
    lines: [
      {
        lineNo: 1,
        category: 'inpatient',
        serviceDate: dischargedOn,
        institutionCode: 'H44078101',
        institutionName: '台山市人民医院',
        invoiceNo: applicationNo('INV'),
        amountFen: 100_000,
      },
    ],
    account: { kind: 'bank_card', number: '6222021234567890123', bank: '中国工商银行台山支行', holder: '钟五' },
    documents: ['医保电子凭证', '医院收费票据', '住院费用清单', '诊断证明', '出院小结'],
  });
  expect(created).toMatchObject({ status: 201, body: { acceptedOn: today, person: { name: '钟五' } } });
  const text = await historyText(created.body.id);
  expect(text).toContain('钟五');
  expect(text).toContain(personKeyOf(idNumber));
  expect(text).not.toContain(idNumber);
  const row = await prisma.reimbursementClaim.findUniqueOrThrow({ where: { id: created.body.id } });
  expect(row.idNumber).toBe(idNumber);
});

test('a new person named by many records at once is recorded once, and every one of them goes on', async () => {
  const idNumber = newIdNumber();
  const keys = await Promise.all(Array.from({ length: 20 }, () => recordPerson(prisma, idNumber)));
  expect(new Set(keys)).toEqual(new Set([personKeyOf(idNumber)]));
  expect(await prisma.person.count({ where: { idNumber } })).toBe(1);
});
