/**
 * Side effects of the service-case workflow: the read model and audit log, the calendar lookup
 * behind deadlines, and notifications. Each is idempotent: a retried or replayed activity writes
 * nothing twice (events are keyed by case and sequence number, notifications by a source key).
 */
import type { Logger } from 'pino';
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import type { IsoDate } from '../domain/dates';
import type { Jurisdiction, Role } from '../domain/people';
import type { ServiceCaseState } from '../domain/service-case';
import { resumedDeadline, statutoryDeadline, type StatutoryDeadline } from '../domain/working-days';
import { loadCalendar } from '../store/calendar';
import { idNumberOf } from '../store/persons';

export interface Recipients {
  users?: string[];
  /** every user with this role in the jurisdiction (falling back to the municipal level when none) */
  role?: Role;
  jurisdiction?: Jurisdiction;
  alsoUsers?: string[];
}

export interface NotifyInput {
  sourceKey: string;
  caseId: string;
  kind: string;
  to: Recipients;
  message: string;
}

/** The few fields an auditor compares before and after a change. */
export function auditSummary(s: ServiceCaseState) {
  return {
    status: s.status,
    pendingStep: s.pendingStep,
    assignee: s.assignee,
    dueDate: s.deadline?.dueDate ?? null,
    breached: s.breachedAt !== null,
    ...(s.rejection ? { rejection: s.rejection } : {}),
    ...(s.correction ? { correction: { step: s.correction.step, missingMaterials: s.correction.missingMaterials } } : {}),
    ...(s.disbursedFen !== null ? { disbursedFen: s.disbursedFen } : {}),
  };
}

/** `applicantIdNumber`: the number the person key stands for (store/persons.ts), or an old run's own. */
export function caseRow(s: ServiceCaseState, applicantIdNumber: string) {
  return {
    itemCode: s.item.code,
    applicationNo: s.applicationNo,
    jurisdiction: s.jurisdiction,
    channel: s.channel,
    applicantName: s.applicant.name,
    applicantIdNumber,
    applicantPhone: s.applicant.phone ?? null,
    status: s.status,
    pendingStep: s.pendingStep,
    completedSteps: s.completedSteps.map((c) => c.step),
    // who took each step (its 经办人), when, with the note
    steps: s.completedSteps.map((c) => ({ step: c.step, by: c.by, at: c.at, ...(c.note ? { note: c.note } : {}) })),
    correction: s.correction
      ? {
          step: s.correction.step,
          by: s.correction.by,
          at: s.correction.at,
          missingMaterials: s.correction.missingMaterials,
          reason: s.correction.reason,
          note: s.correction.note,
          pausedDueDate: s.correction.pausedDeadline?.dueDate ?? null,
        }
      : Prisma.DbNull,
    assignee: s.assignee,
    createdBy: s.createdBy.username,
    appliedAt: new Date(s.appliedAt),
    acceptedOn: s.acceptedOn,
    dueDate: s.deadline?.dueDate ?? null,
    dueFrom: s.deadline?.receivedOn ?? null,
    dueWorkingDays: s.deadline?.workingDays ?? null,
    dueAt: s.deadline ? new Date(s.deadline.dueAtMs) : null,
    dueProvisional: s.deadline?.provisional ?? false,
    remindedAt: s.remindedAt ? new Date(s.remindedAt) : null,
    breachedAt: s.breachedAt ? new Date(s.breachedAt) : null,
    closedAt: s.closedAt ? new Date(s.closedAt) : null,
    rejectionReason: s.rejection?.reason ?? null,
    rejectionNote: s.rejection?.note ?? null,
    returnedMaterials: s.rejection?.returnedMaterials ?? [],
    disbursedFen: s.disbursedFen === null ? null : BigInt(s.disbursedFen),
    version: s.version,
  };
}

/** The case's read-model row as the workflow's state says (written by recordEvent). */
export async function writeCaseRow(tx: Prisma.TransactionClient, state: ServiceCaseState, at: string): Promise<void> {
  if (state.version > 1) {
    // After the opening the row is there, and its applicant's number cannot change (the person key is
    // a hash of it): one statement, without the register's read. A missing row is written whole below.
    const { applicantIdNumber: _kept, ...row } = caseRow(state, '');
    const { count } = await tx.serviceCase.updateMany({ where: { id: state.caseId }, data: { ...row, updatedAt: new Date(at) } });
    if (count === 1) return;
  }
  const row = { ...caseRow(state, await idNumberOf(tx, state.applicant)), updatedAt: new Date(at) };
  await tx.serviceCase.upsert({ where: { id: state.caseId }, create: { id: state.caseId, ...row }, update: row });
}

/**
 * One workbench notification per recipient (the role's users in the jurisdiction, or the city
 * level's when it has none); the source key makes a repeat a no-op. Written by the notify activity,
 * or by the record-event activity in the transaction of the event that causes it (a deadline's
 * reminder or breach: one activity, not two).
 */
export async function writeStaffNotification(db: Prisma.TransactionClient | PrismaClient, input: NotifyInput, at: Date): Promise<string[]> {
  const recipients = new Set<string>([...(input.to.users ?? []), ...(input.to.alsoUsers ?? [])]);
  if (input.to.role) {
    const find = (jurisdiction: Jurisdiction) =>
      db.user.findMany({ where: { role: input.to.role, jurisdiction }, select: { username: true }, orderBy: { username: 'asc' } });
    let users = await find(input.to.jurisdiction ?? 'municipal');
    if (users.length === 0) users = await find('municipal'); // no one there: the city level takes it
    users.forEach((u) => recipients.add(u.username));
  }
  await db.notification.createMany({
    data: [...recipients].map((recipient) => ({
      sourceKey: `${input.sourceKey}:${recipient}`,
      recipient,
      caseId: input.caseId,
      kind: input.kind,
      message: input.message,
      createdAt: at,
    })),
    skipDuplicates: true,
  });
  return [...recipients];
}

export function createServiceCaseActivities(deps: { prisma: PrismaClient; logger: Logger }) {
  const { prisma, logger } = deps;
  return {
    /** The statutory deadline from the day of receipt, on the calendar as loaded now. */
    async computeDeadline(input: { receivedOn: IsoDate; workingDays: number }): Promise<StatutoryDeadline> {
      const year = Number(input.receivedOn.slice(0, 4));
      const calendar = await loadCalendar(prisma, [year, year + 1, year + 2]);
      return statutoryDeadline(calendar, input.receivedOn, input.workingDays);
    },

    /** The deadline after a resubmission (退回补正): the working days left, from the day of resubmission. */
    async computeResumedDeadline(input: { paused: StatutoryDeadline; pausedOn: IsoDate; resumedOn: IsoDate }): Promise<StatutoryDeadline> {
      const year = Number(input.pausedOn.slice(0, 4));
      const calendar = await loadCalendar(prisma, [year, year + 1, year + 2]);
      return resumedDeadline(calendar, input.paused, input.pausedOn, input.resumedOn);
    },

    /** Writes one workbench notification per recipient; the source key makes a repeat a no-op. */
    async notify(input: NotifyInput): Promise<string[]> {
      const recipients = await writeStaffNotification(prisma, input, new Date());
      logger.child({ workflowId: input.caseId }).info({ kind: input.kind, recipients }, 'notification sent');
      return recipients;
    },
  };
}
