/**
 * The fund's books (医疗救助基金财务管理, 001 §16–§21) for finance officers and supervisors: the
 * trial balance, an account's ledger with its running balance, the period statement — each also
 * as a CSV file — and, for finance officers, the import of a one-stop settlement payment file
 * (every refused row shown with its row number; nothing is posted when one row is wrong) and the
 * reversal of an entry. The view and its filters live in the hash, so Back keeps them.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { z } from 'zod';
import { isoDateSchema } from '../../../domain/dates';
import { accountCodeSchema, accounts, isLeafAccount } from '../../../domain/ledger';
import { businessDateSchema, lineText, periodSchema } from '../../../domain/primitives';
import {
  ApiError,
  api,
  type AccountLedger,
  type JournalEntryView,
  type SettlementImportResult,
  type Statement,
  type TrialBalance,
  type User,
} from '../api';
import { fieldErrors } from '../form-errors';
import { formatYuan, jurisdictionNames, thisMonthShanghai, todayShanghai } from '../format';
import { useHashQuery } from '../hash-query';
import { DateInput } from './DateInput';
import { messageOf } from './History';

type View = 'trial' | 'account' | 'statement' | 'import' | 'reversal';
const viewNames: Record<View, string> = {
  trial: '试算平衡表',
  account: '明细账',
  statement: '收支报表',
  import: '结算文件导入',
  reversal: '冲销分录',
};
const sideNames = { debit: '借', credit: '贷' } as const;
const yuan = (fen: number) => formatYuan(fen).replace(/ 元$/, '');

/** The reversal's body as the API checks it (api/routes/ledger.ts). */
export const reversalSchema = z.object({ reason: lineText(200), date: businessDateSchema }).strict();

/** Saves a fetched CSV through an object URL (a plain link would not carry the session's token). */
async function saveCsv(path: string, q: Record<string, string | undefined>, fallback: string): Promise<void> {
  const { blob, filename } = await api.ledgerCsv(path, q, fallback);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Field({ id, label, error, children }: { id: string; label: string; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <p className="field-error" role="alert" id={`${id}-err`}>
          {error}
        </p>
      )}
    </div>
  );
}
const invalid = (id: string, error?: string) => (error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-err` } : {});

export function Ledger({ user }: { user: User }) {
  const [q, setQ] = useHashQuery(['view', 'asOf', 'account', 'from', 'to', 'period'] as const);
  const finance = user.role === 'finance';
  const views: View[] = finance ? ['trial', 'account', 'statement', 'import', 'reversal'] : ['trial', 'account', 'statement'];
  const view: View = views.includes(q.view as View) ? (q.view as View) : 'trial';
  return (
    <section aria-labelledby="ledger-title">
      <h1 id="ledger-title" tabIndex={-1}>
        医疗救助基金账目（{jurisdictionNames[user.jurisdiction]}）
      </h1>
      <nav aria-label="账目" className="tabs">
        {views.map((v) => (
          <button key={v} type="button" aria-pressed={v === view} onClick={() => setQ({ view: v })}>
            {viewNames[v]}
          </button>
        ))}
      </nav>
      {view === 'trial' && <TrialBalanceView asOf={q.asOf} setAsOf={(asOf) => setQ({ asOf })} />}
      {view === 'account' && <AccountLedgerView q={q} setQ={setQ} />}
      {view === 'statement' && <StatementView period={q.period || thisMonthShanghai()} setPeriod={(period) => setQ({ period })} />}
      {view === 'import' && finance && <SettlementImport />}
      {view === 'reversal' && finance && <Reversal />}
    </section>
  );
}

function useReport<T>(load: (() => Promise<T>) | null, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!load) return;
    let live = true;
    load()
      .then((d) => live && (setData(d), setError(null)))
      .catch((e) => live && setError(messageOf(e)));
    return () => {
      live = false;
    };
    // the caller names what the report depends on
  }, deps);
  return { data, error, setError };
}

function CsvButton({ onClick, label }: { onClick: () => Promise<void>; label: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button type="button" onClick={() => onClick().catch((e) => setError(messageOf(e)))}>
        {label}
      </button>
      {error && (
        <span role="alert" className="error">
          　{error}
        </span>
      )}
    </>
  );
}

function TrialBalanceView({ asOf, setAsOf }: { asOf: string; setAsOf: (v: string) => void }) {
  const [text, setText] = useState(asOf);
  const [err, setErr] = useState<string | undefined>();
  const { data, error } = useReport<TrialBalance>(() => api.trialBalance({ asOf: asOf || undefined }), [asOf]);
  const id = useId();
  function submit(e: FormEvent) {
    e.preventDefault();
    if (text && !isoDateSchema.safeParse(text).success) return setErr(isoDateSchema.safeParse(text).error!.issues[0]!.message);
    setErr(undefined);
    setAsOf(text);
  }
  return (
    <>
      <form className="filters" onSubmit={submit} noValidate aria-label="试算平衡表条件">
        <Field id={`${id}-asof`} label="截至日期（YYYY-MM-DD，留空为至今）" error={err}>
          <DateInput id={`${id}-asof`} value={text} onChange={setText} {...invalid(`${id}-asof`, err)} />
        </Field>
        <button type="submit">查询</button>{' '}
        <CsvButton label="导出 CSV" onClick={() => saveCsv('/ledger/trial-balance', { asOf: asOf || undefined }, '试算平衡表.csv')} />
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data && (
        <>
          <p role="status" className={data.balanced ? 'ok' : 'error'} data-testid="balanced">
            {data.balanced ? '借贷平衡' : '借贷不平衡，请核查'}（截至 {data.asOf ?? todayShanghai()}）
          </p>
          <table className="grid">
            <caption>试算平衡表</caption>
            <thead>
              <tr>
                <th scope="col">科目</th>
                <th scope="col" className="num">
                  借方合计
                </th>
                <th scope="col" className="num">
                  贷方合计
                </th>
                <th scope="col">方向</th>
                <th scope="col" className="num">
                  余额
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.account}>
                  <td>{r.name}</td>
                  <td className="num">{yuan(r.debitFen)}</td>
                  <td className="num">{yuan(r.creditFen)}</td>
                  <td>{sideNames[r.normalSide]}</td>
                  <td className="num">{yuan(r.balanceFen)}</td>
                </tr>
              ))}
              <tr>
                <th scope="row">合计</th>
                <td className="num">{yuan(data.totals.debitFen)}</td>
                <td className="num">{yuan(data.totals.creditFen)}</td>
                <td colSpan={2} />
              </tr>
            </tbody>
          </table>
          <p className="small">金额单位：元</p>
        </>
      )}
    </>
  );
}

const leafAccounts = accounts.filter((a) => isLeafAccount(a.code));
const accountFormSchema = z.object({ account: accountCodeSchema, from: isoDateSchema.optional(), to: isoDateSchema.optional() });

function AccountLedgerView({
  q,
  setQ,
}: {
  q: Record<'account' | 'from' | 'to', string>;
  setQ: (patch: Partial<Record<'account' | 'from' | 'to', string>>) => void;
}) {
  const [form, setForm] = useState({ account: q.account, from: q.from, to: q.to });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const id = useId();
  const { data, error } = useReport<AccountLedger>(
    q.account ? () => api.accountLedger(q.account, { from: q.from || undefined, to: q.to || undefined }) : null,
    [q.account, q.from, q.to],
  );
  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = accountFormSchema.safeParse({ account: form.account, from: form.from || undefined, to: form.to || undefined });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues, { messages: { account: '请选择科目' } }) as Record<string, string>);
      return;
    }
    setErrors({});
    setQ({ account: form.account, from: form.from, to: form.to });
  }
  return (
    <>
      <form className="filters" onSubmit={submit} noValidate aria-label="明细账条件">
        <Field id={`${id}-account`} label="科目" error={errors.account}>
          <select
            id={`${id}-account`}
            value={form.account}
            onChange={(e) => setForm((f) => ({ ...f, account: e.target.value }))}
            {...invalid(`${id}-account`, errors.account)}
          >
            <option value="">请选择科目</option>
            {leafAccounts.map((a) => (
              <option key={a.code} value={a.code}>
                {a.name}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-from`} label="起始日期（留空为本年1月1日）" error={errors.from}>
          <DateInput
            id={`${id}-from`}
            value={form.from}
            onChange={(v) => setForm((f) => ({ ...f, from: v }))}
            {...invalid(`${id}-from`, errors.from)}
          />
        </Field>
        <Field id={`${id}-to`} label="截止日期（留空为本年末）" error={errors.to}>
          <DateInput
            id={`${id}-to`}
            value={form.to}
            onChange={(v) => setForm((f) => ({ ...f, to: v }))}
            {...invalid(`${id}-to`, errors.to)}
          />
        </Field>
        <button type="submit">查询</button>{' '}
        {q.account && (
          <CsvButton
            label="导出 CSV"
            onClick={() =>
              saveCsv(
                `/ledger/accounts/${encodeURIComponent(q.account)}`,
                { from: q.from || undefined, to: q.to || undefined },
                '明细账.csv',
              )
            }
          />
        )}
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data && (
        <table className="grid">
          <caption>
            明细账：{data.name}（{data.from} 至 {data.to}，余额方向：{sideNames[data.normalSide]}）
          </caption>
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">分录号</th>
              <th scope="col">摘要</th>
              <th scope="col" className="num">
                借方
              </th>
              <th scope="col" className="num">
                贷方
              </th>
              <th scope="col" className="num">
                余额
              </th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{data.from}</td>
              <td />
              <td>期初余额</td>
              <td />
              <td />
              <td className="num">{yuan(data.openingFen)}</td>
            </tr>
            {data.lines.map((l, i) => (
              <tr key={`${l.entryId}-${i}`}>
                <td>{l.date}</td>
                <td className="mono">{l.entryId}</td>
                <td>{l.memo}</td>
                <td className="num">{l.debitFen ? yuan(l.debitFen) : ''}</td>
                <td className="num">{l.creditFen ? yuan(l.creditFen) : ''}</td>
                <td className="num">{yuan(l.balanceFen)}</td>
              </tr>
            ))}
            <tr>
              <td>{data.to}</td>
              <td />
              <td>本期合计及期末余额</td>
              <td className="num">{yuan(data.totals.debitFen)}</td>
              <td className="num">{yuan(data.totals.creditFen)}</td>
              <td className="num" data-testid="closing">
                {yuan(data.closingFen)}
              </td>
            </tr>
          </tbody>
        </table>
      )}
    </>
  );
}

function StatementView({ period, setPeriod }: { period: string; setPeriod: (v: string) => void }) {
  const [text, setText] = useState(period);
  const [err, setErr] = useState<string | undefined>();
  const id = useId();
  const { data, error } = useReport<Statement>(() => api.statement({ period }), [period]);
  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = periodSchema.safeParse(text.trim());
    if (!parsed.success) return setErr(parsed.error.issues[0]!.message);
    setErr(undefined);
    setPeriod(parsed.data);
  }
  return (
    <>
      <form className="filters" onSubmit={submit} noValidate aria-label="收支报表条件">
        <Field id={`${id}-period`} label="期间（YYYY 或 YYYY-MM）" error={err}>
          <input
            id={`${id}-period`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            maxLength={7}
            {...invalid(`${id}-period`, err)}
          />
        </Field>
        <button type="submit">查询</button>{' '}
        <CsvButton label="导出 CSV" onClick={() => saveCsv('/ledger/statements', { period }, '收支报表.csv')} />
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data && (
        <table className="grid">
          <caption>
            收支报表 {data.period}（{data.from} 至 {data.to}）
          </caption>
          <thead>
            <tr>
              <th scope="col">项目</th>
              <th scope="col">科目</th>
              <th scope="col" className="num">
                金额（元）
              </th>
            </tr>
          </thead>
          <tbody>
            {data.income.map((r) => (
              <tr key={r.account}>
                <td>收入</td>
                <td>{r.name}</td>
                <td className="num">{yuan(r.amountFen)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">收入合计</th>
              <td />
              <td className="num">{yuan(data.totals.incomeFen)}</td>
            </tr>
            {data.expense.map((r) => (
              <tr key={r.account}>
                <td>支出</td>
                <td>{r.name}</td>
                <td className="num">{yuan(r.amountFen)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">支出合计</th>
              <td />
              <td className="num">{yuan(data.totals.expenseFen)}</td>
            </tr>
            <tr>
              <th scope="row">本期收支结余</th>
              <td />
              <td className="num">{yuan(data.totals.surplusFen)}</td>
            </tr>
          </tbody>
        </table>
      )}
    </>
  );
}

function SettlementImport() {
  const [csv, setCsv] = useState('');
  const [result, setResult] = useState<SettlementImportResult | null>(null);
  const [refusal, setRefusal] = useState<{ message: string; rows: { path: string; message: string }[]; count?: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    if (result || refusal) resultRef.current?.focus();
  }, [result, refusal]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    setRefusal(null);
    if (!csv.trim()) return setRefusal({ message: '请选择结算文件或粘贴其内容', rows: [] });
    setBusy(true);
    try {
      setResult(await api.importSettlements(csv));
    } catch (err) {
      if (err instanceof ApiError)
        setRefusal({
          message: err.message,
          rows: err.issues,
          count: typeof err.facts.issueCount === 'number' ? err.facts.issueCount : undefined,
        });
      else setRefusal({ message: String(err), rows: [] });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-label="结算文件导入" className="narrow">
      <p>表头为 institution,date,category,amount 或 定点机构,日期,类别,金额；金额单位为元。同一文件重复导入不会重复记账。</p>
      <div className="field">
        <label htmlFor={`${id}-file`}>选择结算文件（CSV）</label>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void f.text().then(setCsv);
          }}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-csv`}>或粘贴文件内容</label>
        <textarea id={`${id}-csv`} rows={6} value={csv} onChange={(e) => setCsv(e.target.value)} className="mono" />
      </div>
      <button type="submit" disabled={busy}>
        {busy ? '导入中…' : '导入'}
      </button>
      <div ref={resultRef} tabIndex={-1}>
        {result && (
          <p role="status" className="ok" data-testid="import-result">
            已导入批次 {result.batch}：新记账 {result.posted} 条，已记账（重复）{result.alreadyPosted} 条，合计{' '}
            {formatYuan(result.totalFen)}
          </p>
        )}
        {refusal && (
          <div role="alert" className="error" data-testid="import-refusal">
            <p>未导入：{refusal.message}</p>
            {refusal.rows.length > 0 && (
              <table className="grid">
                <caption>
                  有误的行（共 {refusal.count ?? refusal.rows.length} 处
                  {refusal.count && refusal.count > refusal.rows.length ? `，显示前 ${refusal.rows.length} 处` : ''}）
                </caption>
                <thead>
                  <tr>
                    <th scope="col">行</th>
                    <th scope="col">问题</th>
                  </tr>
                </thead>
                <tbody>
                  {refusal.rows.map((r, i) => (
                    <tr key={i}>
                      <td>{r.path.replace(/^row /, '第 ') + (r.path.startsWith('row ') ? ' 行' : '')}</td>
                      <td>{r.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
      </div>
    </form>
  );
}

function Reversal() {
  const [entryId, setEntryId] = useState('');
  const [entry, setEntry] = useState<JournalEntryView | null>(null);
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(todayShanghai());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const messageRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message) messageRef.current?.focus();
  }, [message]);

  async function find(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    setEntry(null);
    if (!/^[1-9]\d{0,17}$/.test(entryId.trim())) return setErrors({ entryId: '分录号应为数字' });
    setErrors({});
    try {
      setEntry(await api.getEntry(entryId.trim()));
    } catch (err) {
      setMessage({ ok: false, text: messageOf(err) });
    }
  }
  async function reverse() {
    if (!entry) return;
    setMessage(null);
    const parsed = reversalSchema.safeParse({ reason, date: date.trim() });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues, { messages: { reason: '请填写冲销原因' } }) as Record<string, string>);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const r = await api.reverseEntry(entry.id, parsed.data);
      setMessage({ ok: true, text: `已冲销分录 ${entry.id}，冲销分录号 ${r.id}（${r.date}）` });
      setEntry(await api.getEntry(entry.id));
    } catch (err) {
      setMessage({ ok: false, text: `未冲销：${messageOf(err)}` });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="narrow">
      <form onSubmit={find} noValidate aria-label="查找分录" className="filters">
        <Field id={`${id}-entry`} label="分录号" error={errors.entryId}>
          <input
            id={`${id}-entry`}
            value={entryId}
            inputMode="numeric"
            onChange={(e) => setEntryId(e.target.value)}
            {...invalid(`${id}-entry`, errors.entryId)}
          />
        </Field>
        <button type="submit">查找</button>
      </form>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'} ref={messageRef} tabIndex={-1}>
          {message.text}
        </p>
      )}
      {entry && (
        <div className="card">
          <h2>
            分录 {entry.id}　{entry.date}　{entry.memo}
          </h2>
          <table className="grid">
            <caption className="sr-only">分录明细</caption>
            <thead>
              <tr>
                <th scope="col">科目</th>
                <th scope="col">方向</th>
                <th scope="col" className="num">
                  金额（元）
                </th>
              </tr>
            </thead>
            <tbody>
              {entry.lines.map((l, i) => (
                <tr key={i}>
                  <td>{l.name}</td>
                  <td>{sideNames[l.side]}</td>
                  <td className="num">{yuan(l.amountFen)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {entry.reversedBy ? (
            <p data-testid="reversed">
              已于 {entry.reversedBy.date} 冲销（冲销分录号 {entry.reversedBy.id}）
            </p>
          ) : entry.reversesId ? (
            <p>本分录为分录 {entry.reversesId} 的冲销分录。</p>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void reverse();
              }}
              noValidate
              aria-label="冲销"
            >
              <Field id={`${id}-reason`} label="冲销原因" error={errors.reason}>
                <input
                  id={`${id}-reason`}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  {...invalid(`${id}-reason`, errors.reason)}
                />
              </Field>
              <Field id={`${id}-date`} label="冲销日期（YYYY-MM-DD）" error={errors.date}>
                <DateInput id={`${id}-date`} value={date} onChange={setDate} {...invalid(`${id}-date`, errors.date)} />
              </Field>
              <button type="submit" disabled={busy}>
                {busy ? '冲销中…' : '冲销'}
              </button>
            </form>
          )}
        </div>
      )}
    </div>
  );
}
