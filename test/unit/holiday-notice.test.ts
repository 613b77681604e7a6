/** Reading a State Council holiday notice typed as text into a year of the calendar (domain/holiday-notice.ts). */
import { parseHolidayNotice } from '../../domain/holiday-notice';
import { validateCalendarYear } from '../../domain/working-days';
import y2025 from '../../prisma/seed/calendars/2025.json';
import y2026 from '../../prisma/seed/calendars/2026.json';

// 国办发明电〔2025〕7号, as an administrator would paste it
const notice2026 = `国务院办公厅关于2026年部分节假日安排的通知
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。`;

test('the 2026 notice gives exactly the seeded 2026 calendar', () => {
  const parsed = parseHolidayNotice(2026, notice2026);
  expect(parsed.problems).toEqual([]);
  expect(parsed.holidays).toEqual(y2026.holidays);
  expect(parsed.makeupWorkdays).toEqual(y2026.makeupWorkdays);
  expect(
    validateCalendarYear({
      year: 2026,
      holidays: parsed.holidays.map((d) => d.date),
      makeupWorkdays: parsed.makeupWorkdays.map((d) => d.date),
    }),
  ).toEqual([]);
});

test('the short form of the issue and the 2025 notice (a range across months, a one-day holiday) read the same dates', () => {
  const short = parseHolidayNotice(
    2026,
    '元旦：1月1日放假，共1天\n春节：2月15日至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上班',
  );
  expect(short.problems).toEqual([]);
  expect(short.holidays.map((d) => d.date)).toEqual(['2026-01-01', ...y2026.holidays.filter((d) => d.name === '春节').map((d) => d.date)]);
  expect(short.makeupWorkdays.map((d) => d.date)).toEqual(['2026-02-14', '2026-02-28']);

  const parsed = parseHolidayNotice(
    2025,
    `一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
三、清明节：4月4日（周五）至6日（周日）放假，共3天。
四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。`,
  );
  expect(parsed.problems).toEqual([]);
  expect(parsed.holidays.map((d) => d.date)).toEqual(y2025.holidays.map((d) => d.date));
  expect(parsed.makeupWorkdays.map((d) => d.date)).toEqual(y2025.makeupWorkdays.map((d) => d.date));
});

test('a line whose dates contradict its own count or weekday, or cannot be read, is reported by line, not guessed', () => {
  const parsed = parseHolidayNotice(
    2026,
    [
      '春节：2月15日至22日放假调休，共9天。', // 8 days, says 9
      '劳动节：5月9日（周日）上班。', // 2026-05-09 is a Saturday
      '端午节：6月31日放假，共1天。', // no such date
      '中秋节：9月25日至27日',
      '清明节：4月4日至6日放假，共3天。',
    ].join('\n'),
  );
  expect(parsed.problems.map((p) => [p.line, p.message])).toEqual([
    [1, '写明共9天，但日期共8天'],
    [2, '2026-05-09 是星期六，不是周日'],
    [3, '日期无效：6月31日'],
    [4, '无法判断是放假还是上班（应含“放假”或“上班”）'],
  ]);
  // the lines that read well are still read, for the preview
  expect(parsed.holidays.map((d) => d.date)).toEqual(['2026-04-04', '2026-04-05', '2026-04-06']);
});
