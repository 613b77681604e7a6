import {
  type CertificationHistory,
  coverageOn,
  defaultNoticeOffsets,
  noticeInstant,
  noticeKinds,
  noticeOffsetsSchema,
  noticeSendAt,
  noticeSchedule,
  coverageWithCareEpisodes,
  periodFrom,
  renew,
  renewalTiming,
  renewalWindows,
} from '../../domain/special-disease';
import { DomainError } from '../../domain/errors';

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a DomainError');
}

/**
 * Window boundaries written out by hand (not computed with addDays), for a last valid day E:
 * E−30 too early, E−29 on time, E on time, E+1 late, E+30 late, E+31 lapsed (000 §17; DOMAIN §11).
 */
const cases: { label: string; e: string; eMinus30: string; eMinus29: string; ePlus1: string; ePlus30: string; ePlus31: string }[] = [
  {
    label: 'a 31-day month end (late window crosses a 28-day February)',
    e: '2026-01-31',
    eMinus30: '2026-01-01',
    eMinus29: '2026-01-02',
    ePlus1: '2026-02-01',
    ePlus30: '2026-03-02',
    ePlus31: '2026-03-03',
  },
  {
    label: 'a 30-day month end',
    e: '2026-04-30',
    eMinus30: '2026-03-31',
    eMinus29: '2026-04-01',
    ePlus1: '2026-05-01',
    ePlus30: '2026-05-30',
    ePlus31: '2026-05-31',
  },
  {
    label: 'Feb 29 of a leap year',
    e: '2028-02-29',
    eMinus30: '2028-01-30',
    eMinus29: '2028-01-31',
    ePlus1: '2028-03-01',
    ePlus30: '2028-03-30',
    ePlus31: '2028-03-31',
  },
  {
    label: 'Mar 1 of a leap year (on-time window crosses Feb 29)',
    e: '2028-03-01',
    eMinus30: '2028-01-31',
    eMinus29: '2028-02-01',
    ePlus1: '2028-03-02',
    ePlus30: '2028-03-31',
    ePlus31: '2028-04-01',
  },
  {
    label: 'Dec 31 (late window crosses the year end)',
    e: '2026-12-31',
    eMinus30: '2026-12-01',
    eMinus29: '2026-12-02',
    ePlus1: '2027-01-01',
    ePlus30: '2027-01-30',
    ePlus31: '2027-01-31',
  },
  {
    label: 'Jan 15 (on-time window crosses the year end)',
    e: '2027-01-15',
    eMinus30: '2026-12-16',
    eMinus29: '2026-12-17',
    ePlus1: '2027-01-16',
    ePlus30: '2027-02-14',
    ePlus31: '2027-02-15',
  },
];

describe.each(cases)('renewal windows when the last valid day is $e ($label)', (c) => {
  test('renewalWindows names E−29, E, E+1, E+30, E+31', () => {
    expect(renewalWindows(c.e)).toEqual({
      windowOpens: c.eMinus29,
      lastValidDay: c.e,
      graceStarts: c.ePlus1,
      graceEnds: c.ePlus30,
      lapsesOn: c.ePlus31,
    });
  });

  test('timing at every boundary', () => {
    expect(renewalTiming(c.e, c.eMinus30)).toBe('too_early');
    expect(renewalTiming(c.e, c.eMinus29)).toBe('on_time');
    expect(renewalTiming(c.e, c.e)).toBe('on_time');
    expect(renewalTiming(c.e, c.ePlus1)).toBe('late');
    expect(renewalTiming(c.e, c.ePlus30)).toBe('late');
    expect(renewalTiming(c.e, c.ePlus31)).toBe('lapsed');
  });

  test('on-time and late renewals both start on E+1', () => {
    for (const [on, timing] of [
      [c.eMinus29, 'on_time'],
      [c.e, 'on_time'],
      [c.ePlus1, 'late'],
      [c.ePlus30, 'late'],
    ] as const) {
      const r = renew(c.e, on, 12);
      expect(r.timing).toBe(timing);
      expect(r.period).toEqual(periodFrom(c.ePlus1, 12));
      expect(r.period.start).toBe(c.ePlus1);
    }
  });

  test('a renewal on E−30 or E+31 is refused with the dates in facts', () => {
    for (const [on, timing] of [
      [c.eMinus30, 'too_early'],
      [c.ePlus31, 'lapsed'],
    ] as const) {
      const err = thrown(() => renew(c.e, on, 12));
      expect(err.code).toBe('RENEWAL_WINDOW_CLOSED');
      expect(err.facts).toMatchObject({
        on,
        timing,
        windowOpens: c.eMinus29,
        lastValidDay: c.e,
        graceEnds: c.ePlus30,
        lapsesOn: c.ePlus31,
      });
    }
    expect(thrown(() => renew(c.e, c.eMinus30, 12)).message).toContain(c.eMinus29);
    expect(thrown(() => renew(c.e, c.ePlus31, 12)).message).toContain(c.ePlus30);
  });
});

describe('periodFrom: start + N months − 1 day (PRC Civil Code art. 202)', () => {
  test.each([
    ['2026-01-01', 12, '2026-12-31'],
    ['2026-03-01', 1, '2026-03-31'],
    ['2026-12-15', 1, '2027-01-14'],
    ['2027-01-01', 12, '2027-12-31'],
    // February starts
    ['2027-02-28', 12, '2028-02-27'], // 2028-02-28 exists: the day before it
    ['2028-02-29', 12, '2029-02-28'], // no 2029-02-29: the month's last day
    ['2028-02-29', 48, '2032-02-28'], // 2032-02-29 exists: the day before it
    ['2028-02-28', 12, '2029-02-27'],
    // starts on the 29th–31st into shorter months: the month's last day
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-01-30', 1, '2026-02-28'],
    ['2026-01-29', 1, '2026-02-28'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-05-31', 1, '2026-06-30'],
    ['2026-08-31', 1, '2026-09-30'],
    ['2026-01-31', 3, '2026-04-30'],
    ['2026-01-31', 12, '2027-01-30'], // 2027-01-31 exists: the day before it
    ['2026-10-31', 4, '2027-02-28'],
  ] as const)('%s + %i months ends %s', (start, months, end) => {
    expect(periodFrom(start, months)).toEqual({ start, end });
  });

  test('months must be a positive integer; the start a real date', () => {
    for (const m of [0, -1, 1.5, Number.NaN]) expect(thrown(() => periodFrom('2026-01-01', m)).code).toBe('VALIDATION_FAILED');
    expect(thrown(() => periodFrom('2026-02-30', 12)).code).toBe('VALIDATION_FAILED');
    expect(thrown(() => periodFrom('2026-2-3', 12)).code).toBe('VALIDATION_FAILED');
  });

  test('consecutive renewals chain without gap or overlap', () => {
    const p1 = periodFrom('2026-01-01', 12);
    const p2 = renew(p1.end, '2026-12-02', 12).period;
    const p3 = renew(p2.end, '2028-01-30', 12).period; // late, day 30
    expect([p1, p2, p3]).toEqual([
      { start: '2026-01-01', end: '2026-12-31' },
      { start: '2027-01-01', end: '2027-12-31' },
      { start: '2028-01-01', end: '2028-12-31' },
    ]);
  });

  test('invalid dates are refused by renewal functions', () => {
    expect(thrown(() => renewalWindows('2026-13-01')).code).toBe('VALIDATION_FAILED');
    expect(thrown(() => renewalTiming('2026-12-31', '2027-02-29')).code).toBe('VALIDATION_FAILED');
  });
});

describe('noticeSchedule', () => {
  test('default offsets (7, 7) for E = 2026-12-31, in date order', () => {
    expect(defaultNoticeOffsets).toEqual({ beforeWindowDays: 7, beforeExpiryDays: 7 });
    const s = noticeSchedule('2026-12-31', defaultNoticeOffsets);
    expect(s).toEqual([
      { kind: 'window_opens_soon', on: '2026-11-25' },
      { kind: 'window_open', on: '2026-12-02' },
      { kind: 'expiring_soon', on: '2026-12-24' },
      { kind: 'expired_grace', on: '2027-01-01' },
      { kind: 'lapsed', on: '2027-01-31' },
    ]);
    expect(s.map((n) => n.kind)).toEqual([...noticeKinds]);
  });

  test('custom offsets at their limits, across Feb 29', () => {
    expect(noticeSchedule('2028-03-01', { beforeWindowDays: 30, beforeExpiryDays: 28 })).toEqual([
      { kind: 'window_opens_soon', on: '2028-01-02' },
      { kind: 'window_open', on: '2028-02-01' },
      { kind: 'expiring_soon', on: '2028-02-02' },
      { kind: 'expired_grace', on: '2028-03-02' },
      { kind: 'lapsed', on: '2028-04-01' },
    ]);
    expect(noticeSchedule('2026-01-31', { beforeWindowDays: 1, beforeExpiryDays: 1 })).toEqual([
      { kind: 'window_opens_soon', on: '2026-01-01' },
      { kind: 'window_open', on: '2026-01-02' },
      { kind: 'expiring_soon', on: '2026-01-30' },
      { kind: 'expired_grace', on: '2026-02-01' },
      { kind: 'lapsed', on: '2026-03-03' },
    ]);
  });

  test('always strictly in date order for every allowed expiry offset', () => {
    for (let be = 1; be <= 28; be++) {
      const days = noticeSchedule('2027-01-15', { beforeWindowDays: 90, beforeExpiryDays: be }).map((n) => n.on);
      expect([...days].sort()).toEqual(days);
      expect(new Set(days).size).toBe(5);
    }
  });

  test('offsets are validated', () => {
    for (const bad of [
      { beforeWindowDays: 0, beforeExpiryDays: 7 },
      { beforeWindowDays: 91, beforeExpiryDays: 7 },
      { beforeWindowDays: 7, beforeExpiryDays: 0 },
      { beforeWindowDays: 7, beforeExpiryDays: 29 },
      { beforeWindowDays: 7.5, beforeExpiryDays: 7 },
      { beforeWindowDays: 7, beforeExpiryDays: 7, extra: 1 },
    ]) {
      expect(thrown(() => noticeSchedule('2026-12-31', bad as never)).code).toBe('VALIDATION_FAILED');
    }
  });

  test('noticeInstant is 09:00 Asia/Shanghai (01:00 UTC)', () => {
    expect(noticeInstant('2026-12-02')).toBe(Date.parse('2026-12-02T01:00:00Z'));
    expect(noticeInstant('2028-02-29')).toBe(Date.parse('2028-02-29T09:00:00+08:00'));
  });

  test('a city of notices due on one day is spread over the send window, each at a fixed moment (issue 19)', () => {
    const day = '2026-12-02';
    const at = Array.from({ length: 10_000 }, (_, i) => noticeSendAt(day, `special-disease:p${i}:MT002:2026-12-31:window_open`));
    // Inside 09:00–11:00 (the default window), whole seconds, the same moment for the same key.
    expect(Math.min(...at)).toBeGreaterThanOrEqual(noticeInstant(day));
    expect(Math.max(...at)).toBeLessThan(noticeInstant(day) + 120 * 60_000);
    expect(at.every((t) => t % 1000 === 0)).toBe(true);
    expect(noticeSendAt(day, 'special-disease:p7:MT002:2026-12-31:window_open')).toBe(at[7]);
    // Spread evenly: no minute of the window holds more than twice its share (10,000 / 120 ≈ 83).
    const perMinute = new Map<number, number>();
    for (const t of at)
      perMinute.set(Math.floor((t - noticeInstant(day)) / 60_000), (perMinute.get(Math.floor((t - noticeInstant(day)) / 60_000)) ?? 0) + 1);
    expect(perMinute.size).toBe(120);
    expect(Math.max(...perMinute.values())).toBeLessThan(2 * (10_000 / 120));
    // A wider window, and none (everything at 09:00, as before issue 19).
    expect(Math.max(...at.map((_, i) => noticeSendAt(day, `k${i}`, 480)))).toBeGreaterThan(noticeInstant(day) + 7 * 3600_000);
    expect(noticeSendAt(day, 'any', 0)).toBe(noticeInstant(day));
  });

  test('the send window is part of the notice policy: 0–480 minutes, whole', () => {
    expect(noticeOffsetsSchema.safeParse({ beforeWindowDays: 7, beforeExpiryDays: 7, spreadMinutes: 240 }).success).toBe(true);
    expect(noticeOffsetsSchema.safeParse({ beforeWindowDays: 7, beforeExpiryDays: 7 }).success).toBe(true);
    for (const bad of [-1, 481, 1.5]) {
      expect(noticeOffsetsSchema.safeParse({ beforeWindowDays: 7, beforeExpiryDays: 7, spreadMinutes: bad }).success).toBe(false);
    }
    // The window may open at another time of day, but stays on the notice's own day.
    expect(noticeSendAt('2026-12-02', 'k', 0, 20 * 60 + 30)).toBe(Date.parse('2026-12-02T20:30:00+08:00'));
    expect(noticeOffsetsSchema.safeParse({ beforeWindowDays: 7, beforeExpiryDays: 7, startMinute: 1320, spreadMinutes: 120 }).success).toBe(
      true,
    );
    expect(noticeOffsetsSchema.safeParse({ beforeWindowDays: 7, beforeExpiryDays: 7, startMinute: 1321, spreadMinutes: 120 }).success).toBe(
      false,
    );
    expect(noticeOffsetsSchema.safeParse({ beforeWindowDays: 7, beforeExpiryDays: 7, startMinute: 1440 }).success).toBe(false);
  });
});

describe('coverageOn', () => {
  const renewed: CertificationHistory = {
    periods: [
      { start: '2026-01-01', end: '2026-12-31' },
      { start: '2027-01-01', end: '2027-12-31' },
    ],
    suspensions: [],
    terminatedOn: null,
  };

  test('before the first period: not yet', () => {
    const r = coverageOn(renewed, '2025-12-31');
    expect(r).toMatchObject({ status: 'not_yet', covered: false });
    expect(r.reason).toContain('2026-01-01');
    expect(coverageOn({ periods: [], suspensions: [], terminatedOn: null }, '2026-06-01')).toMatchObject({
      status: 'not_yet',
      covered: false,
    });
  });

  test('inside a period, on its first and last day, and across a renewal boundary (no gap)', () => {
    expect(coverageOn(renewed, '2026-01-01')).toMatchObject({ status: 'covered', covered: true, period: renewed.periods[0] });
    expect(coverageOn(renewed, '2026-06-15')).toMatchObject({ status: 'covered', covered: true });
    expect(coverageOn(renewed, '2026-12-31')).toMatchObject({ status: 'covered', covered: true, period: renewed.periods[0] });
    const next = coverageOn(renewed, '2027-01-01');
    expect(next).toMatchObject({ status: 'covered', covered: true, period: renewed.periods[1] });
    expect(next.reason).toContain('2027-01-01');
    expect(next.reason).toContain('2027-12-31');
  });

  test('after the last period: E+1..E+30 grace (not paid until the late renewal is made), from E+31 lapsed', () => {
    const g1 = coverageOn(renewed, '2028-01-01');
    expect(g1).toMatchObject({ status: 'grace', covered: false, period: renewed.periods[1] });
    expect(g1.reason).toContain('2027-12-31');
    expect(g1.reason).toContain('2028-01-30');
    expect(coverageOn(renewed, '2028-01-30')).toMatchObject({ status: 'grace', covered: false });
    const lapsed = coverageOn(renewed, '2028-01-31');
    expect(lapsed).toMatchObject({ status: 'lapsed', covered: false, period: renewed.periods[1] });
    expect(lapsed.reason).toContain('2028-01-31');
    expect(coverageOn(renewed, '2030-06-01')).toMatchObject({ status: 'lapsed', covered: false });
  });

  test('a late renewal covers the grace days retroactively: the same day then reads covered', () => {
    const before: CertificationHistory = { periods: [renewed.periods[0]], suspensions: [], terminatedOn: null };
    expect(coverageOn(before, '2027-01-10')).toMatchObject({ status: 'grace', covered: false });
    const late = renew('2026-12-31', '2027-01-25', 12);
    expect(late.timing).toBe('late');
    const after: CertificationHistory = { ...before, periods: [...before.periods, late.period] };
    expect(coverageOn(after, '2027-01-10')).toMatchObject({
      status: 'covered',
      covered: true,
      period: { start: '2027-01-01', end: '2027-12-31' },
    });
  });

  test('during and after a closed suspension (both ends inclusive)', () => {
    const h: CertificationHistory = { ...renewed, suspensions: [{ from: '2026-03-01', to: '2026-03-10' }] };
    expect(coverageOn(h, '2026-02-28')).toMatchObject({ status: 'covered', covered: true });
    const s = coverageOn(h, '2026-03-01');
    expect(s).toMatchObject({ status: 'suspended', covered: false, period: renewed.periods[0] });
    expect(s.reason).toContain('2026-03-01');
    expect(s.reason).toContain('2026-03-10');
    expect(coverageOn(h, '2026-03-10')).toMatchObject({ status: 'suspended', covered: false });
    expect(coverageOn(h, '2026-03-11')).toMatchObject({ status: 'covered', covered: true });
  });

  test('an open suspension runs on across the renewal boundary and into grace; it does not stop the lapse', () => {
    const h: CertificationHistory = { ...renewed, suspensions: [{ from: '2027-06-01', to: null }] };
    expect(coverageOn(h, '2027-05-31')).toMatchObject({ status: 'covered', covered: true });
    expect(coverageOn(h, '2027-06-01').reason).toContain('尚未恢复');
    expect(coverageOn(h, '2027-12-31')).toMatchObject({ status: 'suspended', covered: false });
    expect(coverageOn(h, '2028-01-15')).toMatchObject({ status: 'suspended', covered: false });
    expect(coverageOn(h, '2028-01-31')).toMatchObject({ status: 'lapsed', covered: false });
  });

  test('on and after termination', () => {
    const h: CertificationHistory = { ...renewed, terminatedOn: '2027-03-15' };
    expect(coverageOn(h, '2027-03-14')).toMatchObject({ status: 'covered', covered: true });
    const t = coverageOn(h, '2027-03-15');
    expect(t).toMatchObject({ status: 'terminated', covered: false, period: renewed.periods[1] });
    expect(t.reason).toContain('2027-03-15');
    expect(coverageOn(h, '2027-12-31')).toMatchObject({ status: 'terminated', covered: false });
    expect(coverageOn(h, '2028-01-10')).toMatchObject({ status: 'terminated', covered: false });
    expect(coverageOn(h, '2029-01-01')).toMatchObject({ status: 'terminated', covered: false });
  });

  test('a history with a gap, an overlap or bad dates is refused', () => {
    const gap = { ...renewed, periods: [renewed.periods[0], { start: '2027-01-02', end: '2027-12-31' }] };
    const overlap = { ...renewed, periods: [renewed.periods[0], { start: '2026-12-31', end: '2027-12-31' }] };
    const backwards = { ...renewed, suspensions: [{ from: '2026-03-10', to: '2026-03-01' }] };
    const early = { ...renewed, terminatedOn: '2025-06-01' };
    for (const h of [gap, overlap, backwards, early]) expect(thrown(() => coverageOn(h, '2026-06-01')).code).toBe('VALIDATION_FAILED');
    expect(thrown(() => coverageOn(renewed, '2026-02-29')).code).toBe('VALIDATION_FAILED');
  });
});

describe('coverage and the family-bed rule (000 §12)', () => {
  const history: CertificationHistory = { periods: [{ start: '2026-01-01', end: '2026-12-31' }], suspensions: [], terminatedOn: null };
  const bed = { episodeId: 'care-episode:family_bed:x:FB-1', kind: 'family_bed' as const, openedOn: '2026-03-10', closedOn: '2026-03-20' };
  const ward = { episodeId: 'care-episode:geriatric_ward:x:GW-1', kind: 'geriatric_ward' as const, openedOn: '2026-04-01', closedOn: null };
  const on = (date: string) => coverageWithCareEpisodes(coverageOn(history, date), [bed, ward], date);

  test('a certified day inside an open family bed (opening and closing day included) is not paid, naming the episode', () => {
    for (const d of ['2026-03-10', '2026-03-15', '2026-03-20']) {
      expect(on(d)).toMatchObject({ status: 'family_bed_open', covered: false, certificationStatus: 'covered', episode: bed });
      expect(on(d).reason).toContain('000 §12');
    }
  });

  test('before and after the bed, and during a geriatric-ward stay, the certification answers alone', () => {
    expect(on('2026-03-09')).toMatchObject({ status: 'covered', covered: true });
    expect(on('2026-03-21')).toMatchObject({ status: 'covered', covered: true });
    expect(on('2026-04-02')).toMatchObject({ status: 'covered', covered: true });
  });

  test('a day not covered anyway keeps its own status', () => {
    expect(coverageWithCareEpisodes(coverageOn(history, '2025-12-31'), [{ ...bed, openedOn: '2025-12-01' }], '2025-12-31')).toMatchObject({
      status: 'not_yet',
      covered: false,
    });
  });
});
