/** A new special-disease certification's state for workflow tests (no API): 糖尿病 (MT002), certified by a hospital. */
import { certificationId, type CertificationState } from '../../domain/certification';
import type { Actor } from '../../domain/people';
import { type CertificationPeriod, defaultNoticeOffsets } from '../../domain/special-disease';
import { personKeyOf } from '../../store/persons';

export function newCertification(opts: {
  idNumber: string;
  name: string;
  period: CertificationPeriod;
  createdBy: Actor;
  personKey?: string;
}): CertificationState {
  const personKey = opts.personKey ?? personKeyOf(opts.idNumber);
  return {
    certificationId: certificationId(personKey, 'MT002'),
    personKey,
    person: { name: opts.name, idNumber: opts.idNumber },
    jurisdiction: 'taishan',
    diseaseCode: 'MT002',
    diseaseName: '糖尿病',
    institutionCode: 'H44070001',
    periodMonths: 12,
    source: 'institution',
    createdBy: opts.createdBy,
    status: 'active',
    period: opts.period,
    history: { periods: [opts.period], suspensions: [], terminatedOn: null },
    lapsedOn: null,
    noticesDone: [],
    offsets: defaultNoticeOffsets,
    renewals: 0,
    version: 0,
  };
}
