/**
 * The special-disease certifications and the notices outbox page on the server (issue 18: "lists of
 * certifications (50) and notices (100) are silently capped"): more rows than the old caps, walked by
 * keyset cursor, each row once and in the list's order, with the total on every page. 恩平 (enping)
 * certifications of MT005, 恩平 geriatric-ward episodes and one notices case id are this file's own.
 */
import { randomUUID } from 'node:crypto';
import { testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';
import { ensureUsers } from '../support/users';
import { idNumberOf } from '../support/id-number';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const CERTS = 130; // above the page's old cap of 50
const NOTICES = 230; // above the page's old cap of 100
const run = randomUUID().slice(0, 8);
const noticeCase = `list-pages:${run}`;
const disease = 'MT005';
const EPISODES = 120; // above the care list's page of 50
const FUNDS = 132; // above the fund list's old cap of 50: turnover requests of 恩平 for 1980-01 … 1990-12
const CASES = 130; // above the drill-down's old cap of 100
const caseItem = '442189208011';
const FILINGS = 120; // above the remote-care queue's old page of 50
const CLAIMS = 120; // above the reimbursement queue's old page of 50
const holder = `${run}00000000`; // one person holds this file's filings and claims
/** the queue's order: due date (none last), then the received/accepted day, then id */
const dueOf = (i: number) => (i % 7 === 0 ? null : `2031-0${1 + (i % 4)}-10`);
const onOf = (i: number) => `2030-12-${String(10 + (i % 3)).padStart(2, '0')}`;
const byDue = (a: number, b: number) => {
  const [da, db] = [dueOf(a) ?? '~', dueOf(b) ?? '~'];
  return da < db ? -1 : da > db ? 1 : onOf(a) < onOf(b) ? -1 : onOf(a) > onOf(b) ? 1 : a - b;
};
const fundPeriods = Array.from({ length: FUNDS }, (_, i) => `${1980 + Math.floor(i / 12)}-${String(1 + (i % 12)).padStart(2, '0')}`);

beforeAll(async () => {
  await ensureUsers(prisma, [{ username: 'enping.clerk', displayName: '恩平窗口受理人员', role: 'window_clerk', jurisdiction: 'enping' }]);
  svc = await startTestService(prisma, `it-list-pages-${randomUUID()}`);
  for (const u of ['enping.clerk', 'enping.supervisor', 'taishan.supervisor']) tokens[u] = await svc.login(u);
  const now = new Date();
  // period ends on few distinct days, so the tie on periodEnd is broken by id across page edges
  await prisma.certification.createMany({
    data: Array.from({ length: CERTS }, (_, i) => {
      const end = `2027-0${1 + (i % 3)}-15`;
      return {
        id: `special-disease:${run}${String(i).padStart(8, '0')}:${disease}`,
        personKey: `${run}${String(i).padStart(8, '0')}`,
        personName: `认定人${i}`,
        idNumber: idNumberOf('440785', '1960-05-06', i),
        jurisdiction: 'enping' as const,
        institutionCounty: 'enping' as const,
        diseaseCode: disease,
        institutionCode: null,
        status: 'active',
        periodStart: '2025-01-16',
        periodEnd: end,
        periods: [{ start: '2025-01-16', end }],
        suspensions: [],
        source: 'offsite_application',
        createdBy: 'enping.clerk',
        version: 1,
        updatedAt: now,
      };
    }),
  });
  // many episodes changed at one instant, so the tie on updatedAt is broken by id
  const changed = new Date(Date.UTC(2026, 4, 1, 1));
  await prisma.careEpisode.createMany({
    data: Array.from({ length: EPISODES }, (_, i) => ({
      id: `geriatric_ward:${run}${String(i).padStart(8, '0')}:EP-${i}`,
      kind: 'geriatric_ward',
      personKey: `${run}${String(i).padStart(8, '0')}`,
      personName: `住院人${i}`,
      idNumber: idNumberOf('440785', '1950-05-06', i),
      birthDate: '1950-05-06',
      insuredCounty: 'enping' as const,
      jurisdiction: 'enping' as const,
      applicationNo: `EP-${i}`,
      applicationDate: '2026-05-01',
      condition: 'long_term_tube',
      application: {},
      eligibility: [],
      status: 'under_review',
      panelReasons: [],
      createdBy: 'enping.hospital',
      version: 1,
      updatedAt: new Date(changed.getTime() - Math.floor(i / 9) * 60_000),
    })),
  });
  // many notices share one instant, so the tie on createdAt is broken by id
  const base = Date.UTC(2026, 5, 1, 2);
  await prisma.notice.createMany({
    data: Array.from({ length: NOTICES }, (_, i) => ({
      sourceKey: `${noticeCase}:${i}`,
      personKey: `${run}notice`,
      jurisdiction: 'enping' as const,
      caseId: noticeCase,
      template: 'special_disease.window_open',
      subject: `通知${i}`,
      body: '正文',
      params: {},
      createdAt: new Date(base + Math.floor(i / 7) * 60_000),
    })),
  });
  // old periods no other test uses; every third approved, every fifth late (the drill-down's 在办 and 超期)
  await prisma.fundRequest.deleteMany({ where: { agency: 'enping', period: { in: fundPeriods } } });
  await prisma.fundRequest.createMany({
    data: fundPeriods.map((period, i) => ({
      id: `fund-request:turnover:enping:${period}`,
      kind: 'turnover',
      agency: 'enping' as const,
      period,
      status: i % 3 === 0 ? 'approved' : 'submitted',
      basisFen: 100n,
      carryoverFen: 0n,
      proposedFen: 100n,
      amountFen: 100n,
      calculation: [],
      late: i % 5 === 0,
      version: 1,
      updatedAt: now,
    })),
  });
  // many cases applied at one instant, so the tie on appliedAt is broken by id
  const applied = new Date(Date.UTC(2026, 3, 1, 1));
  await prisma.serviceCase.createMany({
    data: Array.from({ length: CASES }, (_, i) => ({
      id: `service-case:${caseItem}:LP-${run}-${String(i).padStart(4, '0')}`,
      itemCode: caseItem,
      applicationNo: `LP-${run}-${String(i).padStart(4, '0')}`,
      jurisdiction: 'enping' as const,
      channel: 'counter',
      applicantName: `申请人${i}`,
      applicantIdNumber: idNumberOf('440785', '1970-05-06', i),
      status: 'open',
      pendingStep: 'review',
      completedSteps: ['apply', 'accept'],
      createdBy: 'enping.clerk',
      appliedAt: new Date(applied.getTime() - Math.floor(i / 11) * 60_000),
      returnedMaterials: [],
      version: 1,
      updatedAt: now,
    })),
  });
  await prisma.remoteCareFiling.createMany({
    data: Array.from({ length: FILINGS }, (_, i) => ({
      id: `remote-care:${holder}:LP-${String(i).padStart(4, '0')}`,
      personKey: holder,
      personName: '备案人',
      idNumber: idNumberOf('440785', '1955-05-06', 1),
      filingNo: `LP-${String(i).padStart(4, '0')}`,
      jurisdiction: 'enping' as const,
      insuredPlace: 'jiangmen',
      ruleSetId: 'jiangmen-2024',
      type: 'long_term_residence',
      channel: 'online',
      status: 'under_review',
      receivedOn: onOf(i),
      personalPromise: true,
      places: [],
      record: {},
      dueDate: dueOf(i),
      createdBy: 'enping.clerk',
      version: 1,
      updatedAt: now,
    })),
  });
  const account = { kind: 'bank', number: '6222020000000000001', bank: '工商银行', holder: '报销人' };
  await prisma.reimbursementClaim.createMany({
    data: Array.from({ length: CLAIMS }, (_, i) => ({
      id: `reimbursement:${holder}:LP-${String(i).padStart(4, '0')}`,
      claimNo: `LP-${String(i).padStart(4, '0')}`,
      kind: 'basic_outpatient',
      personKey: holder,
      personName: '报销人',
      idNumber: idNumberOf('440785', '1955-05-06', 2),
      jurisdiction: 'enping' as const,
      status: 'open',
      pendingStep: 'review',
      acceptedOn: onOf(i),
      dueDate: dueOf(i),
      claimedFen: 100n,
      state: {
        kind: 'basic_outpatient',
        status: 'open',
        pendingStep: 'review',
        lines: [],
        account,
        documents: [],
        admission: null,
        assistance: null,
        signatures: [],
        rejection: null,
      },
      createdBy: 'enping.clerk',
      version: 1,
      updatedAt: now,
    })),
  });
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const get = (user: string, path: string) => svc.call(tokens[user]!, 'GET', path);

/** Every page of a list from its first, following nextCursor; the total must hold on each page. */
async function walk(user: string, path: string): Promise<{ total: number; pages: number; items: Record<string, unknown>[] }> {
  const sep = path.includes('?') ? '&' : '?';
  const first = await get(user, path);
  expect(first.status).toBe(200);
  const items: Record<string, unknown>[] = [...first.body.items];
  let next: string | null = first.body.nextCursor;
  let pages = 1;
  while (next) {
    const page = await get(user, `${path}${sep}cursor=${next}`);
    expect(page.status).toBe(200);
    expect(page.body.total).toBe(first.body.total);
    items.push(...page.body.items);
    next = page.body.nextCursor;
    pages++;
    expect(pages).toBeLessThan(1000);
  }
  return { total: first.body.total, pages, items };
}

test('more than 50 certifications page through by cursor: each once, in (period end, id) order, with the total', async () => {
  const { total, items } = await walk('enping.clerk', `/special-disease/certifications?county=enping&diseaseCode=${disease}&pageSize=50`);
  expect(total).toBeGreaterThanOrEqual(CERTS);
  const ids = items.map((c) => c.id as string);
  expect(new Set(ids).size).toBe(ids.length);
  const mine = ids.filter((id) => id.includes(`:${run}`));
  expect(mine).toHaveLength(CERTS);
  const order = items.map((c) => `${(c.period as { end: string }).end} ${c.id as string}`);
  expect(order).toEqual([...order].sort());
  // the ID number stays masked in the list
  expect(items[0]!.person).toMatchObject({ idNumber: expect.stringMatching(/\*/) });
});

test('more than 100 notices of one case page through by cursor, newest first, each once, with the total', async () => {
  const { total, pages, items } = await walk('enping.supervisor', `/notices?caseId=${encodeURIComponent(noticeCase)}&pageSize=100`);
  expect(total).toBe(NOTICES);
  expect(pages).toBe(3);
  expect(items).toHaveLength(NOTICES);
  const ids = items.map((n) => BigInt(n.id as string));
  expect(new Set(ids).size).toBe(NOTICES);
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [items[i - 1]!, items[i]!];
    const newer = (a.createdAt as string) > (b.createdAt as string) || (a.createdAt === b.createdAt && ids[i - 1]! > ids[i]!);
    expect(newer).toBe(true);
  }
  // another county's supervisor sees none of them
  const other = await get('taishan.supervisor', `/notices?caseId=${encodeURIComponent(noticeCase)}`);
  expect(other.body).toMatchObject({ total: 0, items: [], nextCursor: null });
});

test('a cursor the service did not write, or a cursor with a page number, is refused with 400 and a Chinese message', async () => {
  for (const path of [
    '/notices?cursor=not-a-cursor',
    `/notices?cursor=${Buffer.from('["2026-01-01T00:00:00.000Z","1; drop"]').toString('base64url')}`,
    `/special-disease/certifications?cursor=${Buffer.from('["tomorrow","x"]').toString('base64url')}`,
  ]) {
    const res = await get('enping.supervisor', path);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', message: '翻页位置无效，请从第一页重新查询' });
  }
  const first = await get('enping.supervisor', `/notices?caseId=${encodeURIComponent(noticeCase)}&pageSize=10`);
  const both = await get('enping.supervisor', `/notices?caseId=${encodeURIComponent(noticeCase)}&page=2&cursor=${first.body.nextCursor}`);
  expect(both.status).toBe(400);
  expect(both.body.code).toBe('VALIDATION_FAILED');
});

test('more than 50 care episodes page through by cursor: each once, most recently changed first, with the total', async () => {
  const { total, items } = await walk('enping.clerk', '/care/episodes?county=enping&kind=geriatric_ward&pageSize=50');
  expect(total).toBeGreaterThanOrEqual(EPISODES);
  const ids = items.map((e) => e.id as string);
  expect(new Set(ids).size).toBe(ids.length);
  const mine = items.filter((e) => (e.id as string).includes(`:${run}`));
  expect(mine).toHaveLength(EPISODES);
  // in the list's order: updatedAt newest first, then id; the fixture's updatedAt falls with i
  const expected = [...mine].sort((a, b) => {
    const ia = Number((a.applicationNo as string).slice(3));
    const ib = Number((b.applicationNo as string).slice(3));
    return Math.floor(ia / 9) - Math.floor(ib / 9) || ((a.id as string) < (b.id as string) ? -1 : 1);
  });
  expect(mine.map((e) => e.id)).toEqual(expected.map((e) => e.id));
});

test('more than 50 fund requests page through by cursor: each once, newest period first, with the total', async () => {
  const { total, items } = await walk('enping.supervisor', '/fund/requests?agency=enping&pageSize=50');
  expect(total).toBeGreaterThanOrEqual(FUNDS);
  const ids = items.map((r) => r.id as string);
  expect(new Set(ids).size).toBe(ids.length);
  const mine = items.filter((r) => fundPeriods.includes(r.period as string)).map((r) => r.period as string);
  expect(mine).toEqual([...fundPeriods].reverse());
});

test("the drill-down's fund cells page on the server with the summary's filters (在办 not approved, 超期 late)", async () => {
  const open = await walk('enping.supervisor', '/fund/requests?agency=enping&open=true&pageSize=20');
  const late = await walk('enping.supervisor', '/fund/requests?agency=enping&late=true&pageSize=20');
  const minePeriods = (w: { items: Record<string, unknown>[] }) =>
    w.items.filter((r) => fundPeriods.includes(r.period as string)).map((r) => r.period as string);
  expect(minePeriods(open)).toEqual(fundPeriods.filter((_, i) => i % 3 !== 0).reverse());
  expect(minePeriods(late)).toEqual(fundPeriods.filter((_, i) => i % 5 === 0).reverse());
  expect(open.items.every((r) => r.status !== 'approved')).toBe(true);
  expect(late.items.every((r) => r.late === true || r.breachedAt !== null)).toBe(true);
  // the totals are the summary's numbers for the county (the same filter)
  const summary = await get('enping.supervisor', '/supervision/summary');
  const enping = summary.body.counties.find((c: { county: string }) => c.county === 'enping');
  expect(enping.fund_request).toEqual({ open: open.total, breached: late.total });
  const bad = await get('enping.supervisor', `/fund/requests?cursor=${Buffer.from('["1980-01","loan","x"]').toString('base64url')}`);
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', message: '翻页位置无效，请从第一页重新查询' });
});

test('more than 100 open cases behind a drill-down number page through by cursor: each once, newest first', async () => {
  const { total, items } = await walk('enping.supervisor', `/cases?county=enping&status=open&itemCode=${caseItem}&pageSize=100`);
  expect(total).toBeGreaterThanOrEqual(CASES);
  const ids = items.map((c) => c.id as string);
  expect(new Set(ids).size).toBe(ids.length);
  const mine = ids.filter((id) => id.includes(`:LP-${run}-`));
  // appliedAt falls with i in steps of 11, and ties are in id order, which is i order here
  expect(mine).toEqual(Array.from({ length: CASES }, (_, i) => `service-case:${caseItem}:LP-${run}-${String(i).padStart(4, '0')}`));
  const bad = await get('enping.supervisor', `/cases?cursor=${Buffer.from('["2026-01-01T00:00:00.000Z","x"]').toString('base64url')}`);
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', message: '翻页位置无效，请从第一页重新查询' });
});

test("the drill-down's open care episodes and certifications are one server list each (the summary's filter)", async () => {
  const episodes = await walk('enping.supervisor', '/care/episodes?county=enping&open=true&kind=geriatric_ward&pageSize=50');
  expect(episodes.items.filter((e) => (e.id as string).includes(`:${run}`))).toHaveLength(EPISODES);
  expect(episodes.items.every((e) => ['under_review', 'panel_review'].includes(e.status as string))).toBe(true);
  const certs = await walk(
    'enping.supervisor',
    `/special-disease/certifications?county=enping&open=true&diseaseCode=${disease}&pageSize=50`,
  );
  expect(certs.items.filter((c) => (c.id as string).includes(`:${run}`))).toHaveLength(CERTS);
});

test('more than 50 remote-care filings page through by cursor: earliest deadline first (none last), each once', async () => {
  const { total, items } = await walk('enping.supervisor', '/remote-care/filings?county=enping&status=under_review&pageSize=50');
  expect(total).toBeGreaterThanOrEqual(FILINGS);
  const ids = items.map((f) => f.id as string);
  expect(new Set(ids).size).toBe(ids.length);
  const mine = ids.filter((id) => id.startsWith(`remote-care:${holder}:`));
  const expected = Array.from({ length: FILINGS }, (_, i) => i).sort(byDue);
  expect(mine).toEqual(expected.map((i) => `remote-care:${holder}:LP-${String(i).padStart(4, '0')}`));
  // the whole list in the order too: due dates ascending with the filings without one at the end
  const dues = items.map((f) => (f.dueDate as string | null) ?? '~');
  expect(dues).toEqual([...dues].sort());
  const bad = await get(
    'enping.supervisor',
    `/remote-care/filings?cursor=${Buffer.from('["2031-01-10","soon","x"]').toString('base64url')}`,
  );
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', message: '翻页位置无效，请从第一页重新查询' });
});

test('more than 50 open reimbursement claims page through by cursor: earliest deadline first (none last), each once', async () => {
  const { total, items } = await walk('enping.supervisor', '/reimbursement/claims?county=enping&status=open&pageSize=50');
  expect(total).toBeGreaterThanOrEqual(CLAIMS);
  const ids = items.map((c) => c.id as string);
  expect(new Set(ids).size).toBe(ids.length);
  const mine = ids.filter((id) => id.startsWith(`reimbursement:${holder}:`));
  const expected = Array.from({ length: CLAIMS }, (_, i) => i).sort(byDue);
  expect(mine).toEqual(expected.map((i) => `reimbursement:${holder}:LP-${String(i).padStart(4, '0')}`));
  const dues = items.map((c) => (c.dueDate as string | null) ?? '~');
  expect(dues).toEqual([...dues].sort());
  // the account number stays masked in the list
  expect(items.find((c) => (c.id as string).startsWith(`reimbursement:${holder}:`))!.account).toMatchObject({ masked: true });
  const bad = await get('enping.supervisor', '/reimbursement/claims?cursor=bm90LWEta2V5');
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED', message: '翻页位置无效，请从第一页重新查询' });
});
