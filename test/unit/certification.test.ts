/** The certification's process rules (000 §15–§17; item 26): insured place, documents, new periods, status on a day. */
import {
  type CertificationState,
  certificationStandingOn,
  checkCertificationAction,
  checkCertificationRequest,
  endedCertification,
  missingApplicantDocuments,
  newCertificationRefusal,
  openingCertificationState,
  registrationRefusal,
  renewalOffer,
} from '../../domain/certification';
import type { Actor } from '../../domain/people';
import { defaultNoticeOffsets, periodFrom, personCoverageOn } from '../../domain/special-disease';

const kaipingClerk: Actor = { username: 'kaiping.clerk', role: 'window_clerk', jurisdiction: 'kaiping' };
const taishanClerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };
const taishanHospital: Actor = { username: 'taishan.hospital', role: 'institution', jurisdiction: 'taishan' };
const period = periodFrom('2026-01-01', 12);
const state: CertificationState = {
  certificationId: 'special-disease:0123456789abcdef:MT001',
  personKey: '0123456789abcdef',
  person: { name: '周五', idNumber: '440781196001011234' },
  jurisdiction: 'kaiping',
  institutionCounty: 'taishan',
  diseaseCode: 'MT001',
  diseaseName: '高血压病',
  institutionCode: 'H44078101',
  periodMonths: 12,
  source: 'institution',
  createdBy: taishanHospital,
  status: 'active',
  period,
  history: { periods: [period], suspensions: [], terminatedOn: null },
  lapsedOn: null,
  noticesDone: [],
  offsets: defaultNoticeOffsets,
  renewals: 0,
  version: 1,
};
const allDocs = { idDocument: true, delegated: false, agentIdDocument: false, applicationForm: true, recordsOrReports: true };

describe('the insured place acts (000 §16–§17)', () => {
  test("the insured place's agency suspends and renews; the certifying county's does not", () => {
    expect(checkCertificationAction(state, { action: 'suspend', reason: 'x', actor: kaipingClerk })).toBeNull();
    expect(checkCertificationAction(state, { action: 'suspend', reason: 'x', actor: taishanClerk })?.code).toBe('OUT_OF_JURISDICTION');
    expect(checkCertificationAction(state, { action: 'renew', documents: allDocs, actor: taishanClerk })?.code).toBe('OUT_OF_JURISDICTION');
  });

  test('an institution renews from any county through its own path', () => {
    expect(checkCertificationAction(state, { action: 'renew', actor: taishanHospital })).toBeNull();
    expect(checkCertificationRequest(state, { action: 'renew', actor: taishanHospital })).toBeNull();
    const offsite = { ...state, institutionCode: null };
    expect(checkCertificationRequest(offsite, { action: 'renew', actor: taishanHospital })).toMatchObject({
      code: 'VALIDATION_FAILED',
      facts: { field: 'institutionCode' },
    });
  });
});

describe('the 000 §16 documents (counter registration and renewal)', () => {
  test("every missing document is listed; the agent's ID only when delegated", () => {
    expect(missingApplicantDocuments(undefined).map((m) => m.field)).toEqual(['idDocument', 'applicationForm', 'recordsOrReports']);
    expect(missingApplicantDocuments(allDocs)).toEqual([]);
    expect(missingApplicantDocuments({ ...allDocs, delegated: true }).map((m) => m.field)).toEqual(['agentIdDocument']);
    expect(missingApplicantDocuments({ ...allDocs, delegated: true, agentIdDocument: true })).toEqual([]);
  });

  test('a counter renewal without them is refused with the list', () => {
    const refused = checkCertificationRequest(state, {
      action: 'renew',
      actor: kaipingClerk,
      documents: { ...allDocs, applicationForm: false },
    });
    expect(refused).toMatchObject({ code: 'DOCUMENTS_MISSING', facts: { missing: [{ field: 'applicationForm' }] } });
    expect(checkCertificationRequest(state, { action: 'renew', actor: kaipingClerk, documents: allDocs })).toBeNull();
  });

  test('registration: an institution states the insured place; a clerk the documents and the treating hospital', () => {
    const person = { name: '周五', idNumber: '440781196001011234' };
    expect(registrationRefusal({ person, diseaseCode: 'MT001', institutionCode: 'H44078101' }, taishanHospital)?.facts).toMatchObject({
      field: 'insuredPlace',
    });
    expect(
      registrationRefusal({ person, diseaseCode: 'MT001', institutionCode: 'H44078101', insuredPlace: 'kaiping' }, taishanHospital),
    ).toBeNull();
    const hospital = { name: '中山大学附属第一医院', place: '广州市' };
    expect(registrationRefusal({ person, diseaseCode: 'MT001', treatingHospital: hospital }, kaipingClerk)?.code).toBe('DOCUMENTS_MISSING');
    expect(registrationRefusal({ person, diseaseCode: 'MT001', offsiteDocuments: allDocs }, kaipingClerk)?.facts).toMatchObject({
      field: 'treatingHospital',
    });
    expect(
      registrationRefusal({ person, diseaseCode: 'MT001', offsiteDocuments: allDocs, treatingHospital: hospital }, kaipingClerk),
    ).toBeNull();
    expect(
      registrationRefusal(
        { person, diseaseCode: 'MT001', offsiteDocuments: allDocs, treatingHospital: hospital, insuredPlace: 'taishan' },
        kaipingClerk,
      )?.code,
    ).toBe('OUT_OF_JURISDICTION');
  });
});

describe('a new certification after the earlier one ended (000 §17)', () => {
  const terminated = endedCertification({ ...state, status: 'terminated', history: { ...state.history, terminatedOn: '2026-06-10' } });

  test('it may start on the termination day, not before', () => {
    expect(newCertificationRefusal([terminated], '2026-06-10')).toBeNull();
    expect(newCertificationRefusal([terminated], '2026-06-09')).toMatchObject({
      code: 'CERTIFICATION_OVERLAPS',
      facts: { previousLastCoveredDay: '2026-06-09' },
    });
  });

  test('coverage on each date is answered by the certification that had started by then', () => {
    const next = periodFrom('2026-08-01', 12);
    const histories = [terminated.history, { periods: [next], suspensions: [], terminatedOn: null }];
    expect(personCoverageOn(histories, '2025-12-31').status).toBe('not_yet');
    expect(personCoverageOn(histories, '2026-03-01')).toMatchObject({ status: 'covered', period });
    expect(personCoverageOn(histories, '2026-07-01').status).toBe('terminated');
    expect(personCoverageOn(histories, '2026-08-01')).toMatchObject({ status: 'covered', period: next });
  });
});

describe('a period already over (000 §17)', () => {
  test('from E+31 a registration opens as historical: lapsed, every notice handled', () => {
    const opened = openingCertificationState(state, '2027-01-31'); // E = 2026-12-31, E+31
    expect(opened).toMatchObject({ status: 'lapsed', lapsedOn: '2027-01-31' });
    expect(opened.noticesDone).toHaveLength(5);
    expect(openingCertificationState(state, '2027-01-30')).toBe(state); // E+30: still renewable late
  });

  test('it is never shown as 有效 once its last day has passed', () => {
    const on = (today: string) => certificationStandingOn({ status: 'active', period }, today);
    expect(on('2026-12-31')).toEqual({ status: 'active', name: '有效' });
    expect(on('2027-01-01').status).toBe('expired');
    expect(on('2027-01-01').name).toContain('2027-01-30');
    expect(on('2027-01-31').status).toBe('lapsed');
    // A renewal made before E starts on E+1: until then the running period keeps it 有效.
    const next = periodFrom('2027-01-01', 12);
    expect(certificationStandingOn({ status: 'active', period: next, periods: [period, next] }, '2026-12-20').name).toBe('有效');
  });

  test('the renewal is offered only while a window is open, and says when it opens', () => {
    expect(renewalOffer({ status: 'active', period }, '2026-12-01')).toMatchObject({
      open: false,
      timing: 'too_early',
      opensOn: '2026-12-02',
    });
    expect(renewalOffer({ status: 'active', period }, '2026-12-01').message).toContain('2026-12-02');
    expect(renewalOffer({ status: 'active', period }, '2026-12-02')).toMatchObject({ open: true, timing: 'on_time' });
    expect(renewalOffer({ status: 'active', period }, '2027-01-30')).toMatchObject({ open: true, timing: 'late' });
    expect(renewalOffer({ status: 'active', period }, '2027-01-31')).toMatchObject({ open: false, timing: 'lapsed' });
    expect(renewalOffer({ status: 'suspended', period }, '2026-12-10').open).toBe(false);
  });
});
