/**
 * Reading the dates of a State Council holiday notice (国务院办公厅关于××年部分节假日安排的通知) typed
 * or pasted as text, one festival per line, into the calendar an administrator loads (DOMAIN §0:
 * the calendar is data). Pure: the workbench previews the result before it is saved, and every line
 * it cannot read, or whose dates contradict its own count of days or weekdays, is reported with its
 * line number rather than guessed.
 *
 * Lines look like the notices themselves:
 *   元旦：1月1日放假，共1天。
 *   春节：2月15日至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
 *   二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
 *   国庆节、中秋节：10月1日至8日放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
 *   元旦：1月1日（周三）放假1天，不调休。
 */
import { addDays, dayOfWeek, type IsoDate, isValidIsoDate } from './dates';

export interface NoticeDay {
  date: IsoDate;
  name: string;
}
export interface NoticeProblem {
  line: number;
  text: string;
  message: string;
}
export interface ParsedHolidayNotice {
  holidays: NoticeDay[];
  makeupWorkdays: NoticeDay[];
  problems: NoticeProblem[];
}

const weekdayNames = ['日', '一', '二', '三', '四', '五', '六'];
const listNumber = /^\s*(?:[一二三四五六七八九十]+|\d+)[、.．]\s*/;

interface DateToken {
  date: IsoDate | null;
  weekday: string | null;
  raw: string;
}

export function parseHolidayNotice(year: number, text: string): ParsedHolidayNotice {
  const holidays: NoticeDay[] = [];
  const makeupWorkdays: NoticeDay[] = [];
  const problems: NoticeProblem[] = [];

  text.split(/\r?\n/).forEach((rawLine, index) => {
    const line = rawLine.trim();
    const lineNo = index + 1;
    const problem = (message: string) => problems.push({ line: lineNo, text: line, message });
    if (!line || !/\d+日/.test(line)) return; // titles, greetings, blank lines
    const colon = line.search(/[：:]/);
    if (colon < 0) return problem('缺少节日名称（应为“节日：日期…”）');
    const name = line.slice(0, colon).replace(listNumber, '').trim();
    if (!name) return problem('缺少节日名称');
    const body = line.slice(colon + 1);

    // Each sentence says either which days are off (放假) or which days are worked (上班).
    for (const sentence of body
      .split(/[。；;]/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      if (!/\d+日/.test(sentence)) continue;
      const tokens = readDates(year, sentence);
      if (tokens.some((t) => t.date === null)) return problem(`日期无效：${tokens.find((t) => t.date === null)!.raw}`);
      for (const t of tokens) {
        if (t.weekday && weekdayNames[dayOfWeek(t.date!)] !== t.weekday) {
          return problem(`${t.date} 是星期${weekdayNames[dayOfWeek(t.date!)]}，不是周${t.weekday}`);
        }
      }
      if (/上班/.test(sentence) && !/放假/.test(sentence)) {
        tokens.forEach((t) => makeupWorkdays.push({ date: t.date!, name: `${name}调休` })); // as the seeded years name them
      } else if (/放假/.test(sentence)) {
        const range = /至/.test(sentence);
        if (range && tokens.length !== 2) return problem('放假日期应为“某月某日至某月某日”');
        const days = range ? daysFrom(tokens[0]!.date!, tokens[1]!.date!) : tokens.map((t) => t.date!);
        if (!days.length) return problem('放假的结束日期早于开始日期');
        const count = /共\s*(\d+)\s*天|放假\s*(\d+)\s*天/.exec(sentence);
        const stated = count ? Number(count[1] ?? count[2]) : null;
        if (stated !== null && stated !== days.length) return problem(`写明共${stated}天，但日期共${days.length}天`);
        days.forEach((date) => holidays.push({ date, name }));
      } else {
        return problem('无法判断是放假还是上班（应含“放假”或“上班”）');
      }
    }
  });

  const sorted = (list: NoticeDay[]) => [...list].sort((a, b) => a.date.localeCompare(b.date));
  return { holidays: sorted(holidays), makeupWorkdays: sorted(makeupWorkdays), problems };
}

/**
 * The dates in a sentence, in order (2026年2月15日, 2月15日, or 15日 taking the previous date's month
 * and year). A parenthesis after a date (（周六）, （农历除夕、周二）) gives its weekday, kept to check it.
 */
function readDates(year: number, sentence: string): DateToken[] {
  const out: DateToken[] = [];
  let y = year;
  let m: number | null = null;
  const re = /(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日(?:[（(]([^）)]*)[）)])?/g;
  for (const hit of sentence.matchAll(re)) {
    if (hit[1]) y = Number(hit[1]);
    if (hit[2]) m = Number(hit[2]);
    const d = Number(hit[3]);
    const weekday = hit[4] ? (/周([日一二三四五六天])/.exec(hit[4])?.[1]?.replace('天', '日') ?? null) : null;
    const date = m === null ? null : `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    out.push({ date: date && isValidIsoDate(date) ? date : null, weekday, raw: hit[0] });
  }
  return out;
}

function daysFrom(first: IsoDate, last: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = first; d <= last && out.length < 60; d = addDays(d, 1)) out.push(d);
  return out;
}
