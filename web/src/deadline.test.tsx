import { describe, expect, test } from 'vitest';
import y2025 from '../../prisma/seed/calendars/2025.json';
import { skippedDays } from './deadline';

describe('how a deadline was counted', () => {
  test('5 working days from 2025-09-26 skip Saturday 27 Sept and the National Day holiday, not the make-up Sunday', () => {
    const skipped = skippedDays('2025-09-26', '2025-10-10', [y2025]);
    expect(skipped.map((s) => s.date)).toEqual(['2025-09-27', ...[1, 2, 3, 4, 5, 6, 7, 8].map((d) => `2025-10-0${d}`)]);
    expect(skipped[0]).toEqual({ date: '2025-09-27', why: '周六' });
    expect(skipped[1]!.why).toBe('国庆节、中秋节');
  });
});
