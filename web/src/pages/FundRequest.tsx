/**
 * One fund request (预付款 001 §20, 周转金 001 §21): its calculation, a 0.00-yuan amount flagged,
 * and the actions of the user's role — the agency's finance officer adjusts (amount in yuan, with
 * the reason) and submits; the finance department (fiscal) approves or returns it with a reason.
 * Each action is checked by fundActionRequestSchema before anything is sent.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { fundActionRequestSchema, fundRequestKindNames, type FundAction } from '../../../domain/fund-request';
import { api, type FundActionBody, type FundRequestDetail, type FundRequestView, type User } from '../api';
import { fieldErrors } from '../form-errors';
import { fieldErrorView } from '../field-error';
import { formatYuan, jurisdictionNames, yuanToFen } from '../format';
import { History, messageOf } from './History';

export const fundRequestUrl = (id: string) => `#/fund/${encodeURIComponent(id)}`;

export function allowedFundActions(r: Pick<FundRequestView, 'status' | 'agency'>, user: User): FundAction[] {
  if (r.agency !== user.jurisdiction) return [];
  if (user.role === 'finance' && (r.status === 'draft' || r.status === 'returned')) return ['adjust', 'submit'];
  if (user.role === 'fiscal' && r.status === 'submitted') return ['approve', 'return'];
  return [];
}

const fundActionLabels: Record<FundAction, string> = {
  adjust: '调整申请金额',
  submit: '提交财政部门审批',
  approve: '审批通过（拨付）',
  return: '退回经办机构',
};
const fundMessages: Record<string, string> = {
  amountFen: '请填写调整后的金额（元，最多两位小数）',
  reason: '请填写原因',
};
const fundHistoryNames: Record<string, string> = { opened: '发起', ...fundActionLabels };

export function FundActionForm({ request, user, onDone }: { request: FundRequestView; user: User; onDone: (r: FundRequestView) => void }) {
  const actions = allowedFundActions(request, user);
  const [action, setAction] = useState<FundAction | ''>(actions[0] ?? '');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const zero = (request.warnings ?? []).find((w) => w.code === 'ZERO_AMOUNT');
  const [zeroConfirmed, setZeroConfirmed] = useState(false);

  if (!actions.length) return <p data-testid="no-actions">您当前没有可对该申请办理的操作（{request.statusName}）。</p>;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    const candidate = Object.fromEntries(
      Object.entries({
        action: action || undefined,
        amountFen: action === 'adjust' ? yuanToFen(amount) : undefined,
        reason: reason.trim() || undefined,
      }).filter(([, v]) => v !== undefined),
    );
    const parsed = fundActionRequestSchema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(
        fieldErrors(parsed.error.issues, { key: (p) => String(p[0] ?? 'action'), messages: fundMessages }) as Record<string, string>,
      );
      return;
    }
    // A 0.00-yuan request goes on only once the user has looked at it (the API warns as well).
    if (zero && (parsed.data.action === 'submit' || parsed.data.action === 'approve') && !zeroConfirmed) {
      setErrors({ zero: '申请金额为 0.00 元：请勾选“已核实”后再提交或审批' });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onDone(await api.actOnFundRequest(request.id, parsed.data as FundActionBody));
    } catch (err) {
      setRefusal(messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  const { err, described } = fieldErrorView(id, errors);
  const reasonRequired = action === 'adjust' || action === 'return';

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="action-form">
      <h2 id={`${id}-title`}>办理</h2>
      <fieldset>
        <legend>操作</legend>
        {actions.map((a) => (
          <label key={a} className="radio">
            <input type="radio" name="fund-action" value={a} checked={action === a} onChange={() => setAction(a)} />
            {fundActionLabels[a]}
          </label>
        ))}
      </fieldset>
      {action === 'adjust' && (
        <div className="field">
          <label htmlFor={`${id}-amount`}>调整后金额（元）</label>
          <input
            id={`${id}-amount`}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            {...described('amountFen')}
          />
          {err('amountFen')}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-reason`}>原因{reasonRequired ? <span className="req">（必填）</span> : '（可选）'}</label>
        <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} {...described('reason')} />
        {err('reason')}
      </div>
      {zero && (action === 'submit' || action === 'approve') && (
        <label className="checkbox">
          <input type="checkbox" checked={zeroConfirmed} onChange={(e) => setZeroConfirmed(e.target.checked)} {...described('zero')} />
          已核实：本期申请金额确为 0.00 元
        </label>
      )}
      {err('zero')}
      {refusal && (
        <p role="alert" className="error">
          未办理：{refusal}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? '提交中…' : '提交'}
      </button>
    </form>
  );
}

/** #/fund/<id> */
export function FundRequestPage({ id, user }: { id: string; user: User }) {
  const [r, setR] = useState<FundRequestDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const load = useCallback(async () => {
    try {
      setR(await api.getFundRequest(id));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  return (
    <section aria-labelledby="fr-title">
      <p>
        <a href="#/fund" onClick={(e) => (history.length > 1 ? (e.preventDefault(), history.back()) : undefined)}>
          ← 返回资金申请
        </a>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {r && (
        <>
          <h1 id="fr-title" tabIndex={-1}>
            {jurisdictionNames[r.agency]}
            {fundRequestKindNames[r.kind]} {r.period}
          </h1>
          {done && (
            <p role="status" className="ok" tabIndex={-1} ref={doneRef} data-testid="fund-done">
              {done}
            </p>
          )}
          {(r.warnings ?? []).map((w) => (
            <p key={w.code} role="alert" className="warning" data-testid={`warning-${w.code}`}>
              {w.message}
            </p>
          ))}
          <dl className="facts">
            <dt>申请编号</dt>
            <dd className="mono">{r.id}</dd>
            <dt>状态</dt>
            <dd>
              <strong data-testid="fund-status">{r.statusName}</strong>
            </dd>
            <dt>测算金额</dt>
            <dd>{formatYuan(r.proposedFen)}</dd>
            <dt>申请金额</dt>
            <dd data-testid="fund-amount">{formatYuan(r.amountFen)}</dd>
            {r.adjustReason && (
              <>
                <dt>调整原因</dt>
                <dd>{r.adjustReason}</dd>
              </>
            )}
            {r.returnReason && (
              <>
                <dt>退回原因</dt>
                <dd>{r.returnReason}</dd>
              </>
            )}
            <dt>报送截止日</dt>
            <dd>
              {r.dueDate ?? '—'}
              {r.late && <span className="badge overdue">逾期报送</span>}
            </dd>
            <dt>报送日</dt>
            <dd>{r.submittedOn ?? '—'}</dd>
          </dl>
          {r.calculation.length > 0 && (
            <table className="grid">
              <caption>测算明细</caption>
              <thead>
                <tr>
                  <th scope="col">项目</th>
                  <th scope="col" className="num">
                    金额
                  </th>
                </tr>
              </thead>
              <tbody>
                {r.calculation.map((l, i) => (
                  <tr key={i}>
                    <td>{l.label}</td>
                    <td className="num">{formatYuan(l.amountFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <FundActionForm
            key={`${r.version}-${r.status}`}
            request={r}
            user={user}
            onDone={(u) => {
              setDone(`已办理，申请现为「${u.statusName}」，申请金额 ${formatYuan(u.amountFen)}`);
              void load();
            }}
          />
          <History events={r.history} names={fundHistoryNames} />
        </>
      )}
    </section>
  );
}
