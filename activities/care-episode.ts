/**
 * Side effects of the family-bed / geriatric-ward episode workflow: the read model with its audit
 * event and the person's occupancy row in one transaction, the opening history, the review deadline.
 */
import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { EpisodeState } from '../domain/care-process';
import { applicantBirthDate } from '../domain/care-episode';
import type { IsoDate } from '../domain/dates';
import { statutoryDeadline, type StatutoryDeadline } from '../domain/working-days';
import { loadCalendar } from '../store/calendar';
import { policyValue } from '../store/policy';
import { idNumberOf } from '../store/persons';

export type Occupancy = { op: 'claim' | 'release' } | { op: 'transfer'; from: string };

export function episodeSummary(s: EpisodeState) {
  return {
    status: s.status,
    openedOn: s.openedOn,
    closedOn: s.closedOn,
    ...(s.closing ? { closingGround: s.closing.ground } : {}),
    ...(s.panelDecision ? { panelApproved: s.panelDecision.approved } : {}),
    ...(s.rejectionReason ? { rejectionReason: s.rejectionReason } : {}),
    reviewDueDate: s.reviewDeadline?.dueDate ?? null,
    reviewBreached: s.breachedAt !== null,
  };
}

/** `idNumber`: the number the episode's person key stands for (store/persons.ts), or an old run's own. */
function episodeRow(s: EpisodeState, at: string, idNumber: string) {
  const person = s.application.data.person;
  return {
    kind: s.application.kind,
    personKey: s.personKey,
    personName: person.name,
    idNumber,
    birthDate: applicantBirthDate(person), // the ID number's, 000 §13(一)
    insuredCounty: person.insuredCounty,
    jurisdiction: s.jurisdiction,
    applicationNo: s.applicationNo,
    applicationDate: s.applicationDate,
    condition: s.application.kind === 'family_bed' ? s.application.data.condition : s.application.data.qualifier,
    // the application as the institution sent it: the read model keeps the person's number (001 §26: PostgreSQL only)
    application: { ...s.application.data, person: { ...person, idNumber } } as Prisma.InputJsonValue,
    eligibility: s.eligibility as unknown as Prisma.InputJsonValue,
    status: s.status,
    panelRequired: s.panelReasons.length > 0,
    panelReasons: s.panelReasons,
    panelDecision: (s.panelDecision ?? undefined) as Prisma.InputJsonValue | undefined,
    transferFrom: s.transferFrom ?? null,
    transferTo: s.transferTo,
    deductible: s.deductible,
    openedOn: s.openedOn,
    closedOn: s.closedOn,
    closingGround: s.closing?.ground ?? null,
    closingCertificateNo: s.closing?.certificateNo ?? null,
    settledAt: s.settledAt ? new Date(s.settledAt) : null,
    reviewDueDate: s.reviewDeadline?.dueDate ?? null,
    reviewDueAt: s.reviewDeadline ? new Date(s.reviewDeadline.dueAtMs) : null,
    reviewRemindedAt: s.remindedAt ? new Date(s.remindedAt) : null,
    reviewBreachedAt: s.breachedAt ? new Date(s.breachedAt) : null,
    rejectionReason: s.rejectionReason,
    createdBy: s.createdBy.username,
    version: s.version,
    updatedAt: new Date(at),
  };
}

/** The episode's read-model row as the workflow's state says (written by recordEvent). */
export async function writeEpisodeRow(tx: Prisma.TransactionClient, state: EpisodeState, at: string): Promise<void> {
  const row = episodeRow(state, at, await idNumberOf(tx, { idNumber: state.application.data.person.idNumber, personKey: state.personKey }));
  await tx.careEpisode.upsert({ where: { id: state.episodeId }, create: { id: state.episodeId, ...row }, update: row });
}

/**
 * Claims, hands over or releases the person's single occupancy row (000 §10: one open bed per
 * person). A claim against another episode's occupancy answers that episode and writes nothing.
 */
export async function applyOccupancy(
  tx: Prisma.TransactionClient,
  state: EpisodeState,
  occupancy: Occupancy,
  at: string,
): Promise<{ ok: true } | { ok: false; occupiedBy: string }> {
  if (occupancy.op === 'release') {
    await tx.careOccupancy.deleteMany({ where: { personKey: state.personKey, episodeId: state.episodeId } });
    return { ok: true };
  }
  const held = await tx.careOccupancy.findUnique({ where: { personKey: state.personKey } });
  const mayTake = !held || held.episodeId === state.episodeId || (occupancy.op === 'transfer' && held.episodeId === occupancy.from);
  if (!mayTake) return { ok: false, occupiedBy: held!.episodeId };
  await tx.careOccupancy.upsert({
    where: { personKey: state.personKey },
    create: { personKey: state.personKey, episodeId: state.episodeId, kind: state.application.kind, since: new Date(at) },
    update: { episodeId: state.episodeId, kind: state.application.kind, since: new Date(at) },
  });
  return { ok: true };
}

export const CARE_REVIEW_DAYS_POLICY = 'care.reviewWorkingDays';
export const CARE_REVIEW_DAYS_DEFAULT = 5;

export function createCareEpisodeActivities(deps: { prisma: PrismaClient; logger: Logger }) {
  const { prisma } = deps;
  return {
    /** Opening dates of the person's other family-bed episodes (000 §10 counts them per year). */
    async priorFamilyBedOpenings(input: { personKey: string; exclude: string }): Promise<IsoDate[]> {
      const rows = await prisma.careEpisode.findMany({
        where: { personKey: input.personKey, kind: 'family_bed', openedOn: { not: null }, id: { not: input.exclude } },
        select: { openedOn: true },
      });
      return rows.map((r) => r.openedOn!);
    },

    /** The agency's review time limit: a policy setting in working days (the regulation sets none). */
    async reviewDeadline(input: { receivedOn: IsoDate; workingDays?: number }): Promise<StatutoryDeadline> {
      const days = input.workingDays ?? (await policyValue(prisma, CARE_REVIEW_DAYS_POLICY, CARE_REVIEW_DAYS_DEFAULT));
      const year = Number(input.receivedOn.slice(0, 4));
      return statutoryDeadline(await loadCalendar(prisma, [year, year + 1]), input.receivedOn, days);
    },
  };
}
