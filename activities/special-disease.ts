/**
 * Side effects of the special-disease certification workflow: the read model, its audit event and
 * the notice it causes, all in one transaction (the outbox); the notice offsets policy.
 */
import type { Logger } from 'pino';
import { Prisma, type PrismaClient } from '../generated/prisma/client';
import type { CertificationState } from '../domain/certification';
import { type NoticeKind, type NoticeOffsets, defaultNoticeOffsets, noticeOffsetsSchema, renewalWindows } from '../domain/special-disease';
import { chineseDate, writeNotice } from './notices';
import { policyValue } from '../store/policy';
import { idNumberOf } from '../store/persons';

export const NOTICE_OFFSETS_POLICY = 'special_disease.noticeOffsets';

export function certificationSummary(s: CertificationState) {
  return {
    status: s.status,
    periodStart: s.period.start,
    periodEnd: s.period.end,
    institutionCode: s.institutionCode,
    noticesDone: s.noticesDone,
  };
}

/** The notice offsets in force (a policy setting; DOMAIN §3 leaves "before the window opens" and "shortly before E" to it). */
export async function currentNoticeOffsets(prisma: Pick<PrismaClient, 'policySetting'>): Promise<NoticeOffsets> {
  return noticeOffsetsSchema.parse(await policyValue(prisma, NOTICE_OFFSETS_POLICY, defaultNoticeOffsets));
}

/** The certification's read-model row as the workflow's state says (written by recordEvent). */
export async function writeCertificationRow(tx: Prisma.TransactionClient, s: CertificationState, at: string): Promise<void> {
  const row = {
    personKey: s.personKey,
    personName: s.person.name,
    idNumber: await idNumberOf(tx, { idNumber: s.person.idNumber, personKey: s.personKey }),
    jurisdiction: s.jurisdiction,
    institutionCounty: s.institutionCounty ?? null,
    treatingHospital: s.treatingHospital ?? Prisma.DbNull,
    earlier: (s.earlier ?? []) as unknown as Prisma.InputJsonValue,
    diseaseCode: s.diseaseCode,
    institutionCode: s.institutionCode,
    status: s.status,
    periodStart: s.period.start,
    periodEnd: s.period.end,
    periods: s.history.periods as unknown as Prisma.InputJsonValue,
    suspensions: s.history.suspensions as unknown as Prisma.InputJsonValue,
    terminatedOn: s.history.terminatedOn,
    lapsedOn: s.lapsedOn,
    source: s.source,
    createdBy: s.createdBy.username,
    version: s.version,
    updatedAt: new Date(at),
  };
  await tx.certification.upsert({ where: { id: s.certificationId }, create: { id: s.certificationId, ...row }, update: row });
}

/** The notice a certification event causes, written to the outbox in the event's transaction (once per source key). */
export function writeCertificationNotice(tx: Prisma.TransactionClient, s: CertificationState, notice: NoticeKind) {
  const w = renewalWindows(s.period.end);
  return writeNotice(tx, {
    // The n-th later certification of the same person and disease gets its own keys (its period may end on the same day).
    sourceKey: `${s.certificationId}:${s.earlier?.length ? `${s.earlier.length}:` : ''}${s.period.end}:${notice}`,
    personKey: s.personKey,
    jurisdiction: s.jurisdiction,
    caseId: s.certificationId,
    template: `special_disease.${notice}`,
    params: {
      name: s.person.name,
      disease: s.diseaseName,
      windowOpens: chineseDate(w.windowOpens),
      lastValidDay: chineseDate(w.lastValidDay),
      graceEnds: chineseDate(w.graceEnds),
      lapsedOn: chineseDate(w.lapsesOn),
    },
  });
}

export function createSpecialDiseaseActivities(deps: { prisma: PrismaClient; logger: Logger }) {
  const { prisma } = deps;
  return {
    noticeOffsets: (): Promise<NoticeOffsets> => currentNoticeOffsets(prisma),
  };
}
