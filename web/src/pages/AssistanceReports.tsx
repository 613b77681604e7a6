/**
 * The quarterly disclosure of medical assistance (001 §25, 附件2: draft → reviewed → published, the
 * three-month objection period with its objections and answers, a correction as a new version) and
 * the statistics of 001 §28 with their charts. The charts are SVG drawn from the numbers here (no
 * chart library: two bar charts need none, and nothing inline breaks the content-security-policy).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { jurisdictionNames } from '../../../domain/people';
import { api, ApiError, fetchFile, type AssistanceStatisticsView, type DisclosureView, type User } from '../api';
import { formatYuan, todayShanghai } from '../format';
import { DateInput } from './DateInput';

const statusNames: Record<DisclosureView['status'], string> = {
  draft: '草稿（待审核）',
  reviewed: '已审核（待公布）',
  published: '已公布',
  superseded: '已被更正版本替代',
};
const builders = ['finance', 'reviewer'];
const objectionRecorders = ['window_clerk', 'reviewer'];
const answerers = ['reviewer', 'approver'];

const messageOf = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export function AssistanceReports({ user }: { user: User }) {
  return (
    <section aria-labelledby="assistance-reports-title">
      <h1 id="assistance-reports-title" tabIndex={-1}>
        医疗救助公示与统计（{jurisdictionNames[user.jurisdiction]}）
      </h1>
      <Disclosures user={user} />
      {/* the statistics are the books' (001 §28): finance and supervisors */}
      {(user.role === 'finance' || user.role === 'supervisor') && <AssistanceStatistics />}
    </section>
  );
}

/** The last quarter that has ended: the one a disclosure is built for now (001 §25 "按季度"). */
export function lastEndedQuarter(today: string): string {
  const year = Number(today.slice(0, 4));
  const q = Math.floor((Number(today.slice(5, 7)) - 1) / 3); // the current quarter, 0-based
  return q === 0 ? `${year - 1}-Q4` : `${year}-Q${q}`;
}

export function Disclosures({ user }: { user: User }) {
  const [list, setList] = useState<DisclosureView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [quarter, setQuarter] = useState(() => lastEndedQuarter(todayShanghai()));
  const [correctionReason, setCorrectionReason] = useState('');

  const reload = async () => setList(await api.disclosures());
  useEffect(() => {
    reload().catch((err: unknown) => setError(messageOf(err, '加载失败')));
  }, []);

  /** One action, its refusal shown as the API says it, the list read again after it. */
  const act = async (what: string, run: () => Promise<unknown>) => {
    setError(null);
    setDone(null);
    try {
      await run();
      setDone(what);
      await reload();
    } catch (err) {
      setError(messageOf(err, `${what}失败`));
    }
  };
  const build = (e: FormEvent) => {
    e.preventDefault();
    void act('公示已编制', () => api.buildDisclosure(quarter.trim(), correctionReason.trim() || undefined));
  };

  return (
    <div aria-labelledby="disclosures-title">
      <h2 id="disclosures-title">季度公示（附件2）</h2>
      {builders.includes(user.role) && (
        <form onSubmit={build} aria-label="编制季度公示">
          <label>
            季度
            <input value={quarter} onChange={(e) => setQuarter(e.target.value)} placeholder="2026-Q3" autoComplete="off" />
          </label>
          <label>
            更正原因（已公布的季度重新编制时填写）
            <textarea value={correctionReason} onChange={(e) => setCorrectionReason(e.target.value)} rows={2} />
          </label>
          <button type="submit">编制公示</button>
        </form>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {done && <p role="status">{done}</p>}
      {list && list.length === 0 && <p>暂无公示</p>}
      {list?.map((d) => (
        <DisclosureCard key={d.id} d={d} user={user} act={act} />
      ))}
    </div>
  );
}

function DisclosureCard({
  d,
  user,
  act,
}: {
  d: DisclosureView;
  user: User;
  act: (what: string, run: () => Promise<unknown>) => Promise<void>;
}) {
  const title = `${d.quarter} 第${d.version}版`;
  const own = user.jurisdiction === d.agency;
  const open = d.status === 'published' && !d.objectionClosedAt;
  const file = (kind: 'csv' | 'pdf') =>
    act(kind === 'csv' ? '已下载 CSV' : '已下载 PDF', async () => {
      const path = `/assistance/disclosures/${encodeURIComponent(d.id)}${kind === 'csv' ? '?format=csv' : '/disclosure.pdf'}`;
      saveBlob(await fetchFile(path), `医疗救助公示-${d.quarter}-第${d.version}版.${kind}`);
    });
  return (
    <article aria-label={title} className="card">
      <h3>
        {title}：<span data-testid="disclosure-status">{statusNames[d.status]}</span>
      </h3>
      <p>
        统计时间 {d.periodFrom} 至 {d.periodTo}；编制 {d.builtBy}
        {d.reviewedBy && `；审核 ${d.reviewedBy}`}
        {d.publishedBy && `；公布 ${d.publishedBy}（${d.publishedOn}）`}
      </p>
      {d.correctionOf && (
        <p>
          更正 {d.correctionOf}：{d.correctionReason}
        </p>
      )}
      {d.objectionUntil && (
        <p>
          公示期 {d.publishedOn} 至 {d.objectionUntil}
          {d.objectionClosedAt ? '（已届满）' : ''}
        </p>
      )}
      <table>
        <caption>江门市医疗救助对象和救助金额等情况公示</caption>
        <thead>
          <tr>
            <th>序号</th>
            <th>救助对象类型</th>
            <th>享受待遇人次</th>
            <th>救助金额</th>
          </tr>
        </thead>
        <tbody>
          {d.rows.map((r) => (
            <tr key={r.no}>
              <td>{r.no}</td>
              <td>{r.name}</td>
              <td>{r.occasions ?? '—'}</td>
              <td>{formatYuan(r.amountFen)}</td>
            </tr>
          ))}
          <tr>
            <td />
            <th scope="row">合计</th>
            <td>{d.totalOccasions}</td>
            <td data-testid="disclosure-total">{formatYuan(d.totalFen)}</td>
          </tr>
        </tbody>
      </table>
      <div className="actions">
        {own && user.role === 'reviewer' && d.status === 'draft' && (
          <button type="button" onClick={() => void act('公示已审核', () => api.reviewDisclosure(d.id))}>
            审核通过
          </button>
        )}
        {own && user.role === 'approver' && d.status === 'reviewed' && (
          <button type="button" onClick={() => void act('公示已公布，公示期开始', () => api.publishDisclosure(d.id))}>
            公布
          </button>
        )}
        <button type="button" onClick={() => void file('csv')}>
          下载 CSV
        </button>
        <button type="button" onClick={() => void file('pdf')}>
          打印 PDF
        </button>
      </div>
      {d.objections.length > 0 && (
        <ul aria-label={`${title}的异议`}>
          {d.objections.map((o) => (
            <li key={o.id}>
              {o.receivedOn} {o.submitter}：{o.content}
              {o.answer ? (
                <p>
                  答复（{o.answeredBy}）：{o.answer}
                </p>
              ) : (
                own &&
                answerers.includes(user.role) && (
                  <AnswerForm onAnswer={(answer) => act('已答复', () => api.answerObjection(d.id, o.id, answer))} />
                )
              )}
            </li>
          ))}
        </ul>
      )}
      {own && open && objectionRecorders.includes(user.role) && (
        <ObjectionForm onRecord={(body) => act('异议已登记', () => api.recordObjection(d.id, body))} />
      )}
    </article>
  );
}

function ObjectionForm({ onRecord }: { onRecord: (b: { receivedOn: string; submitter: string; content: string }) => Promise<void> }) {
  const [receivedOn, setReceivedOn] = useState(todayShanghai());
  const [submitter, setSubmitter] = useState('');
  const [content, setContent] = useState('');
  return (
    <form
      aria-label="登记异议"
      onSubmit={(e) => {
        e.preventDefault();
        void onRecord({ receivedOn, submitter: submitter.trim(), content: content.trim() });
      }}
    >
      <label>
        收到日期
        <DateInput value={receivedOn} onChange={setReceivedOn} />
      </label>
      <label>
        异议人
        <input value={submitter} onChange={(e) => setSubmitter(e.target.value)} />
      </label>
      <label>
        异议内容
        <textarea value={content} onChange={(e) => setContent(e.target.value)} rows={2} />
      </label>
      <button type="submit">登记异议</button>
    </form>
  );
}

function AnswerForm({ onAnswer }: { onAnswer: (answer: string) => Promise<void> }) {
  const [answer, setAnswer] = useState('');
  return (
    <form
      aria-label="答复异议"
      onSubmit={(e) => {
        e.preventDefault();
        void onAnswer(answer.trim());
      }}
    >
      <label>
        答复
        <textarea value={answer} onChange={(e) => setAnswer(e.target.value)} rows={2} />
      </label>
      <button type="submit">答复</button>
    </form>
  );
}

/** 001 §28: the spending of a period by 明细科目 and by recipient type, as tables and charts. */
export function AssistanceStatistics() {
  const [period, setPeriod] = useState(() => todayShanghai().slice(0, 4));
  const [stats, setStats] = useState<AssistanceStatisticsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = async (e?: FormEvent) => {
    e?.preventDefault();
    setError(null);
    try {
      setStats(await api.assistanceStatistics(period.trim()));
    } catch (err) {
      setStats(null);
      setError(messageOf(err, '统计失败'));
    }
  };
  return (
    <div aria-labelledby="assistance-statistics-title">
      <h2 id="assistance-statistics-title">医疗救助统计（月报、季报、半年报、年报）</h2>
      <form onSubmit={(e) => void load(e)} aria-label="统计期间">
        <label>
          统计期间（YYYY、YYYY-MM、YYYY-Qn、YYYY-Hn）
          <input value={period} onChange={(e) => setPeriod(e.target.value)} autoComplete="off" />
        </label>
        <button type="submit">统计</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {stats && (
        <>
          <p>
            {stats.label}（{stats.from} 至 {stats.to}）：支出合计{' '}
            <strong data-testid="statistics-total">{formatYuan(stats.totalFen)}</strong>， 享受待遇 {stats.totalOccasions} 人次
          </p>
          <BarChart title="按明细科目的支出" bars={stats.byAccount.map((a) => ({ label: a.name, fen: a.amountFen }))} />
          <BarChart title="按救助对象类型的支出" bars={stats.byCategory.map((c) => ({ label: c.name, fen: c.amountFen }))} />
        </>
      )}
    </div>
  );
}

const CHART = { width: 640, labelWidth: 220, valueWidth: 120, row: 26, bar: 16 };

/**
 * A horizontal bar chart of amounts in fen, drawn to scale from the largest bar, with the table of
 * the same numbers beside it for reading aloud and copying. Zero bars are drawn as a hairline.
 */
export function BarChart({ title, bars }: { title: string; bars: { label: string; fen: number }[] }) {
  const max = Math.max(0, ...bars.map((b) => b.fen));
  const span = CHART.width - CHART.labelWidth - CHART.valueWidth;
  const height = bars.length * CHART.row + 8;
  const id = `chart-${title}`;
  return (
    <figure className="chart">
      <figcaption id={id}>{title}</figcaption>
      <svg role="img" aria-labelledby={id} viewBox={`0 0 ${CHART.width} ${height}`} width="100%" height={height}>
        {bars.map((b, i) => {
          const y = 4 + i * CHART.row;
          const w = max > 0 ? Math.max(1, Math.round((b.fen / max) * span)) : 1;
          return (
            <g key={b.label} data-testid="chart-bar">
              <text x={CHART.labelWidth - 8} y={y + CHART.bar - 3} textAnchor="end" fontSize="13">
                {b.label}
              </text>
              <rect x={CHART.labelWidth} y={y} width={w} height={CHART.bar} fill="#2f6f9f">
                <title>{`${b.label}：${formatYuan(b.fen)}`}</title>
              </rect>
              <text x={CHART.labelWidth + w + 6} y={y + CHART.bar - 3} fontSize="13">
                {formatYuan(b.fen)}
              </text>
            </g>
          );
        })}
      </svg>
      <table>
        <caption>{title}（数据）</caption>
        <tbody>
          {bars.map((b) => (
            <tr key={b.label}>
              <th scope="row">{b.label}</th>
              <td>{formatYuan(b.fen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
