/**
 * The decision form on a case page: the actions the user may take now, validated with the domain's
 * caseActionRequestSchema before anything is sent. A refusal by the API shows its Chinese message and
 * leaves the case as it was (the page only reloads after a success).
 */
import { useId, useState, type FormEvent } from 'react';
import { caseActionRequestSchema, stepRoles, type CaseAction, type CaseActionRequest } from '../../../domain/service-case';
import { ApiError, api, type CaseView, type User } from '../api';
import { fieldErrors } from '../form-errors';
import { stepName, yuanToFen } from '../format';

/**
 * The request schema plus the rules the workflow checks on content (domain checkAction): a
 * rejection or withdrawal needs a reason, a disbursement an amount. Same messages as the API.
 */
export const actionFormSchema = caseActionRequestSchema.superRefine((v, ctx) => {
  if (v.action === 'reject' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '退回或不予受理须填写原因' });
  if (v.action === 'withdraw' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: '撤回申请须填写原因' });
  if (v.action === 'disburse' && v.amountFen === undefined) ctx.addIssue({ code: 'custom', path: ['amountFen'], message: '拨付须填写金额（元，最多两位小数）' });
});

/** What this user may do on this case now (the API decides in the end; this only offers the form). */
export function allowedActions(c: Pick<CaseView, 'status' | 'pendingStep' | 'jurisdiction' | 'createdBy'>, user: User): CaseAction[] {
  if (c.status !== 'open' || c.jurisdiction !== user.jurisdiction) return [];
  const out: CaseAction[] = [];
  if (c.pendingStep && stepRoles[c.pendingStep].includes(user.role)) out.push(c.pendingStep, 'reject');
  if (user.role === 'window_clerk' || (user.role === 'institution' && c.createdBy === user.username)) out.push('withdraw');
  return out;
}

const actionLabels: Record<CaseAction, (c: CaseView) => string> = {
  accept: () => '受理',
  review: () => '审核通过',
  disburse: () => '拨付',
  complete: () => '核准办结',
  reject: (c) => (c.pendingStep === 'accept' ? '不予受理' : `退回（${stepName(c.pendingStep)}环节）`),
  withdraw: () => '撤回申请（代申请人）',
};

type FieldErrors = Partial<Record<'action' | 'reason' | 'amountFen' | 'returnedMaterials' | 'note', string>>;

export function ActionForm({ kase, user, onDone }: { kase: CaseView; user: User; onDone: (updated: CaseView) => void }) {
  const actions = allowedActions(kase, user);
  const [action, setAction] = useState<CaseAction | ''>(actions[0] ?? '');
  const [reason, setReason] = useState('');
  const [materials, setMaterials] = useState('');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  if (!actions.length) return <p>您当前没有可对本案件办理的操作。</p>;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    const candidate = {
      action: action || undefined,
      reason: reason.trim() || undefined,
      returnedMaterials: action === 'reject' && materials.trim() ? materials.split('\n').map((s) => s.trim()).filter(Boolean) : undefined,
      amountFen: action === 'disburse' ? yuanToFen(amount) : undefined,
      note: note.trim() || undefined,
    };
    const parsed = actionFormSchema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(fieldErrors<keyof FieldErrors & string>(parsed.error.issues, { key: (path) => String(path[0] ?? 'action') }) as FieldErrors);
      return; // nothing is sent
    }
    setErrors({});
    setBusy(true);
    try {
      onDone(await api.actOnCase(kase.id, parsed.data as CaseActionRequest));
    } catch (err) {
      setRefusal(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const reasonRequired = action === 'reject' || action === 'withdraw';
  const err = (k: keyof FieldErrors) => (errors[k] ? <p className="field-error" role="alert" id={`${id}-${k}-err`}>{errors[k]}</p> : null);
  const described = (k: keyof FieldErrors) => (errors[k] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${k}-err` } : {});

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="action-form">
      <h2 id={`${id}-title`}>办理</h2>
      <fieldset>
        <legend>操作</legend>
        {actions.map((a) => (
          <label key={a} className="radio">
            <input type="radio" name="action" value={a} checked={action === a} onChange={() => setAction(a)} />
            {actionLabels[a](kase)}
          </label>
        ))}
        {err('action')}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reason`}>原因{reasonRequired ? <span className="req">（必填）</span> : '（可选）'}</label>
        <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} {...described('reason')} />
        {err('reason')}
      </div>
      {action === 'reject' && (
        <div className="field">
          <label htmlFor={`${id}-materials`}>退回材料（每行一项，可选）</label>
          <textarea id={`${id}-materials`} rows={2} value={materials} onChange={(e) => setMaterials(e.target.value)} {...described('returnedMaterials')} />
          {err('returnedMaterials')}
        </div>
      )}
      {action === 'disburse' && (
        <div className="field">
          <label htmlFor={`${id}-amount`}>拨付金额（元）</label>
          <input id={`${id}-amount`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} {...described('amountFen')} />
          {err('amountFen')}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-note`}>备注（可选）</label>
        <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} {...described('note')} />
        {err('note')}
      </div>
      {refusal && <p role="alert" className="error">未办理：{refusal}</p>}
      <button type="submit" disabled={busy}>{busy ? '提交中…' : '提交'}</button>
    </form>
  );
}
