/**
 * The family-bed / geriatric-ward episode workflow on the time-skipping server, with its real
 * activities and PostgreSQL.
 */
import { addDays, shanghaiDate } from '../../domain/dates';
import type { Actor } from '../../domain/people';
import { episodeActUpdate, episodeStateQuery } from '../../workflows/care-episode';
import { applyOnClient, eligibleFamilyBed, eligibleGeriatricWard, newIdNumber } from '../support/care';
import { testPrisma } from '../support/env';
import { useTimeSkipping } from '../support/time-skipping';

const prisma = testPrisma();
const taskQueue = 'care-episode-time-skipping';
const hospital: Actor = { username: 'taishan.hospital', role: 'institution', jurisdiction: 'taishan' };
const reviewer: Actor = { username: 'taishan.reviewer', role: 'reviewer', jurisdiction: 'taishan' };
const panel: Actor = { username: 'taishan.panel', role: 'expert_panel', jurisdiction: 'taishan' };
const finance: Actor = { username: 'taishan.finance', role: 'finance', jurisdiction: 'taishan' };

const ts = useTimeSkipping(prisma, taskQueue);

const today = async () => shanghaiDate(await ts.env.currentTimeMs());
const act = (h: { executeUpdate: (...args: any[]) => unknown }, cmd: object) => (h.executeUpdate as any)(episodeActUpdate, { args: [cmd] });

async function openAndSettleBed(idNumber: string) {
  const { handle } = await applyOnClient(
    ts.env.client,
    taskQueue,
    hospital,
    { kind: 'family_bed', data: eligibleFamilyBed(idNumber, await today()) },
    await today(),
  );
  await act(handle, { action: 'approve', actor: reviewer });
  await act(handle, { action: 'close', actor: hospital, ground: 'cured', closedOn: await today(), certificateNo: 'CB-1' });
  await act(handle, { action: 'settle', actor: finance });
  return handle;
}

test('a third opening in the insurance year waits for the expert panel, then opens', async () => {
  const idNumber = newIdNumber();
  await openAndSettleBed(idNumber);
  await openAndSettleBed(idNumber);
  const third = await applyOnClient(
    ts.env.client,
    taskQueue,
    hospital,
    { kind: 'family_bed', data: eligibleFamilyBed(idNumber, await today()) },
    await today(),
  );
  expect(third.opened).toMatchObject({ status: 'panel_review', panelReasons: [expect.stringContaining('000 §10')] });
  await expect(act(third.handle, { action: 'approve', actor: reviewer })).rejects.toMatchObject({
    cause: { type: 'PANEL_REVIEW_REQUIRED' },
  });
  await expect(act(third.handle, { action: 'panel_decision', actor: reviewer, approved: true, reason: 'x' })).rejects.toMatchObject({
    cause: { type: 'ROLE_NOT_ALLOWED' },
  });
  const decided = await act(third.handle, {
    action: 'panel_decision',
    actor: panel,
    approved: true,
    reason: '病情需要，同意再次建床',
    decisionRef: 'HS-2026-001',
  });
  expect(decided).toMatchObject({ status: 'under_review', panelDecision: { approved: true, by: 'taishan.panel' } });
  const opened = await act(third.handle, { action: 'approve', actor: reviewer });
  expect(opened).toMatchObject({ status: 'opened', openedOn: await today() });
});

test('a person has at most one open bed: a second approval is refused and changes nothing', async () => {
  const idNumber = newIdNumber();
  const first = await applyOnClient(
    ts.env.client,
    taskQueue,
    hospital,
    { kind: 'family_bed', data: eligibleFamilyBed(idNumber, await today()) },
    await today(),
  );
  const second = await applyOnClient(
    ts.env.client,
    taskQueue,
    hospital,
    { kind: 'family_bed', data: eligibleFamilyBed(idNumber, await today()) },
    await today(),
  );
  await act(first.handle, { action: 'approve', actor: reviewer });
  await expect(act(second.handle, { action: 'approve', actor: reviewer })).rejects.toMatchObject({
    cause: { type: 'PERSON_HAS_OPEN_BED' },
  });
  expect(await second.handle.query(episodeStateQuery)).toMatchObject({ status: 'under_review', openedOn: null, version: 1 });
  expect(await prisma.careEpisode.findUniqueOrThrow({ where: { id: second.episodeId } })).toMatchObject({
    status: 'under_review',
    version: 1,
  });
});

test('an application with a hard criterion unmet cannot be approved; the clerk sees every unmet criterion', async () => {
  const date = await today();
  const app = {
    ...eligibleFamilyBed(newIdNumber(), date),
    guardian: null,
    functionalImpairment: 'mild' as const,
    records: [{ institutionName: '台山市人民医院', institutionLevel: 2 as const, kind: 'inpatient' as const, date: addDays(date, -800) }],
  };
  const { handle, opened } = await applyOnClient(ts.env.client, taskQueue, hospital, { kind: 'family_bed', data: app }, date);
  expect(opened.eligibility.map((c: { code: string }) => c.code).sort()).toEqual([
    'GUARDIAN_MISSING',
    'IMPAIRMENT_INSUFFICIENT',
    'RECORDS_MISSING',
    'RECORDS_TOO_OLD',
  ]);
  await expect(act(handle, { action: 'approve', actor: reviewer })).rejects.toMatchObject({ cause: { type: 'ELIGIBILITY_UNMET' } });
  const rejected = await act(handle, { action: 'reject', actor: reviewer, reason: '无陪护人员，病历超过两年' });
  expect(rejected.status).toBe('rejected');
  expect(await handle.result()).toMatchObject({ status: 'rejected' });
});

test('a transfer from a family bed to a geriatric ward closes the bed the day before the ward opens', async () => {
  const idNumber = newIdNumber();
  const bed = await applyOnClient(
    ts.env.client,
    taskQueue,
    hospital,
    { kind: 'family_bed', data: eligibleFamilyBed(idNumber, await today()) },
    await today(),
  );
  await act(bed.handle, { action: 'approve', actor: reviewer });
  const ward = await applyOnClient(
    ts.env.client,
    taskQueue,
    hospital,
    { kind: 'geriatric_ward', data: eligibleGeriatricWard(idNumber) },
    await today(),
    bed.episodeId,
  );
  expect(ward.opened.status).toBe('panel_review');
  await act(ward.handle, { action: 'panel_decision', actor: panel, approved: true, reason: '需转入老年病区' });
  const opened = await act(ward.handle, { action: 'approve', actor: reviewer });
  const day = await today();
  expect(opened).toMatchObject({ status: 'opened', openedOn: addDays(day, 1) });
  let bedState = await bed.handle.query(episodeStateQuery);
  for (let i = 0; i < 50 && bedState.status !== 'closed'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    bedState = await bed.handle.query(episodeStateQuery);
  }
  expect(bedState).toMatchObject({ status: 'closed', closedOn: day, transferTo: ward.episodeId });
  expect(await prisma.careOccupancy.findUnique({ where: { personKey: bed.opened.personKey } })).toMatchObject({
    episodeId: ward.episodeId,
  });
});

// Last: it moves the test server's clock weeks ahead.
test('an application left unreviewed is reminded and then breaches its review limit, escalated to the supervisor', async () => {
  const { handle, episodeId, opened } = await applyOnClient(
    ts.env.client,
    taskQueue,
    hospital,
    { kind: 'family_bed', data: eligibleFamilyBed(newIdNumber(), await today()) },
    await today(),
  );
  expect(opened.reviewDeadline).toMatchObject({ workingDays: 5 });
  const dueAtMs = opened.reviewDeadline!.dueAtMs;
  await ts.env.sleep(dueAtMs - (await ts.env.currentTimeMs()) - 60_000);
  const before = await handle.query(episodeStateQuery);
  expect(before.remindedAt).not.toBeNull();
  expect(before.breachedAt).toBeNull();
  await ts.env.sleep(120_000);
  const after = await handle.query(episodeStateQuery);
  expect(after.breachedAt).toBe(new Date(dueAtMs).toISOString());
  const notes = await prisma.notification.findMany({ where: { caseId: episodeId } });
  expect(notes.filter((n) => n.kind === 'deadline_breached').map((n) => n.recipient)).toEqual(['taishan.supervisor']);
  // The reminder goes to every reviewer of the county (other test files may add reviewers there).
  const countyReviewers = await prisma.user.findMany({
    where: { role: 'reviewer', jurisdiction: 'taishan' },
    orderBy: { username: 'asc' },
  });
  expect(countyReviewers.map((u) => u.username)).toContain('taishan.reviewer');
  expect(
    notes
      .filter((n) => n.kind === 'deadline_reminder')
      .map((n) => n.recipient)
      .sort(),
  ).toEqual(countyReviewers.map((u) => u.username).sort());
  // The clerk can still decide after the breach.
  expect(await act(handle, { action: 'approve', actor: reviewer })).toMatchObject({ status: 'opened' });
});
