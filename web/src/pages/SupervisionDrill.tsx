/**
 * The cases behind a number of the supervision table (#/supervision/drill?process=…&county=…&measure=…):
 * each process's list read from the server with the same filter the summary counts with, and a
 * 督办 (urge) on every open service case and care episode, which notifies its assignee (or the role
 * it waits on). The note is checked by urgeRequestSchema before anything is sent.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { urgeRequestSchema } from '../../../domain/supervision';
import {
  api,
  type CaseView,
  type CertificationView,
  type EpisodeView,
  type FundRequestView,
  type KeysetPage,
  type ProcessKey,
  type User,
} from '../api';
import { formatYuan, jurisdictionNames, stepName } from '../format';
import { hashQuery, hashWith } from '../hash-query';
import { Pager, useKeysetPages } from '../keyset-pages';
import { careKindNames, episodeUrl } from './CareReview';
import { fundRequestUrl } from './FundRequest';
import { messageOf } from './History';

export type Measure = 'open' | 'overdue' | 'breached';
const measureNames: Record<Measure, string> = { open: '在办', overdue: '已到期未办结', breached: '超期' };
const processNames: Record<ProcessKey, string> = {
  service_case: '服务事项',
  care_episode: '家庭病床/老年病区',
  fund_request: '资金申请',
  certification: '门诊特定病种',
};

export const drillUrl = (process: ProcessKey, county: string, measure: Measure) =>
  hashWith('/supervision/drill', { process, county, measure });

type Row = { id: string; href?: string; title: string; who: string; state: string; due: string; urgeable: boolean };

function caseRow(c: CaseView): Row {
  return {
    id: c.id,
    href: `#/cases/${encodeURIComponent(c.id)}`,
    title: `${c.applicationNo}（${c.applicant.name}）`,
    who: c.assignee ?? '未分配',
    state: c.pendingStep ? `待${stepName(c.pendingStep)}` : c.statusName,
    due: c.deadline ? `${c.deadline.dueDate}${c.deadline.breachedAt ? '（已超期）' : c.deadline.overdue ? '（已到期）' : ''}` : '—',
    urgeable: c.status === 'open',
  };
}
function episodeRow(e: EpisodeView): Row {
  return {
    id: e.id,
    href: episodeUrl(e.id),
    title: `${careKindNames[e.kind]} ${e.applicationNo}（${e.person.name}）`,
    who: e.status === 'panel_review' ? '医疗专家组' : '审核人员',
    state: e.statusName,
    due: e.reviewDeadline ? `${e.reviewDeadline.dueDate}${e.reviewDeadline.breachedAt ? '（已超期）' : ''}` : '—',
    urgeable: e.status === 'under_review' || e.status === 'panel_review',
  };
}
function fundRow(r: FundRequestView): Row {
  return {
    id: r.id,
    href: fundRequestUrl(r.id),
    title: `${r.period} ${formatYuan(r.amountFen)}`,
    who: r.status === 'submitted' ? '财政部门' : '经办机构财务人员',
    state: r.statusName,
    due: `${r.dueDate ?? '—'}${r.late ? '（逾期报送）' : ''}`,
    urgeable: false,
  };
}
function certRow(c: CertificationView): Row {
  return {
    id: c.id,
    href: `#/special-disease/${encodeURIComponent(c.id)}`,
    title: `${c.diseaseCode}（${c.person.name}）`,
    who: '—',
    state: c.statusName,
    due: `${c.period.start} 至 ${c.period.end}`,
    urgeable: false,
  };
}

/**
 * One page of the list behind one cell, filtered on the server as GET /supervision/summary counts it
 * (issue 18: every list pages through the server, nothing is filtered in the browser).
 */
export async function loadDrill(process: ProcessKey, county: string, measure: Measure, cursor?: string): Promise<KeysetPage<Row>> {
  const j = county as CaseView['jurisdiction'];
  const rowsOf = <T,>(p: KeysetPage<T>, map: (t: T) => Row): KeysetPage<Row> => ({ ...p, items: p.items.map(map) });
  switch (process) {
    case 'service_case': {
      const q =
        measure === 'open'
          ? { status: 'open' as const }
          : measure === 'overdue'
            ? { overdue: 'true' as const }
            : { breached: 'true' as const };
      return rowsOf(await api.listCases({ county: j, pageSize: 100, ...q, cursor }), caseRow);
    }
    case 'care_episode': {
      const q = measure === 'breached' ? { breached: 'true' as const } : { open: 'true' as const };
      return rowsOf(await api.listEpisodes({ county: j, ...q, cursor }), episodeRow);
    }
    case 'fund_request': {
      const q = measure === 'open' ? { open: 'true' as const } : { late: 'true' as const };
      return rowsOf(await api.listFundRequests({ agency: j, ...q, cursor }), fundRow);
    }
    case 'certification':
      return rowsOf(await api.listCertificationsOf({ county: j, open: 'true', cursor }), certRow);
  }
}

export function SupervisionDrill({ user }: { user: User }) {
  const q = hashQuery();
  const process = (q.get('process') ?? 'service_case') as ProcessKey;
  const county = q.get('county') ?? user.jurisdiction;
  const measure = (q.get('measure') ?? 'open') as Measure;
  const pages = useKeysetPages<Row>((cursor) => loadDrill(process, county, measure, cursor), `${process}|${county}|${measure}`);
  const page = pages.page;
  const [urging, setUrging] = useState<Row | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  const countyName = (jurisdictionNames as Record<string, string>)[county] ?? county;

  return (
    <section aria-labelledby="drill-title">
      <p>
        <a href="#/supervision">← 返回督办统计</a>
      </p>
      <h1 id="drill-title" tabIndex={-1}>
        {countyName}·{processNames[process] ?? process}·{measureNames[measure] ?? measure}
      </h1>
      {done && (
        <p role="status" className="ok" tabIndex={-1} ref={doneRef} data-testid="urge-done">
          {done}
        </p>
      )}
      {pages.error && (
        <p role="alert" className="error">
          {pages.error}
        </p>
      )}
      {page && (
        <>
          <p className="count" data-testid="drill-count">
            共 {page.total} 件{page.total > page.items.length ? `，本页 ${page.items.length} 件` : ''}
          </p>
          <table className="grid">
            <caption className="sr-only">统计数背后的办件</caption>
            <thead>
              <tr>
                <th scope="col">办件</th>
                <th scope="col">当前状态</th>
                <th scope="col">经办人</th>
                <th scope="col">期限</th>
                <th scope="col">督办</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((r) => (
                <tr key={r.id}>
                  <td>{r.href ? <a href={r.href}>{r.title}</a> : r.title}</td>
                  <td>{r.state}</td>
                  <td>{r.who}</td>
                  <td>{r.due}</td>
                  <td>
                    {r.urgeable && (user.role === 'supervisor' || user.role === 'admin') && (
                      <button type="button" onClick={() => setUrging(r)} aria-label={`督办 ${r.title}`}>
                        督办
                      </button>
                    )}
                  </td>
                </tr>
              ))}
              {!page.items.length && (
                <tr>
                  <td colSpan={5} className="empty">
                    没有办件
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <Pager pageNo={pages.pageNo} page={page} onPrevious={pages.previous} onNext={pages.next} unit="件" />
        </>
      )}
      {urging && (
        <UrgeForm
          row={urging}
          onCancel={() => setUrging(null)}
          onDone={(text) => {
            setUrging(null);
            setDone(text);
          }}
        />
      )}
    </section>
  );
}

function UrgeForm({ row, onCancel, onDone }: { row: Row; onCancel: () => void; onDone: (text: string) => void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const noteRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => noteRef.current?.focus(), []);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    const parsed = urgeRequestSchema.safeParse({ recordId: row.id, note });
    if (!parsed.success) {
      setError(parsed.error.issues[0]!.path[0] === 'note' ? `督办意见${parsed.error.issues[0]!.message}` : parsed.error.issues[0]!.message);
      return;
    }
    setError(null);
    setBusy(true);
    try {
      const res = await api.urge(parsed.data);
      onDone(`已督办 ${row.title}，已通知：${res.recipients.join('、')}`);
    } catch (err) {
      setRefusal(messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="card action-form">
      <h2 id={`${id}-title`}>督办 {row.title}</h2>
      <div className="field">
        <label htmlFor={`${id}-note`}>督办意见</label>
        <textarea
          id={`${id}-note`}
          ref={noteRef}
          rows={2}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          {...(error ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-err` } : {})}
        />
        {error && (
          <p className="field-error" role="alert" id={`${id}-err`}>
            {error}
          </p>
        )}
      </div>
      {refusal && (
        <p role="alert" className="error">
          未督办：{refusal}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? '发送中…' : '发送督办'}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        取消
      </button>
    </form>
  );
}
