/**
 * Side effects of the remote-care filing: its read-model row (the register), the notice an event
 * causes (outbox, same transaction), the validity from the rule set in force, and the register's
 * answer to the settlement side (`filingStatusOf`, used by other processes too: the outpatient
 * facility choice of long-term filers, 003 tip 2).
 */
import type { Logger } from 'pino';
import { addDays, type IsoDate } from '../domain/dates';
import { type FilingState, PROMISE_REMINDER_DAYS, describeFiling, promiseReminderRound } from '../domain/remote-care-filing';
import { policyValue } from '../store/policy';
import { idNumberOf } from '../store/persons';
import {
  type BenefitKind,
  type CarePlace,
  type FilingRecord,
  type FilingStatusAnswer,
  type FilingType,
  type InsuredPlace,
  expiryDate,
  filingStatusOn,
} from '../domain/remote-care';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import { chineseDate, writeNotice } from './notices';

export function filingSummary(s: FilingState) {
  return { status: s.status, type: s.type, validFrom: s.validity?.from ?? null, validUntil: s.validity?.until ?? null, places: s.places };
}

/** The register's record of a filing: what `filingStatusOn` reads (the filing's state without the person). */
const recordFields = [
  'filingId',
  'filingNo',
  'type',
  'insuredPlace',
  'ruleSetId',
  'status',
  'filedOn',
  'validity',
  'places',
  'personalPromise',
  'materialsDeliveredOn',
  'cancelledOn',
] as const satisfies readonly (keyof FilingRecord & keyof FilingState)[];

function recordOf(s: FilingState): FilingRecord {
  return Object.fromEntries(recordFields.map((k) => [k, s[k]])) as unknown as FilingRecord;
}

export async function writeFilingRow(tx: Prisma.TransactionClient, s: FilingState, at: string): Promise<void> {
  const row = {
    personKey: s.personKey,
    personName: s.person.name,
    idNumber: await idNumberOf(tx, { idNumber: s.person.idNumber, personKey: s.personKey }),
    filingNo: s.filingNo,
    jurisdiction: s.jurisdiction,
    insuredPlace: s.insuredPlace,
    ruleSetId: s.ruleSetId,
    type: s.type,
    channel: s.channel,
    status: s.status,
    receivedOn: s.receivedOn,
    filedOn: s.filedOn,
    validFrom: s.validity?.from ?? null,
    validUntil: s.validity?.until ?? null,
    changeableFrom: s.validity?.changeableFrom ?? null,
    cancelledOn: s.cancelledOn,
    personalPromise: s.personalPromise,
    materialsDeliveredOn: s.materialsDeliveredOn,
    places: s.places as unknown as Prisma.InputJsonValue,
    // the register's record, with what the filing page shows beside it (materials, an on-the-spot refusal)
    record: { ...recordOf(s), materials: s.materials, refusal: s.refusal } as unknown as Prisma.InputJsonValue,
    dueDate: s.deadline?.dueDate ?? null,
    breachedAt: s.breachedAt ? new Date(s.breachedAt) : null,
    createdBy: s.createdBy.username,
    version: s.version,
    updatedAt: new Date(at),
  };
  await tx.remoteCareFiling.upsert({ where: { id: s.filingId }, create: { id: s.filingId, ...row }, update: row });
}

/** The notice a filing event causes, written in the event's transaction (once per source key). */
export function writeFilingNotice(tx: Prisma.TransactionClient, s: FilingState, notice: 'expiring_soon' | 'expired') {
  const expires = expiryDate(s) ?? s.validity?.until ?? s.receivedOn;
  return writeNotice(tx, {
    sourceKey: `${s.filingId}:${notice}`,
    personKey: s.personKey,
    jurisdiction: s.jurisdiction,
    caseId: s.filingId,
    template: `remote_care.${notice}`,
    params: {
      name: s.person.name,
      filing: describeFiling(s),
      lastValidDay: chineseDate(s.validity?.until ?? expires),
      expiresOn: chineseDate(expires),
    },
  });
}

/**
 * The settlement side's question for one person (by person key): filed for `place` on `date`
 * (or for the admission of `admittedOn`, 000 §31), which filing and which benefit level.
 */
export async function filingStatusOf(
  prisma: Pick<PrismaClient, 'remoteCareFiling'>,
  q: {
    personKey: string;
    insuredPlace: InsuredPlace;
    place: CarePlace;
    date: IsoDate;
    admittedOn?: IsoDate | null;
    care: BenefitKind;
  },
): Promise<FilingStatusAnswer> {
  const rows = await prisma.remoteCareFiling.findMany({
    where: { personKey: q.personKey, insuredPlace: q.insuredPlace },
    select: { record: true },
  });
  return filingStatusOn(
    rows.map((r) => r.record as unknown as FilingRecord),
    q,
  );
}

/** The policy setting of the promise reminders' interval in days (default PROMISE_REMINDER_DAYS). */
export const PROMISE_REMINDER_POLICY = 'remote_care.promiseReminderDays';

export function createRemoteCareActivities(deps: { prisma: PrismaClient; logger: Logger }) {
  const { prisma, logger } = deps;
  return {
    filingStatusOf: (q: Parameters<typeof filingStatusOf>[1]) => filingStatusOf(prisma, q),

    /**
     * 000 §32: every long-term filing on a personal promise still missing its materials, whose
     * reminder round has come (promiseReminderRound), gets its notice in the outbox, once per round
     * (the source key), however often the daily tick runs.
     */
    async remindPromisedMaterials(input: { today: IsoDate }): Promise<{ noticeId: string; channels: string[] }[]> {
      const intervalDays = Number(await policyValue(prisma, PROMISE_REMINDER_POLICY, PROMISE_REMINDER_DAYS));
      // Only filings whose first round has come (filed at least one interval ago); the columns are
      // read, not the record JSON: a row another writer left with a partial record must not make
      // the activity throw on every retry and stop every filing's reminder (the tick hung on one).
      const rows = await prisma.remoteCareFiling.findMany({
        where: {
          status: 'active',
          personalPromise: true,
          materialsDeliveredOn: null,
          filedOn: { not: null, lte: addDays(input.today, -intervalDays) },
        },
        select: { id: true, personKey: true, personName: true, jurisdiction: true, type: true, places: true, filedOn: true, status: true },
        orderBy: { id: 'asc' },
      });
      const notices: { noticeId: string; channels: string[] }[] = [];
      for (const row of rows) {
        const round = promiseReminderRound({ ...row, personalPromise: true, materialsDeliveredOn: null }, input.today, intervalDays);
        if (round === null) continue;
        const places = Array.isArray(row.places) ? (row.places as unknown as FilingState['places']) : [];
        const written = await prisma.$transaction((tx) =>
          writeNotice(tx, {
            sourceKey: `${row.id}:materials_reminder:${round}`,
            personKey: row.personKey,
            jurisdiction: row.jurisdiction,
            caseId: row.id,
            template: 'remote_care.materials_reminder',
            params: {
              name: row.personName,
              filing: describeFiling({ type: row.type as FilingType, places }),
              filedOn: chineseDate(row.filedOn!),
            },
          }),
        );
        notices.push(written);
      }
      logger.info({ today: input.today, reminded: notices.length }, 'remote-care promise reminders written');
      return notices;
    },
  };
}
