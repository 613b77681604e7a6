import {
  type FacilityCommand,
  type FacilityRef,
  type OutpatientFacilityState,
  type RemoteFiling,
  applyFacilityCommand,
  changeWindow,
  checkFacilityAction,
  combinationProblems,
  facilitiesOn,
  outpatientFacilityId,
  pendingChange,
  type ReferralCommand,
  applyReferral,
  checkReferral,
  referralsOn,
  withRegisterEnds,
} from '../../domain/outpatient-facility';
import type { Actor } from '../../domain/people';

const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };
const kaipingClerk: Actor = { username: 'kaiping.clerk', role: 'window_clerk', jurisdiction: 'kaiping' };
const hospital: Actor = { username: 'h.user', role: 'institution', jurisdiction: 'taishan', institutionCode: 'H44078111' };

const community: FacilityRef = { code: 'H44078111', name: '台山市台城街道社区卫生服务中心', county: '台山市', grade: 1, offsite: false };
const taishanHospital: FacilityRef = { code: 'H44078101', name: '台山市人民医院', county: '台山市', grade: 2, offsite: false };
const kaipingHospital: FacilityRef = { code: 'H44078301', name: '开平市中心医院', county: '开平市', grade: 2, offsite: false };
const gzClinic: FacilityRef = {
  code: 'G44010601',
  name: '广州市天河区某社区卫生服务中心',
  county: '广州市天河区',
  grade: 1,
  offsite: true,
};
const gzClinic2: FacilityRef = {
  code: 'G44010602',
  name: '广州市越秀区某社区卫生服务中心',
  county: '广州市越秀区',
  grade: 1,
  offsite: true,
};
const gzHospital: FacilityRef = { code: 'G44010001', name: '广州市某三甲医院', county: '广州市越秀区', grade: 3, offsite: true };
const gzHospital2: FacilityRef = { code: 'G44010002', name: '广州市某二级医院', county: '广州市海珠区', grade: 2, offsite: true };
const filing: RemoteFiling = {
  filingNo: 'YD2026-001',
  basis: 'materials',
  validFrom: '2026-01-01',
  validTo: '2027-12-31',
  evidence: '备案回执',
};

function fresh(): OutpatientFacilityState {
  return {
    recordId: outpatientFacilityId('P1'),
    personKey: 'P1',
    person: { name: '陈一', idNumber: '440781196001011234' },
    jurisdiction: 'taishan',
    choices: [],
    version: 0,
  };
}

function counter(action: 'choose' | 'change_next_year', facilities: FacilityRef[], extra: Partial<FacilityCommand> = {}): FacilityCommand {
  return { action, actor: clerk, channel: 'counter', formRef: 'F-1', insuranceKind: 'employee', facilities, ...extra } as FacilityCommand;
}

function act(state: OutpatientFacilityState, cmd: FacilityCommand, today: string): OutpatientFacilityState {
  const refusal = checkFacilityAction(state, cmd, today);
  if (refusal) throw refusal;
  return applyFacilityCommand(state, cmd, { today, at: `${today}T02:00:00.000Z` });
}

const codesOn = (s: OutpatientFacilityState, date: string) =>
  facilitiesOn(s.choices, date)
    .facilities.filter((f) => f.usable)
    .map((f) => f.code);

describe('the change window for next year (000 §20): 1 October to 31 December, in force 1 January', () => {
  const chosen = act(fresh(), counter('choose', [community]), '2026-03-02');

  test.each([
    ['2026-09-30', false],
    ['2026-10-01', true],
    ['2026-12-31', true],
    ['2027-01-01', false],
  ])('on %s the window is open: %s', (today, open) => {
    expect(changeWindow(today).open).toBe(open);
    const refusal = checkFacilityAction(chosen, counter('change_next_year', [taishanHospital]), today);
    expect(refusal?.code ?? null).toBe(open ? null : 'CHANGE_WINDOW_CLOSED');
  });

  test('a refusal outside the window says when a change is possible and from when it applies', () => {
    const refusal = checkFacilityAction(chosen, counter('change_next_year', [taishanHospital]), '2026-09-30');
    expect(refusal).toMatchObject({
      code: 'CHANGE_WINDOW_CLOSED',
      facts: { windowOpens: '2026-10-01', windowCloses: '2026-12-31', nextEffectiveFrom: '2027-01-01' },
    });
    expect(refusal?.message).toContain('2026-10-01 至 2026-12-31');
    // 1 January is already the next year's window-less time: its window is 1 Oct–31 Dec of that year
    expect(checkFacilityAction(chosen, counter('change_next_year', [taishanHospital]), '2027-01-01')).toMatchObject({
      facts: { windowOpens: '2027-10-01', nextEffectiveFrom: '2028-01-01' },
    });
  });

  test('a change made on 31 December applies from 1 January, not before', () => {
    const changed = act(chosen, counter('change_next_year', [taishanHospital]), '2026-12-31');
    expect(codesOn(changed, '2026-12-31')).toEqual([community.code]);
    expect(codesOn(changed, '2027-01-01')).toEqual([taishanHospital.code]);
    expect(pendingChange(changed.choices, '2026-12-31')).toMatchObject({ effectiveFrom: '2027-01-01' });
  });

  test('a second change in the same window replaces the first', () => {
    let s = act(chosen, counter('change_next_year', [taishanHospital]), '2026-10-01');
    s = act(s, counter('change_next_year', [kaipingHospital]), '2026-11-15');
    expect(codesOn(s, '2027-01-01')).toEqual([kaipingHospital.code]);
  });
});

describe('one choice per person, carried over year after year (000 §20 视为继续选定)', () => {
  test('a second registration is refused: the person changes instead', () => {
    const s = act(fresh(), counter('choose', [community]), '2026-03-02');
    expect(checkFacilityAction(s, counter('choose', [taishanHospital]), '2026-03-03')).toMatchObject({ code: 'FACILITY_ALREADY_CHOSEN' });
  });

  test('the answer for any date is a function of the recorded choices only, across several years', () => {
    let s = act(fresh(), counter('choose', [community]), '2024-05-10');
    s = act(s, counter('change_next_year', [taishanHospital]), '2026-10-20'); // for 2027
    expect(codesOn(s, '2024-05-09')).toEqual([]);
    expect(codesOn(s, '2024-05-10')).toEqual([community.code]);
    expect(codesOn(s, '2025-06-01')).toEqual([community.code]);
    expect(facilitiesOn(s.choices, '2026-01-01')).toMatchObject({ carriedOver: true, choice: { effectiveFrom: '2024-05-10' } });
    expect(codesOn(s, '2027-01-01')).toEqual([taishanHospital.code]);
    expect(facilitiesOn(s.choices, '2027-01-01').carriedOver).toBe(false);
    expect(facilitiesOn(s.choices, '2029-08-08')).toMatchObject({
      carriedOver: true,
      facilities: [{ code: taishanHospital.code, usable: true }],
    });
  });

  test('a missed 1 January changes nothing: the same answer whenever it is asked, in any order', () => {
    let s = act(fresh(), counter('choose', [community]), '2026-03-02');
    s = act(s, counter('change_next_year', [taishanHospital]), '2026-12-01');
    const dates = ['2027-03-01', '2027-01-01', '2026-12-31', '2028-01-01'];
    const first = dates.map((d) => codesOn(s, d));
    const reversed = [...dates]
      .reverse()
      .map((d) => codesOn(s, d))
      .reverse();
    expect(first).toEqual([[taishanHospital.code], [taishanHospital.code], [community.code], [taishanHospital.code]]);
    expect(reversed).toEqual(first);
  });

  test('a next-year change needs a registration first', () => {
    expect(checkFacilityAction(fresh(), counter('change_next_year', [community]), '2026-10-01')).toMatchObject({
      code: 'NO_FACILITY_CHOSEN',
    });
  });
});

describe('mid-year change (000 §20 ¶3): moving house or a change of grade, at the insured place', () => {
  const chosen = act(fresh(), counter('choose', [community]), '2026-03-02');
  const midYear = (ground: 'moved_house' | 'facility_grade_changed' | 'other', actor: Actor = clerk): FacilityCommand => ({
    action: 'change_mid_year',
    actor,
    channel: 'counter',
    formRef: 'BG-1',
    insuranceKind: 'employee',
    facilities: [kaipingHospital],
    ground,
    evidence: '新住址居住证明',
  });

  test.each(['moved_house', 'facility_grade_changed'] as const)(
    '%s: in force from the day recorded, with ground and evidence',
    (ground) => {
      const s = act(chosen, midYear(ground), '2026-06-15');
      expect(codesOn(s, '2026-06-14')).toEqual([community.code]);
      expect(codesOn(s, '2026-06-15')).toEqual([kaipingHospital.code]);
      expect(s.choices.at(-1)).toMatchObject({
        ground,
        evidence: '新住址居住证明',
        formRef: 'BG-1',
        by: 'taishan.clerk',
        office: 'taishan',
      });
    },
  );

  test('another ground is refused with the dates when a change is possible', () => {
    expect(checkFacilityAction(chosen, midYear('other'), '2026-06-15')).toMatchObject({
      code: 'CHANGE_WINDOW_CLOSED',
      facts: { windowOpens: '2026-10-01', windowCloses: '2026-12-31', nextEffectiveFrom: '2027-01-01' },
    });
  });

  test("only through the insured place's agency, at its counter", () => {
    expect(checkFacilityAction(chosen, midYear('moved_house', kaipingClerk), '2026-06-15')).toMatchObject({ code: 'OUT_OF_JURISDICTION' });
    expect(checkFacilityAction(chosen, midYear('moved_house', hospital), '2026-06-15')).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
    expect(checkFacilityAction(chosen, { ...midYear('moved_house'), channel: 'online' } as FacilityCommand, '2026-06-15')).toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  test('without a choice in force there is nothing to change', () => {
    expect(checkFacilityAction(fresh(), midYear('moved_house'), '2026-06-15')).toMatchObject({ code: 'NO_FACILITY_CHOSEN' });
  });
});

describe('channels (000 §19; 004 item 9)', () => {
  test('a counter needs the form number (附件3); the facility may record only a choice of itself', () => {
    expect(checkFacilityAction(fresh(), counter('choose', [community], { formRef: undefined }), '2026-03-02')).toMatchObject({
      code: 'VALIDATION_FAILED',
      facts: { field: 'formRef' },
    });
    const byHospital = (f: FacilityRef): FacilityCommand => ({
      action: 'choose',
      actor: hospital,
      channel: 'institution',
      insuranceKind: 'resident',
      facilities: [f],
    });
    expect(checkFacilityAction(fresh(), byHospital(community), '2026-03-02')).toBeNull();
    expect(checkFacilityAction(fresh(), byHospital(taishanHospital), '2026-03-02')).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
  });
});

describe('off-site choices for long-term filers (003 tip 2, tip 3)', () => {
  const codes = (p: { code: string }[]) => p.map((x) => x.code);
  test.each([
    ['employee: one level-1', 'employee', [gzClinic], []],
    ['employee: one level-1 plus one level-3', 'employee', [gzClinic, gzHospital], []],
    ['employee: a local one beside them', 'employee', [community, gzClinic, gzHospital], []],
    ['employee: a level-3 alone', 'employee', [gzHospital], ['EMPLOYEE_LEVEL1_FIRST']],
    ['employee: two level-1', 'employee', [gzClinic, gzClinic2], ['EMPLOYEE_LEVEL1_FIRST']],
    ['employee: two higher', 'employee', [gzClinic, gzHospital, gzHospital2], ['EMPLOYEE_ONE_HIGHER']],
    ['resident: one level-1', 'resident', [gzClinic], []],
    ['resident: level-1 plus level-3', 'resident', [gzClinic, gzHospital], ['RESIDENT_ONE_LEVEL1']],
    ['resident: a level-2 alone', 'resident', [gzHospital2], ['RESIDENT_ONE_LEVEL1']],
    ['two local ones', 'employee', [community, taishanHospital], ['ONE_LOCAL_FACILITY']],
  ] as const)('%s', (_label, kind, facilities, expected) => {
    expect(codes(combinationProblems(kind, facilities, filing, '2026-03-02'))).toEqual(expected);
  });

  test('off-site needs a long-term filing valid when the choice takes effect; promise-only filers have no local one', () => {
    expect(codes(combinationProblems('employee', [gzClinic], undefined, '2026-03-02'))).toEqual(['REMOTE_FILING_REQUIRED']);
    expect(codes(combinationProblems('employee', [gzClinic], { ...filing, validFrom: '2026-04-01' }, '2026-03-02'))).toEqual([
      'REMOTE_FILING_NOT_VALID',
    ]);
    expect(codes(combinationProblems('employee', [community, gzClinic], { ...filing, basis: 'promise' }, '2026-03-02'))).toEqual([
      'PROMISE_NO_LOCAL_OUTPATIENT',
    ]);
  });

  test('a refused combination lists every unmet rule', () => {
    const refusal = checkFacilityAction(fresh(), counter('choose', [community, taishanHospital, gzHospital]), '2026-03-02');
    expect(refusal).toMatchObject({ code: 'ELIGIBILITY_UNMET' });
    expect(codes(refusal?.facts.unmet as { code: string }[])).toEqual([
      'ONE_LOCAL_FACILITY',
      'REMOTE_FILING_REQUIRED',
      'EMPLOYEE_LEVEL1_FIRST',
    ]);
  });

  test('off-site facilities are usable only while the filing is valid; the local one stays', () => {
    const s = act(fresh(), counter('choose', [community, gzClinic, gzHospital], { remoteFiling: filing }), '2026-03-02');
    expect(codesOn(s, '2027-12-31')).toEqual([community.code, gzClinic.code, gzHospital.code]);
    const after = facilitiesOn(s.choices, '2028-01-01');
    expect(after.facilities.map((f) => [f.code, f.usable])).toEqual([
      [community.code, true],
      [gzClinic.code, false],
      [gzHospital.code, false],
    ]);
    expect(after.facilities[1]?.reason).toContain('YD2026-001');
  });

  test('a cancellation in the remote-care register since the choice ends the off-site facilities on its day', () => {
    const s = act(fresh(), counter('choose', [community, gzClinic], { remoteFiling: filing }), '2026-03-02');
    const cancelled = withRegisterEnds(s.choices, [{ filingNo: 'YD2026-001', lastDay: '2026-09-30' }]);
    const usable = (date: string) =>
      facilitiesOn(cancelled, date)
        .facilities.filter((f) => f.usable)
        .map((f) => f.code);
    expect(usable('2026-09-30')).toEqual([community.code, gzClinic.code]);
    expect(usable('2026-10-01')).toEqual([community.code]);
    // another filing's end, an open-ended register entry or a later end change nothing
    expect(withRegisterEnds(s.choices, [{ filingNo: 'YD-OTHER', lastDay: '2026-04-01' }])).toEqual(s.choices);
    expect(withRegisterEnds(s.choices, [{ filingNo: 'YD2026-001', lastDay: null }])).toEqual(s.choices);
    expect(withRegisterEnds(s.choices, [{ filingNo: 'YD2026-001', lastDay: '2028-06-30' }])).toEqual(s.choices);
  });
});

describe('outpatient referral (000 §22): filed by the chosen facility, usable for its period', () => {
  const chosen = act(fresh(), counter('choose', [community]), '2026-03-02');
  const referral = (actor: Actor, extra: Partial<ReferralCommand> = {}): ReferralCommand => ({
    action: 'file_referral',
    actor,
    referralNo: 'ZZ-1',
    to: taishanHospital,
    formRef: 'FJ5-1',
    diagnosis: '需上级医院专科诊治',
    reviewedBy: '医务科 李四',
    validTo: '2026-04-30',
    ...extra,
  });

  test('only the facility in force for the person files it; the receiving facility is usable from filing to its last day', () => {
    const other: Actor = { ...hospital, username: 'other', institutionCode: taishanHospital.code };
    expect(checkReferral(chosen, referral(other), '2026-03-10')).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
    expect(checkReferral(chosen, referral(clerk), '2026-03-10')).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
    expect(checkReferral(chosen, referral(hospital, { validTo: '2026-03-09' }), '2026-03-10')).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(checkReferral(chosen, referral(hospital), '2026-03-10')).toBeNull();
    const s = applyReferral(chosen, referral(hospital), '2026-03-10');
    expect(s.referrals?.[0]).toMatchObject({ from: { code: community.code }, to: { code: taishanHospital.code }, filedOn: '2026-03-10' });
    expect(checkReferral(s, referral(hospital), '2026-03-11')).toMatchObject({ code: 'DUPLICATE_SOURCE' });
    expect(referralsOn(s.referrals!, '2026-03-09')).toHaveLength(0);
    expect(referralsOn(s.referrals!, '2026-04-30')).toHaveLength(1);
    expect(referralsOn(s.referrals!, '2026-05-01')).toHaveLength(0);
  });
});
