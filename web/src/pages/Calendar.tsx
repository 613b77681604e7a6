/**
 * Administrator: a year's holiday calendar (public holidays and make-up working days), editable,
 * shown as a year grid, and importable from the State Council notice's text (domain
 * parseHolidayNotice: every line it cannot read is listed, nothing is guessed; the result is only
 * saved when the administrator saves it). The API validates the whole year (CALENDAR_INVALID with
 * each problem) and recomputes the deadlines of open cases; the page lists its issues as they come back.
 */
import { useCallback, useEffect, useState } from 'react';
import { addDays, dayOfWeek } from '../../../domain/dates';
import { parseHolidayNotice } from '../../../domain/holiday-notice';
import { ApiError, api, type CalendarDay, type User } from '../api';
import { formatInstant, todayShanghai } from '../format';

type Kind = 'holidays' | 'makeupWorkdays';
const kindNames: Record<Kind, string> = { holidays: '法定节假日（放假日）', makeupWorkdays: '调休上班日' };

export function Calendar({ user }: { user: User }) {
  const [year, setYear] = useState(Number(todayShanghai().slice(0, 4)));
  const [yearInput, setYearInput] = useState(String(year));
  const [notice, setNotice] = useState('');
  const [days, setDays] = useState<Record<Kind, CalendarDay[]>>({ holidays: [], makeupWorkdays: [] });
  const [loaded, setLoaded] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string; issues?: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const [noticeText, setNoticeText] = useState('');
  const [importProblems, setImportProblems] = useState<string[]>([]);
  const editable = user.role === 'admin';

  /** Reads the notice's lines into this year's days; with any unreadable line, nothing is replaced. */
  function importNotice() {
    setMessage(null);
    const parsed = parseHolidayNotice(year, noticeText);
    if (parsed.problems.length) {
      setImportProblems(parsed.problems.map((p) => `第 ${p.line} 行（${p.text}）：${p.message}`));
      return;
    }
    setImportProblems([]);
    if (!parsed.holidays.length && !parsed.makeupWorkdays.length) {
      setImportProblems(['没有识别到任何日期：每个节日一行，如“春节：2月15日至23日放假调休，共9天。2月14日（周六）上班”']);
      return;
    }
    setDays({ holidays: parsed.holidays, makeupWorkdays: parsed.makeupWorkdays });
    const title = noticeText
      .split(/\r?\n/)
      .map((l) => l.trim())
      .find((l) => /通知/.test(l) && !/[：:]/.test(l));
    if (title && !notice) setNotice(title);
    setMessage({
      ok: true,
      text: `已识别 ${parsed.holidays.length} 个放假日、${parsed.makeupWorkdays.length} 个调休上班日，请在年历中核对后保存（尚未保存）`,
    });
  }

  const load = useCallback(async (y: number) => {
    setMessage(null);
    try {
      const cal = await api.getCalendar(y);
      setNotice(cal.notice);
      setDays({ holidays: cal.holidays, makeupWorkdays: cal.makeupWorkdays });
      setLoaded(`由 ${cal.loadedBy} 于 ${formatInstant(cal.loadedAt)} 导入`);
    } catch (e) {
      // A year not loaded yet starts empty, to be entered.
      setNotice('');
      setDays({ holidays: [], makeupWorkdays: [] });
      setLoaded(null);
      setMessage({ ok: false, text: e instanceof ApiError ? e.message : String(e) });
    }
  }, []);
  useEffect(() => {
    void load(year);
  }, [load, year]);

  const update = (kind: Kind, i: number, patch: Partial<CalendarDay>) =>
    setDays((d) => ({ ...d, [kind]: d[kind].map((row, j) => (j === i ? { ...row, ...patch } : row)) }));
  const remove = (kind: Kind, i: number) => setDays((d) => ({ ...d, [kind]: d[kind].filter((_, j) => j !== i) }));
  const add = (kind: Kind) => setDays((d) => ({ ...d, [kind]: [...d[kind], { date: `${year}-`, name: '' }] }));

  async function save() {
    setBusy(true);
    setMessage(null);
    try {
      const sorted = (k: Kind) => [...days[k]].sort((a, b) => a.date.localeCompare(b.date));
      const res = await api.putCalendar(year, { notice, holidays: sorted('holidays'), makeupWorkdays: sorted('makeupWorkdays') });
      setMessage({ ok: true, text: `${res.year} 年节假日安排已保存，${res.casesRecomputing} 件在办案件将重新计算办理时限` });
      await load(year);
      setMessage({ ok: true, text: `${res.year} 年节假日安排已保存，${res.casesRecomputing} 件在办案件将重新计算办理时限` });
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      setMessage({
        ok: false,
        text: err?.message ?? String(e),
        issues: err?.issues.map((i) => `${describePath(i.path, days)}：${i.message}`),
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="cal-title">
      <h1 id="cal-title" tabIndex={-1}>
        节假日安排
      </h1>
      <form
        className="filters"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const y = Number(yearInput);
          if (Number.isInteger(y) && y >= 2000 && y <= 2100) {
            setMessage(null);
            setYear(y);
          } else setMessage({ ok: false, text: '年度应为 2000–2100 之间的四位数字' });
        }}
      >
        <div className="field">
          <label htmlFor="cal-year">年度</label>
          <input id="cal-year" inputMode="numeric" maxLength={4} value={yearInput} onChange={(e) => setYearInput(e.target.value)} />
        </div>
        <button type="submit">查看</button>
      </form>
      {message && (
        <div role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
          <p>{message.text}</p>
          {message.issues?.length ? (
            <ul>
              {message.issues.map((t, i) => (
                <li key={i}>{t}</li>
              ))}
            </ul>
          ) : null}
        </div>
      )}
      {loaded && <p className="small">{loaded}</p>}
      {editable && (
        <fieldset>
          <legend>从国务院办公厅通知导入</legend>
          <div className="field wide">
            <label htmlFor="cal-import">通知中的放假安排（每个节日一行，可直接粘贴）</label>
            <textarea
              id="cal-import"
              rows={6}
              value={noticeText}
              onChange={(e) => setNoticeText(e.target.value)}
              placeholder={'元旦：1月1日放假，共1天\n春节：2月15日至23日放假调休，共9天。2月14日（周六）、2月28日（周六）上班'}
              {...(importProblems.length ? { 'aria-invalid': true, 'aria-describedby': 'cal-import-err' } : {})}
            />
          </div>
          {importProblems.length > 0 && (
            <div role="alert" id="cal-import-err" className="error">
              <p>以下各行未能识别，未导入：</p>
              <ul>
                {importProblems.map((t, i) => (
                  <li key={i}>{t}</li>
                ))}
              </ul>
            </div>
          )}
          <button type="button" onClick={importNotice}>
            识别日期
          </button>
        </fieldset>
      )}
      <h2>{year} 年年历</h2>
      <YearGrid year={year} days={days} />
      <div className="field wide">
        <label htmlFor="cal-notice">依据（国务院办公厅通知）</label>
        <input id="cal-notice" value={notice} onChange={(e) => setNotice(e.target.value)} readOnly={!editable} />
      </div>
      <div className="columns">
        {(Object.keys(kindNames) as Kind[]).map((kind) => (
          <fieldset key={kind}>
            <legend>
              {kindNames[kind]}（{days[kind].length} 天）
            </legend>
            <table className="grid compact">
              <thead>
                <tr>
                  <th scope="col">日期</th>
                  <th scope="col">名称</th>
                  {editable && (
                    <th scope="col">
                      <span className="sr-only">操作</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {days[kind].map((d, i) => (
                  <tr key={i}>
                    <td>
                      <input
                        aria-label={`${kindNames[kind]}第 ${i + 1} 行日期`}
                        value={d.date}
                        placeholder="YYYY-MM-DD"
                        size={11}
                        onChange={(e) => update(kind, i, { date: e.target.value })}
                        readOnly={!editable}
                      />
                    </td>
                    <td>
                      <input
                        aria-label={`${kindNames[kind]}第 ${i + 1} 行名称`}
                        value={d.name}
                        size={8}
                        onChange={(e) => update(kind, i, { name: e.target.value })}
                        readOnly={!editable}
                      />
                    </td>
                    {editable && (
                      <td>
                        <button
                          type="button"
                          className="link"
                          onClick={() => remove(kind, i)}
                          aria-label={`删除${kindNames[kind]} ${d.date}`}
                        >
                          删除
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
            {editable && (
              <button type="button" onClick={() => add(kind)}>
                添加一天
              </button>
            )}
          </fieldset>
        ))}
      </div>
      {editable && (
        <p>
          <button type="button" onClick={() => void save()} disabled={busy}>
            保存 {year} 年节假日安排
          </button>
        </p>
      )}
    </section>
  );
}

const weekHeads = ['一', '二', '三', '四', '五', '六', '日'];

/** Twelve months, Monday first: holidays (放假) and make-up working days (上班) marked, weekends grey. */
export function YearGrid({ year, days }: { year: number; days: Record<Kind, CalendarDay[]> }) {
  const holiday = new Map(days.holidays.map((d) => [d.date, d.name]));
  const makeup = new Map(days.makeupWorkdays.map((d) => [d.date, d.name]));
  return (
    <div className="year-grid">
      {Array.from({ length: 12 }, (_, i) => i + 1).map((month) => {
        const first = `${year}-${String(month).padStart(2, '0')}-01`;
        const cells: (string | null)[] = Array((dayOfWeek(first) + 6) % 7).fill(null);
        for (let d = first; d.startsWith(first.slice(0, 8)); d = addDays(d, 1)) cells.push(d);
        const weeks = Array.from({ length: Math.ceil(cells.length / 7) }, (_, w) => cells.slice(w * 7, w * 7 + 7));
        return (
          <table key={month} aria-label={`${year}年${month}月`}>
            <caption>{month} 月</caption>
            <thead>
              <tr>
                {weekHeads.map((h) => (
                  <th key={h} scope="col">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {weeks.map((week, w) => (
                <tr key={w}>
                  {week.map((d, j) => {
                    if (!d) return <td key={j} />;
                    const off = holiday.get(d);
                    const work = makeup.get(d);
                    const weekend = dayOfWeek(d) === 0 || dayOfWeek(d) === 6;
                    const cls = off ? 'holiday' : work ? 'makeup' : weekend ? 'weekend' : undefined;
                    const label = off ? `${d} ${off}（放假）` : work ? `${d} ${work}（上班）` : d;
                    return (
                      <td key={j} className={cls} title={label} aria-label={label}>
                        {Number(d.slice(8))}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        );
      })}
    </div>
  );
}

/** "body.holidays.3.date" → "法定节假日（放假日）第 4 行" (sorted as sent). */
function describePath(path: string, days: Record<Kind, CalendarDay[]>): string {
  const m = /(holidays|makeupWorkdays)\.(\d+)/.exec(path);
  if (!m) return path.replace(/^body\./, '');
  const kind = m[1] as Kind;
  const row = [...days[kind]].sort((a, b) => a.date.localeCompare(b.date))[Number(m[2])];
  return `${kindNames[kind]} ${row?.date ?? `第 ${Number(m[2]) + 1} 项`}`;
}
