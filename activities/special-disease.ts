/**
 * Side effects of the special-disease certification workflow: the read model, its audit event and
 * the notice it causes, all in one transaction (the outbox); the notice offsets policy.
 */
import type { Logger } from 'pino';
import type { Prisma, PrismaClient } from '../generated/prisma/client';
import type { CertificationState } from '../domain/certification';
import { type NoticeKind, type NoticeOffsets, defaultNoticeOffsets, noticeOffsetsSchema, renewalWindows } from '../domain/special-disease';
import { type AuditedEvent, appendAuditEvent } from './audit';
import { chineseDate, writeNotice } from './notices';
import { policyValue } from './policy';

export const NOTICE_OFFSETS_POLICY = 'special_disease.noticeOffsets';

function certificationSummary(s: CertificationState) {
  return { status: s.status, periodStart: s.period.start, periodEnd: s.period.end, institutionCode: s.institutionCode, noticesDone: s.noticesDone };
}

/** The notice offsets in force (a policy setting; DOMAIN §3 leaves "before the window opens" and "shortly before E" to it). */
export async function currentNoticeOffsets(prisma: Pick<PrismaClient, 'policySetting'>): Promise<NoticeOffsets> {
  return noticeOffsetsSchema.parse(await policyValue(prisma, NOTICE_OFFSETS_POLICY, defaultNoticeOffsets));
}

export function createSpecialDiseaseActivities(deps: { prisma: PrismaClient; logger: Logger }) {
  const { prisma, logger } = deps;
  return {
    /** Writes the certification row, its audit event and (when given) its notice, once per version. */
    async recordCertificationEvent(input: { state: CertificationState; event: AuditedEvent<CertificationState>; notice?: NoticeKind }):
      Promise<{ notice: { noticeId: string; channels: string[] } | null }> {
      const { state: s, event } = input;
      const result = await prisma.$transaction(async (tx) => {
        const existing = await tx.certification.findUnique({ where: { id: s.certificationId }, select: { version: true } });
        // A repeat (retry or replay) writes nothing new; its notice, if any, is found by its source key.
        const repeat = existing !== null && existing.version >= event.seq;
        if (!repeat) {
          const row = {
            personKey: s.personKey, personName: s.person.name, idNumber: s.person.idNumber, jurisdiction: s.jurisdiction,
            diseaseCode: s.diseaseCode, institutionCode: s.institutionCode, status: s.status,
            periodStart: s.period.start, periodEnd: s.period.end,
            periods: s.history.periods as unknown as Prisma.InputJsonValue, suspensions: s.history.suspensions as unknown as Prisma.InputJsonValue,
            terminatedOn: s.history.terminatedOn, lapsedOn: s.lapsedOn, source: s.source, createdBy: s.createdBy.username,
            version: s.version, updatedAt: new Date(event.at),
          };
          await tx.certification.upsert({ where: { id: s.certificationId }, create: { id: s.certificationId, ...row }, update: row });
          await appendAuditEvent(tx, s.certificationId, event, certificationSummary, s);
        }
        if (!input.notice) return null;
        const w = renewalWindows(s.period.end);
        return writeNotice(tx, {
          sourceKey: `${s.certificationId}:${s.period.end}:${input.notice}`,
          personKey: s.personKey, jurisdiction: s.jurisdiction, caseId: s.certificationId,
          template: `special_disease.${input.notice}`,
          params: {
            name: s.person.name, disease: s.diseaseName,
            windowOpens: chineseDate(w.windowOpens), lastValidDay: chineseDate(w.lastValidDay),
            graceEnds: chineseDate(w.graceEnds), lapsedOn: chineseDate(w.lapsesOn),
          },
        });
      });
      logger.child({ workflowId: s.certificationId }).info({ action: event.action, seq: event.seq, notice: input.notice }, 'certification event recorded');
      return { notice: result };
    },

    noticeOffsets: (): Promise<NoticeOffsets> => currentNoticeOffsets(prisma),
  };
}
