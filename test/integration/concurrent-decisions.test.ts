/**
 * Two conflicting decisions sent at the same instant, through the HTTP API against the real
 * server, worker and PostgreSQL, 20 pairs for each process: exactly one is applied, the other is
 * refused (409, or 403 when the winner moved the case to a step the loser's role does not hold);
 * one audit event per applied decision; the read model equals the workflow's own state; the
 * ledger holds a transfer for every approved fund request and none for a returned one; a person has
 * one outpatient-facility registration when a counter and a facility register at once; an
 * assistance claim paid and rejected at once posts its ledger entry only when the payment won.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { addDays, shanghaiDate } from '../../domain/dates';
import { serviceCaseId } from '../../domain/service-case';
import { caseStateQuery } from '../../workflows/service-case';
import { episodeStateQuery } from '../../workflows/care-episode';
import { certificationStateQuery } from '../../workflows/special-disease-certification';
import { fundStateQuery } from '../../workflows/fund-request';
import { facilityStateQuery } from '../../workflows/outpatient-facility';
import type { FacilityChoice } from '../../domain/outpatient-facility';
import { filingStateQuery } from '../../workflows/remote-care-filing';
import { claimStateQuery } from '../../workflows/reimbursement-claim';
import { hashPassword } from '../../api/auth';
import { DEMO_PASSWORD } from '../../prisma/seed';

import { eligibleFamilyBed, newIdNumber } from '../support/care';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const PAIRS = 20;
const prisma = testPrisma();
let svc: TestService;
let connection: Connection;
let temporal: Client;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-concurrent-${randomUUID()}`);
  connection = await Connection.connect({ address: svc.temporalAddress });
  temporal = new Client({ connection });
  await prisma.user.upsert({
    where: { username: 'taishan.reviewer.b' },
    create: {
      username: 'taishan.reviewer.b',
      displayName: '台山复审人',
      role: 'reviewer',
      jurisdiction: 'taishan',
      passwordHash: await hashPassword(DEMO_PASSWORD),
    },
    update: {},
  });
  for (const u of [
    'taishan.reviewer.b',
    'taishan.approver',
    'taishan.finance',
    'taishan.clerk',
    'taishan.reviewer',
    'taishan.hospital',
    'kaiping.hospital',
    'kaiping.clerk',
    'kaiping.reviewer',
    'kaiping.finance',
    'kaiping.fiscal',
    'taishan.clinic',
  ]) {
    tokens[u] = await svc.login(u);
  }
}, 120_000);

afterAll(async () => {
  await connection?.close();
  await svc?.stop();
  await prisma.$disconnect();
});

type Reply = Awaited<ReturnType<TestService['call']>>;

/** Sends both at once; asserts exactly one applied and the other refused; returns the winner's index. */
async function race(first: () => Promise<Reply>, second: () => Promise<Reply>): Promise<0 | 1> {
  const replies = await Promise.all([first(), second()]);
  const applied = replies.filter((r) => r.status === 200);
  expect({ applied: applied.length, statuses: replies.map((r) => r.status) }).toMatchObject({ applied: 1 });
  const refused = replies.find((r) => r.status !== 200)!;
  expect([403, 409]).toContain(refused.status);
  expect(refused.body.message).toMatch(/[\u4e00-\u9fff]/); // a message a clerk can read
  return replies[0]!.status === 200 ? 0 : 1;
}

/** The pairs one after another: the race is within a pair, and a loaded machine stays within its timeouts. */
async function pairs(one: (i: number) => Promise<void>): Promise<void> {
  for (let i = 0; i < PAIRS; i++) await one(i);
}

async function auditActions(caseId: string): Promise<string[]> {
  const rows = await prisma.auditEvent.findMany({ where: { caseId }, orderBy: { seq: 'asc' }, select: { seq: true, action: true } });
  expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1)); // no gap, no fork
  return rows.map((r) => r.action);
}

test(`service cases: review and reject sent together, ${PAIRS} times`, async () => {
  const itemCode = '442189208003'; // 个人账户一次性支取: 受理 → 审核 → 拨付 → 办结
  await pairs(async () => {
    const no = applicationNo('RACE');
    const created = await svc.call(as('taishan.clerk'), 'POST', '/cases', {
      itemCode,
      applicationNo: no,
      jurisdiction: 'taishan',
      applicant: { name: '并发', idNumber: newIdNumber() },
    });
    expect(created.status).toBe(201);
    const id = serviceCaseId(itemCode, no);
    const act = (body: object) => () => svc.call(as('taishan.reviewer'), 'POST', `/cases/${encodeURIComponent(id)}/actions`, body);
    expect((await svc.call(as('taishan.clerk'), 'POST', `/cases/${encodeURIComponent(id)}/actions`, { action: 'accept' })).status).toBe(
      200,
    );
    const winner = await race(act({ action: 'review' }), act({ action: 'reject', reason: '材料不全' }));
    const state = await temporal.workflow.getHandle(id).query(caseStateQuery);
    const row = await prisma.serviceCase.findUniqueOrThrow({ where: { id } });
    expect({ status: row.status, version: row.version, pendingStep: row.pendingStep }).toEqual({
      status: state.status,
      version: state.version,
      pendingStep: state.pendingStep,
    });
    expect(state.status).toBe(winner === 0 ? 'open' : 'rejected');
    expect(await auditActions(id)).toEqual(['applied', 'accept', winner === 0 ? 'review' : 'reject']);
  });
}, 240_000);

test(`family beds: approve and reject sent together, ${PAIRS} times`, async () => {
  const today = shanghaiDate(Date.now());
  await pairs(async () => {
    const applied = await svc.call(as('taishan.hospital'), 'POST', '/care/family-beds', {
      applicationNo: applicationNo('RACE'),
      application: eligibleFamilyBed(newIdNumber(), today),
    });
    expect(applied.status).toBe(201);
    const id = applied.body.id as string;
    const act = (body: object) => () => svc.call(as('taishan.reviewer'), 'POST', `/care/episodes/${encodeURIComponent(id)}/actions`, body);
    const winner = await race(act({ action: 'approve' }), act({ action: 'reject', reason: '不符合建床条件' }));
    const state = await temporal.workflow.getHandle(id).query(episodeStateQuery);
    const row = await prisma.careEpisode.findUniqueOrThrow({ where: { id } });
    expect({ status: row.status, version: row.version, openedOn: row.openedOn }).toEqual({
      status: state.status,
      version: state.version,
      openedOn: state.openedOn,
    });
    expect(state.status).toBe(winner === 0 ? 'opened' : 'rejected');
    expect(await auditActions(id)).toEqual(['applied', winner === 0 ? 'approve' : 'reject']);
    // Only an opened bed holds the person's occupancy.
    const occupancy = await prisma.careOccupancy.findUnique({ where: { personKey: row.personKey } });
    expect(occupancy?.episodeId ?? null).toBe(winner === 0 ? id : null);
  });
}, 240_000);

test(`special-disease certifications: two clerks terminate at once, ${PAIRS} times`, async () => {
  await pairs(async () => {
    const created = await svc.call(as('kaiping.hospital'), 'POST', '/special-disease/certifications', {
      person: { name: '并发', idNumber: newIdNumber() },
      insuredPlace: 'kaiping',
      diseaseCode: 'MT001',
      institutionCode: 'H44078301',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const act = (user: string, body: object) => () =>
      svc.call(as(user), 'POST', `/special-disease/certifications/${encodeURIComponent(id)}/actions`, body);
    const winner = await race(
      act('kaiping.clerk', { action: 'terminate', reason: '参保人申请终止' }),
      act('kaiping.reviewer', { action: 'terminate', reason: '复核后终止' }),
    );
    const state = await temporal.workflow.getHandle(id).query(certificationStateQuery);
    const row = await prisma.certification.findUniqueOrThrow({ where: { id } });
    expect({ status: row.status, version: row.version, terminatedOn: row.terminatedOn }).toEqual({
      status: 'terminated',
      version: state.version,
      terminatedOn: state.history.terminatedOn,
    });
    const terminatedBy = (await prisma.auditEvent.findFirstOrThrow({ where: { caseId: id, action: 'terminate' } })).actor;
    expect(terminatedBy).toBe(winner === 0 ? 'kaiping.clerk' : 'kaiping.reviewer');
    expect(await auditActions(id)).toEqual(['certified', 'terminate']);
  });
}, 240_000);

test(`remote-care filings: an online filing approved and refused at once, ${PAIRS} times`, async () => {
  await pairs(async () => {
    const created = await svc.call(as('kaiping.clerk'), 'POST', '/remote-care/filings', {
      filingNo: applicationNo('RC'),
      channel: 'online',
      type: 'other_temporary',
      place: { province: '上海市', city: '上海市' },
      materials: ['id_document'],
      person: { name: '并发', idNumber: newIdNumber() },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const act = (user: string, body: object) => () =>
      svc.call(as(user), 'POST', `/remote-care/filings/${encodeURIComponent(id)}/actions`, body);
    const winner = await race(
      act('kaiping.reviewer', { action: 'review', approve: true }),
      act('kaiping.clerk', { action: 'review', approve: false, reason: '备案表信息不全' }),
    );
    const state = await temporal.workflow.getHandle(id).query(filingStateQuery);
    const row = await prisma.remoteCareFiling.findUniqueOrThrow({ where: { id } });
    expect({ status: row.status, version: row.version, validFrom: row.validFrom }).toEqual({
      status: state.status,
      version: state.version,
      validFrom: state.validity?.from ?? null,
    });
    expect(row.status).toBe(winner === 0 ? 'active' : 'refused');
    expect(await auditActions(id)).toEqual(['received_online', winner === 0 ? 'approve' : 'refuse']);
  });
}, 240_000);

test(`fund requests: the finance department approves and returns at once, ${PAIRS} times`, async () => {
  await pairs(async (i) => {
    const created = await svc.call(as('kaiping.finance'), 'POST', '/fund/requests', { kind: 'prepayment', period: String(2060 + i) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const act = (user: string, body: object) => svc.call(as(user), 'POST', `/fund/requests/${encodeURIComponent(id)}/actions`, body);
    expect((await act('kaiping.finance', { action: 'adjust', amountFen: 222_200, reason: '按预算申请' })).status).toBe(200);
    expect((await act('kaiping.finance', { action: 'submit' })).status).toBe(200);
    const winner = await race(
      () => act('kaiping.fiscal', { action: 'approve' }),
      () => act('kaiping.fiscal', { action: 'return', reason: '请补充测算依据' }),
    );
    const state = await temporal.workflow.getHandle(id).query(fundStateQuery);
    const row = await prisma.fundRequest.findUniqueOrThrow({ where: { id } });
    expect({ status: row.status, version: row.version, entryId: row.entryId === null ? null : String(row.entryId) }).toEqual({
      status: state.status,
      version: state.version,
      entryId: state.entryId,
    });
    expect(state.status).toBe(winner === 0 ? 'approved' : 'returned');
    expect(await auditActions(id)).toEqual(['prepared', 'adjust', 'submit', winner === 0 ? 'approve' : 'return']);
    const postings = await prisma.journalEntry.findMany({
      where: { agency: 'kaiping', sourceKey: { contains: id } },
      include: { lines: true },
    });
    if (winner === 0) {
      expect(postings).toHaveLength(1);
      expect(postings[0]!.lines.filter((l) => l.side === 'debit').reduce((s, l) => s + Number(l.amountFen), 0)).toBe(222_200);
      expect(String(postings[0]!.id)).toBe(state.entryId);
    } else {
      expect(postings).toHaveLength(0); // a returned request posts nothing
    }
  });
}, 240_000);

test(`outpatient facilities: a counter and a facility register the same person at once, ${PAIRS} times`, async () => {
  await pairs(async () => {
    const person = { name: '并发', idNumber: newIdNumber() };
    const choose = (user: string, code: string, channel: 'counter' | 'institution') => () =>
      svc.call(as(user), 'POST', '/outpatient/choices', {
        action: 'choose',
        person,
        jurisdiction: 'taishan',
        channel,
        ...(channel === 'counter' ? { formRef: 'DJ-RACE' } : {}),
        insuranceKind: 'resident',
        facilities: [{ code }],
      });
    const winner = await race(choose('taishan.clerk', 'H44078101', 'counter'), choose('taishan.clinic', 'H44078111', 'institution'));
    const row = await prisma.outpatientFacility.findFirstOrThrow({ where: { personName: '并发', idNumber: person.idNumber } });
    const state = await temporal.workflow.getHandle(row.id).query(facilityStateQuery);
    expect({ version: row.version, choices: row.choices }).toEqual({ version: state.version, choices: state.choices });
    const chosen = (row.choices as unknown as FacilityChoice[]).map((c) => [c.by, c.facilities[0]!.code]);
    expect(chosen).toEqual([winner === 0 ? ['taishan.clerk', 'H44078101'] : ['taishan.clinic', 'H44078111']]);
    expect(await auditActions(row.id)).toEqual(['choose']);
  });
}, 240_000);

test(`reimbursement: an assistance claim paid and rejected at once, ${PAIRS} times; the ledger follows the winner`, async () => {
  await pairs(async () => {
    const today = shanghaiDate(Date.now());
    const created = await svc.call(as('taishan.clerk'), 'POST', '/reimbursement/claims', {
      claimNo: applicationNo('JZ'),
      kind: 'assistance',
      person: { name: '并发', idNumber: newIdNumber() },
      lines: [
        {
          lineNo: 1,
          category: 'special_disease_outpatient',
          serviceDate: addDays(today, -3),
          institutionCode: 'H44078101',
          institutionName: '台山市人民医院',
          invoiceNo: `MZ-${randomUUID()}`.slice(0, 40),
          amountFen: 40_000,
        },
      ],
      account: { kind: 'bank_card', number: '6222020000009999', bank: '工商银行', holder: '并发' },
      documents: ['有效身份证件', '定点医疗机构处方底方', '《医疗救助申请表》'],
      assistance: {
        recipientCategory: 'extreme_poverty',
        insuredStatus: 'uninsured',
        identities: [{ category: 'extreme_poverty', from: addDays(today, -100), to: null, evidence: '特困供养证' }],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const act = (user: string, body: object) => () =>
      svc.call(as(user), 'POST', `/reimbursement/claims/${encodeURIComponent(id)}/actions`, body);
    const uninsuredShare = { eligibleFen: 40_000, deductibleFen: 10_000, rateBp: 5_000, source: '居民医保门诊特定病种标准（测试）' };
    expect((await act('taishan.reviewer', { action: 'first_review', assistanceFen: 20_000, uninsuredShare })()).status).toBe(200);
    expect((await act('taishan.reviewer.b', { action: 'second_review' })()).status).toBe(200);
    expect((await act('taishan.approver', { action: 'approve' })()).status).toBe(200);
    const winner = await race(
      act('taishan.finance', { action: 'disburse' }),
      act('taishan.finance', { action: 'reject', reason: '账户信息有误' }),
    );
    const state = await temporal.workflow.getHandle(id).query(claimStateQuery);
    const row = await prisma.reimbursementClaim.findUniqueOrThrow({ where: { id } });
    expect({ status: row.status, version: row.version, entryId: row.entryId === null ? null : String(row.entryId) }).toEqual({
      status: state.status,
      version: state.version,
      entryId: state.payment?.entryId ?? null,
    });
    expect(await auditActions(id)).toEqual(['accepted', 'first_review', 'second_review', 'approve', winner === 0 ? 'disburse' : 'reject']);
    const postings = await prisma.journalEntry.findMany({
      where: { sourceKind: 'assistance_reimbursement', sourceKey: id },
      include: { lines: true },
    });
    if (winner === 0) {
      expect(postings).toHaveLength(1);
      expect(postings[0]!.lines.find((l) => l.side === 'debit')).toMatchObject({
        account: 'assistance_benefit_expense.outpatient',
        amountFen: 20_000n,
      });
    } else {
      expect(postings).toHaveLength(0); // a rejected claim posts nothing and gives its invoice back
      expect(await prisma.reimbursementInvoice.count({ where: { claimId: id } })).toBe(0);
    }
  });
}, 240_000);
