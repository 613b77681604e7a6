/** The general-outpatient choice's read model (000 §19–§20): the row the record-event activity writes. */
import type { OutpatientFacilityState } from '../domain/outpatient-facility';
import type { Prisma } from '../generated/prisma/client';
import { idNumberOf } from '../store/persons';

/** What the audit trail keeps of the state: the latest choice, without the person's ID number. */
export function outpatientFacilitySummary(s: OutpatientFacilityState) {
  const last = s.choices.at(-1);
  return {
    choices: s.choices.length,
    referrals: (s.referrals ?? []).map((r) => ({ referralNo: r.referralNo, to: r.to.code, validTo: r.validTo })),
    latest: last
      ? { action: last.action, effectiveFrom: last.effectiveFrom, facilities: last.facilities.map((f) => f.code), ground: last.ground }
      : null,
  };
}

/** The person's row exactly as the workflow's state says (written by recordEvent). */
export async function writeOutpatientFacilityRow(tx: Prisma.TransactionClient, s: OutpatientFacilityState, at: string): Promise<void> {
  const row = {
    personKey: s.personKey,
    personName: s.person.name,
    idNumber: await idNumberOf(tx, { idNumber: s.person.idNumber, personKey: s.personKey }),
    jurisdiction: s.jurisdiction,
    choices: s.choices as unknown as Prisma.InputJsonValue,
    referrals: (s.referrals ?? []) as unknown as Prisma.InputJsonValue,
    version: s.version,
    updatedAt: new Date(at),
  };
  await tx.outpatientFacility.upsert({ where: { id: s.recordId }, create: { id: s.recordId, ...row }, update: row });
}
