/**
 * Family-bed and geriatric-ward episodes for those who decide on them (000 §7–§14): the list
 * (filters kept in the hash), and one episode's page with every criterion it does not meet, in the
 * words of the regulation, and the actions the user's role may take now: the agency's approval,
 * rejection or referral to the expert panel, the panel's joint review, the institution's closing
 * (撤床, 000 §11) and finance's settlement. Each action is checked by episodeActionRequestSchema
 * before anything is sent; the API decides in the end.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { careKinds, closingGroundNames, closingGrounds, type CareKind, type ClosingGround } from '../../../domain/care-episode';
import {
  episodeActionNames,
  episodeActionRequestSchema,
  episodeStatusNames,
  episodeStatuses,
  type EpisodeAction,
  type EpisodeStatus,
} from '../../../domain/care-process';
import { ApiError, api, type EpisodeActionBody, type EpisodeDetail, type EpisodeView, type User } from '../api';
import { articleInWords } from '../articles';
import { fieldErrors } from '../form-errors';
import { fieldErrorView } from '../field-error';
import { jurisdictionNames, todayShanghai } from '../format';
import { hashWith, useHashQuery } from '../hash-query';
import { Pager, useKeysetPages } from '../keyset-pages';
import { conditionName } from './FamilyBed';
import { DateInput } from './DateInput';
import { History, messageOf } from './History';

export const careKindNames: Record<CareKind, string> = { family_bed: '家庭病床', geriatric_ward: '老年病区' };
export const episodeUrl = (id: string) => `#/care/${encodeURIComponent(id)}`;

/** The criteria of an episode as the hospital reads them: the message, then the article in words. */
export function UnmetCriteria({ criteria }: { criteria: EpisodeView['eligibility'] }) {
  if (!criteria.length) return <p>各项条件均符合。</p>;
  const hard = criteria.filter((c) => c.hard).length;
  return (
    <>
      <p>{hard ? `有 ${hard} 项条件不符合，不能批准：` : '以下情况已记录，不影响批准：'}</p>
      <ul className="unmet" aria-label="不符合的条件">
        {criteria.map((c) => (
          <li key={c.code}>
            {c.message}
            <span className="small">　依据：{articleInWords(c.article)}</span>
            {!c.hard && <span className="badge warn">不影响批准</span>}
          </li>
        ))}
      </ul>
    </>
  );
}

/** #/care: the episodes the user may see, filtered by kind and status. */
export function CareEpisodes({ user }: { user: User }) {
  const [filters, setFilters] = useHashQuery(['kind', 'status', 'county'] as const);
  // the server's keyset pages of 50, most recently changed first, with the total
  const pages = useKeysetPages<EpisodeView>(
    (cursor) =>
      api.listEpisodes({
        kind: (filters.kind || undefined) as CareKind | undefined,
        status: (filters.status || undefined) as EpisodeStatus | undefined,
        county: (filters.county || undefined) as EpisodeView['jurisdiction'] | undefined,
        cursor,
      }),
    JSON.stringify(filters),
  );
  const page = pages.page;
  const error = pages.error;

  return (
    <section aria-labelledby="care-title">
      <h1 id="care-title" tabIndex={-1}>
        家庭病床与老年病区
      </h1>
      <p>
        {jurisdictionNames[user.jurisdiction]}　
        {user.role === 'expert_panel' ? '待专家组会审的申请请选「待专家组会审」。' : '点击申请编号办理。'}
      </p>
      <form className="filters" aria-label="筛选" onSubmit={(e) => e.preventDefault()} noValidate>
        <label>
          类别{' '}
          <select value={filters.kind} onChange={(e) => setFilters({ kind: e.target.value })}>
            <option value="">全部</option>
            {careKinds.map((k) => (
              <option key={k} value={k}>
                {careKindNames[k]}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          状态{' '}
          <select value={filters.status} onChange={(e) => setFilters({ status: e.target.value })}>
            <option value="">全部</option>
            {episodeStatuses.map((s) => (
              <option key={s} value={s}>
                {episodeStatusNames[s]}
              </option>
            ))}
          </select>
        </label>
        {filters.county && (
          <span>
            　辖区：{(jurisdictionNames as Record<string, string>)[filters.county] ?? filters.county}{' '}
            <button type="button" className="link" onClick={() => setFilters({ county: '' })}>
              清除
            </button>
          </span>
        )}
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {page && <EpisodeTable page={page} />}
      {page && <Pager pageNo={pages.pageNo} page={page} onPrevious={pages.previous} onNext={pages.next} unit="条" />}
    </section>
  );
}

export function EpisodeTable({ page }: { page: { total: number; items: EpisodeView[] } }) {
  return (
    <>
      <p className="count">
        共 {page.total} 条{page.total > page.items.length ? `，本页 ${page.items.length} 条` : ''}
      </p>
      <table className="grid">
        <caption className="sr-only">家庭病床与老年病区申请，最近办理的在前</caption>
        <thead>
          <tr>
            <th scope="col">申请编号</th>
            <th scope="col">类别</th>
            <th scope="col">参保人</th>
            <th scope="col">病种（情形）</th>
            <th scope="col">申请日期</th>
            <th scope="col">状态</th>
            <th scope="col">审核期限</th>
            <th scope="col">不符合的条件</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((ep) => (
            <tr key={ep.id} className={ep.reviewDeadline?.breachedAt ? 'overdue-row' : undefined}>
              <td className="mono">
                <a href={episodeUrl(ep.id)}>{ep.applicationNo}</a>
              </td>
              <td>{careKindNames[ep.kind]}</td>
              <td>
                {ep.person.name} <span className="mono small">{ep.person.idNumber}</span>
              </td>
              <td>{conditionName(ep.condition)}</td>
              <td>{ep.applicationDate}</td>
              <td>{ep.statusName}</td>
              <td>
                {ep.reviewDeadline?.dueDate ?? '—'}
                {ep.reviewDeadline?.breachedAt && <span className="badge overdue">超期</span>}
              </td>
              <td>{ep.eligibility.filter((c) => c.hard).length || '无'}</td>
            </tr>
          ))}
          {!page.items.length && (
            <tr>
              <td colSpan={8} className="empty">
                没有符合条件的申请
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}

/** What this user may do on this episode now (checkEpisodeAction decides in the end). */
export function allowedEpisodeActions(ep: Pick<EpisodeView, 'status' | 'jurisdiction' | 'createdBy'>, user: User): EpisodeAction[] {
  if (ep.jurisdiction !== user.jurisdiction) return [];
  const reviewer = user.role === 'reviewer' || user.role === 'approver';
  const applicant = user.role === 'window_clerk' || (user.role === 'institution' && user.username === ep.createdBy);
  const out: EpisodeAction[] = [];
  if (ep.status === 'under_review') {
    if (reviewer) out.push('approve', 'reject', 'request_panel');
    if (applicant) out.push('withdraw');
  } else if (ep.status === 'panel_review') {
    if (user.role === 'expert_panel') out.push('panel_decision');
    if (reviewer) out.push('reject');
    if (applicant) out.push('withdraw');
  } else if (ep.status === 'opened') {
    if (user.role === 'institution') out.push('close');
  } else if (ep.status === 'closed') {
    if (user.role === 'finance') out.push('settle');
  }
  return out;
}

const endingEpisodeActions: readonly EpisodeAction[] = ['reject', 'withdraw'];
const episodeActionLabels: Record<EpisodeAction, string> = {
  ...episodeActionNames,
  approve: '批准建床',
  panel_decision: '专家组会审结论',
  close: '撤床/出院（000 §11）',
  settle: '结算（撤床后）',
};
const reasonRequired: readonly EpisodeAction[] = ['reject', 'withdraw', 'request_panel', 'panel_decision'];
const episodeMessages: Record<string, string> = {
  reason: '请填写原因',
  approved: '请选择会审结论',
  ground: '请选择撤床原因',
  certificateNo: '请填写撤床证编号',
};

export function EpisodeActionForm({ ep, user, onDone }: { ep: EpisodeView; user: User; onDone: (e: EpisodeView) => void }) {
  const actions = allowedEpisodeActions(ep, user);
  const [action, setAction] = useState<EpisodeAction | ''>(actions[0] ?? '');
  const [reason, setReason] = useState('');
  const [approved, setApproved] = useState<'' | 'yes' | 'no'>('');
  const [decisionRef, setDecisionRef] = useState('');
  const [ground, setGround] = useState<ClosingGround | ''>('');
  const [closedOn, setClosedOn] = useState(todayShanghai());
  const [certificateNo, setCertificateNo] = useState('');
  const [signed, setSigned] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<EpisodeActionBody | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  if (!actions.length) return <p data-testid="no-actions">您当前没有可对该申请办理的操作（{ep.statusName}）。</p>;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    const r = reason.trim() || undefined;
    const candidate: Record<string, unknown> = { action: action || undefined };
    if (action === 'close') {
      Object.assign(candidate, {
        ground: ground || undefined,
        closedOn,
        certificateNo: certificateNo.trim() || undefined,
        ...(ground === 'own_request' ? { signedClosingRecord: signed } : {}),
        reason: r,
      });
    } else if (action === 'panel_decision') {
      Object.assign(candidate, {
        approved: approved === '' ? undefined : approved === 'yes',
        reason: r,
        decisionRef: decisionRef.trim() || undefined,
      });
    } else candidate.reason = r;
    const defined = Object.fromEntries(Object.entries(candidate).filter(([, v]) => v !== undefined));
    const parsed = episodeActionRequestSchema.safeParse(defined);
    if (!parsed.success) {
      setErrors(
        fieldErrors(parsed.error.issues, { key: (p) => String(p[0] ?? 'action'), messages: episodeMessages }) as Record<string, string>,
      );
      return;
    }
    setErrors({});
    if (endingEpisodeActions.includes(parsed.data.action)) {
      setConfirming(parsed.data);
      return;
    }
    await send(parsed.data);
  }

  async function send(body: EpisodeActionBody) {
    setConfirming(null);
    setBusy(true);
    try {
      onDone(await api.actOnEpisode(ep.id, body));
    } catch (err) {
      setRefusal(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  const { err, described } = fieldErrorView(id, errors);

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="action-form">
      <h2 id={`${id}-title`}>办理</h2>
      <fieldset>
        <legend>操作</legend>
        {actions.map((a) => (
          <label key={a} className="radio">
            <input type="radio" name="episode-action" value={a} checked={action === a} onChange={() => setAction(a)} />
            {episodeActionLabels[a]}
          </label>
        ))}
      </fieldset>
      {action === 'panel_decision' && (
        <fieldset>
          <legend>会审结论</legend>
          <label className="radio">
            <input
              type="radio"
              name="panel-approved"
              checked={approved === 'yes'}
              onChange={() => setApproved('yes')}
              {...described('approved')}
            />
            同意建床
          </label>
          <label className="radio">
            <input type="radio" name="panel-approved" checked={approved === 'no'} onChange={() => setApproved('no')} />
            不同意
          </label>
          {err('approved')}
          <div className="field">
            <label htmlFor={`${id}-ref`}>会审记录编号（可选）</label>
            <input id={`${id}-ref`} value={decisionRef} onChange={(e) => setDecisionRef(e.target.value)} {...described('decisionRef')} />
            {err('decisionRef')}
          </div>
        </fieldset>
      )}
      {action === 'close' && (
        <fieldset>
          <legend>撤床（000 §11）</legend>
          <div className="field">
            <label htmlFor={`${id}-ground`}>撤床原因</label>
            <select
              id={`${id}-ground`}
              value={ground}
              onChange={(e) => setGround(e.target.value as ClosingGround | '')}
              {...described('ground')}
            >
              <option value="">请选择</option>
              {closingGrounds.map((g) => (
                <option key={g} value={g}>
                  {closingGroundNames[g]}
                </option>
              ))}
            </select>
            {err('ground')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-closedOn`}>撤床日期（YYYY-MM-DD；死亡的为死亡日期）</label>
            <DateInput id={`${id}-closedOn`} value={closedOn} onChange={setClosedOn} {...described('closedOn')} />
            {err('closedOn')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-cert`}>撤床证编号</label>
            <input
              id={`${id}-cert`}
              value={certificateNo}
              onChange={(e) => setCertificateNo(e.target.value)}
              {...described('certificateNo')}
            />
            {err('certificateNo')}
          </div>
          {ground === 'own_request' && (
            <label className="checkbox">
              <input type="checkbox" checked={signed} onChange={(e) => setSigned(e.target.checked)} />
              患者或家属已在撤床记录上签字确认
            </label>
          )}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${id}-reason`}>
          原因{action && reasonRequired.includes(action) ? <span className="req">（必填）</span> : '（可选）'}
        </label>
        <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} {...described('reason')} />
        {err('reason')}
      </div>
      {refusal && (
        <p role="alert" className="error">
          未办理：{refusal}
        </p>
      )}
      {confirming ? (
        <div role="alertdialog" aria-labelledby={`${id}-confirm`} className="confirm">
          <p id={`${id}-confirm`}>
            <strong>确认{episodeActionLabels[confirming.action]}？申请将就此办结，不能再继续办理。</strong>
          </p>
          <button type="button" onClick={() => void send(confirming)} disabled={busy}>
            确认{episodeActionLabels[confirming.action]}
          </button>{' '}
          <button type="button" onClick={() => setConfirming(null)} disabled={busy}>
            取消
          </button>
        </div>
      ) : (
        <button type="submit" disabled={busy}>
          {busy ? '提交中…' : '提交'}
        </button>
      )}
    </form>
  );
}

const careHistoryNames: Record<string, string> = { ...episodeActionNames, applied: '申请', opened: '建床' };

/** #/care/<id>: one episode, its criteria, its actions and history. */
export function EpisodePage({ id, user }: { id: string; user: User }) {
  const [ep, setEp] = useState<EpisodeDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);

  const load = useCallback(async () => {
    try {
      setEp(await api.getEpisode(id));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  return (
    <section aria-labelledby="ep-title">
      <p>
        <a href={hashWith('/care', {})} onClick={(e) => (history.length > 1 ? (e.preventDefault(), history.back()) : undefined)}>
          ← 返回列表
        </a>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {ep && (
        <>
          <h1 id="ep-title" tabIndex={-1}>
            {careKindNames[ep.kind]}申请 {ep.applicationNo}
          </h1>
          {done && (
            <p role="status" className="ok" tabIndex={-1} ref={doneRef} data-testid="episode-done">
              {done}
            </p>
          )}
          <dl className="facts">
            <dt>参保人</dt>
            <dd>
              {ep.person.name} <span className="mono">{ep.person.idNumber}</span>
            </dd>
            <dt>病种（情形）</dt>
            <dd>{conditionName(ep.condition)}</dd>
            <dt>申请日期</dt>
            <dd>{ep.applicationDate}</dd>
            <dt>经办机构</dt>
            <dd>{jurisdictionNames[ep.jurisdiction]}</dd>
            <dt>状态</dt>
            <dd>
              <strong data-testid="episode-status">{ep.statusName}</strong>
            </dd>
            <dt>审核期限</dt>
            <dd>
              {ep.reviewDeadline?.dueDate ?? '—'}
              {ep.reviewDeadline?.breachedAt && <span className="badge overdue">超期</span>}
            </dd>
            {ep.openedOn && (
              <>
                <dt>建床日期</dt>
                <dd>{ep.openedOn}</dd>
              </>
            )}
            {ep.closedOn && (
              <>
                <dt>撤床日期</dt>
                <dd>
                  {ep.closedOn}
                  {ep.closingGround ? `（${(closingGroundNames as Record<string, string>)[ep.closingGround] ?? ep.closingGround}）` : ''}
                </dd>
              </>
            )}
            {ep.panel.required && (
              <>
                <dt>须专家组会审</dt>
                <dd>{ep.panel.reasons.join('；')}</dd>
              </>
            )}
            {ep.rejectionReason && (
              <>
                <dt>不予批准原因</dt>
                <dd>{ep.rejectionReason}</dd>
              </>
            )}
          </dl>
          <h2>建床条件</h2>
          <UnmetCriteria criteria={ep.eligibility} />
          <EpisodeActionForm
            key={ep.version}
            ep={ep}
            user={user}
            onDone={(updated) => {
              setDone(`已办理，申请现为「${updated.statusName}」`);
              void load();
            }}
          />
          <History events={ep.history} names={careHistoryNames} />
        </>
      )}
    </section>
  );
}
