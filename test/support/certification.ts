/** A new special-disease certification's state for workflow tests and direct starts (no API): 糖尿病 (MT002), certified by a hospital. */
import { certificationId, newCertificationState, type CertificationState } from '../../domain/certification';
import type { Actor, Jurisdiction } from '../../domain/people';
import { type CertificationPeriod, defaultNoticeOffsets, type NoticeOffsets } from '../../domain/special-disease';
import { personKeyOf } from '../../store/persons';

export function newCertification(opts: {
  idNumber: string;
  name: string;
  period: CertificationPeriod;
  createdBy: Actor;
  personKey?: string;
  periodMonths?: number;
  jurisdiction?: Jurisdiction;
  offsets?: NoticeOffsets;
}): CertificationState {
  const personKey = opts.personKey ?? personKeyOf(opts.idNumber);
  return newCertificationState({
    certificationId: certificationId(personKey, 'MT002'),
    personKey,
    person: { name: opts.name, idNumber: opts.idNumber },
    jurisdiction: opts.jurisdiction ?? 'taishan',
    diseaseCode: 'MT002',
    diseaseName: '糖尿病',
    institutionCode: 'H44070001',
    periodMonths: opts.periodMonths ?? 12,
    source: 'institution',
    createdBy: opts.createdBy,
    period: opts.period,
    offsets: opts.offsets ?? defaultNoticeOffsets,
  });
}
