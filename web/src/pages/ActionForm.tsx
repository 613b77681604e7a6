/**
 * The decision form on a case page: the actions the user may take now, validated with the domain's
 * caseActionRequestSchema before anything is sent. An action that ends the case (不予受理/退回,
 * 撤回) asks for confirmation first. A refusal by the API shows its Chinese message and leaves the
 * case as it was (the page only reloads after a success).
 */
import { useId, useState, type FormEvent } from 'react';
import { caseActionRequestSchema, stepRoles, type CaseAction, type CaseActionRequest } from '../../../domain/service-case';
import { ApiError, api, type CaseView, type User } from '../api';
import { fieldErrors } from '../form-errors';
import { stepName, yuanToFen } from '../format';

/**
 * The domain's own command schema (one member per action, with the fields it needs: a rejection
 * or withdrawal its reason, a disbursement its amount, a send-back its list), so the form checks
 * exactly what the API and the workflow check, with the same messages. Only the amount's message
 * names the unit the form asks in (yuan).
 */
export const actionFormSchema = caseActionRequestSchema;
const formMessages: Partial<Record<string, string>> = { amountFen: '拨付须填写金额（元，最多两位小数）' };

/** The fields of one action only (an empty field is not sent; the command is strict). */
function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The actions after which the case is closed for good: the form asks before sending them. */
export const endingActions: readonly CaseAction[] = ['reject', 'withdraw'];

/** What this user may do on this case now (the API decides in the end; this only offers the form). */
export function allowedActions(
  c: Pick<CaseView, 'status' | 'pendingStep' | 'jurisdiction' | 'createdBy'> & { correction?: CaseView['correction'] },
  user: User,
): CaseAction[] {
  if (c.status !== 'open' || c.jurisdiction !== user.jurisdiction) return [];
  const out: CaseAction[] = [];
  const forApplicant = user.role === 'window_clerk' || (user.role === 'institution' && c.createdBy === user.username);
  const onStep = c.pendingStep !== null && stepRoles[c.pendingStep].includes(user.role);
  if (c.correction) {
    // Sent back for correction: the applicant resubmits; the step's clerk may still refuse.
    if (forApplicant) out.push('resubmit');
    if (onStep) out.push('reject');
  } else if (onStep) {
    out.push(c.pendingStep!, 'request_correction', 'reject');
  }
  if (forApplicant) out.push('withdraw');
  return out;
}

const actionLabels: Record<CaseAction, (c: CaseView) => string> = {
  accept: () => '受理',
  review: () => '审核通过',
  disburse: () => '拨付',
  complete: () => '核准办结',
  reject: (c) => (c.pendingStep === 'accept' ? '不予受理' : `退回（${stepName(c.pendingStep)}环节，不予通过）`),
  withdraw: () => '撤回申请（代申请人）',
  request_correction: () => '退回补正（一次性告知）',
  resubmit: () => '申请人已补正，重新提交',
};

/** What the confirmation says each ending action does. */
const endingWarnings: Partial<Record<CaseAction, (c: CaseView) => string>> = {
  reject: (c) => `确认${c.pendingStep === 'accept' ? '不予受理' : '退回（不予通过）'}？案件将就此办结，不能再继续办理。`,
  withdraw: () => '确认撤回申请？案件将就此办结，不能再继续办理。',
};

type FieldErrors = Partial<Record<'action' | 'reason' | 'amountFen' | 'returnedMaterials' | 'missingMaterials' | 'note', string>>;

const lines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

export function ActionForm({ kase, user, onDone }: { kase: CaseView; user: User; onDone: (updated: CaseView) => void }) {
  const actions = allowedActions(kase, user);
  const [action, setAction] = useState<CaseAction | ''>(actions[0] ?? '');
  const [reason, setReason] = useState('');
  const [materials, setMaterials] = useState('');
  const [amount, setAmount] = useState('');
  const [missing, setMissing] = useState('');
  /** a validated ending action waiting for the clerk's confirmation */
  const [confirming, setConfirming] = useState<CaseActionRequest | null>(null);
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
      returnedMaterials: action === 'reject' && materials.trim() ? lines(materials) : undefined,
      missingMaterials: action === 'request_correction' && missing.trim() ? lines(missing) : undefined,
      amountFen: action === 'disburse' ? yuanToFen(amount) : undefined,
      note: note.trim() || undefined,
    };
    const parsed = actionFormSchema.safeParse(defined(candidate));
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ ...i, message: formMessages[String(i.path[0])] ?? i.message }));
      setErrors(fieldErrors<keyof FieldErrors & string>(issues, { key: (path) => String(path[0] ?? 'action') }) as FieldErrors);
      return; // nothing is sent
    }
    setErrors({});
    if (endingActions.includes(parsed.data.action)) {
      setConfirming(parsed.data as CaseActionRequest); // sent only once the clerk confirms
      return;
    }
    await send(parsed.data as CaseActionRequest);
  }

  async function send(request: CaseActionRequest) {
    setConfirming(null);
    setBusy(true);
    try {
      onDone(await api.actOnCase(kase.id, request));
    } catch (err) {
      setRefusal(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const reasonRequired = action === 'reject' || action === 'withdraw';
  const err = (k: keyof FieldErrors) =>
    errors[k] ? (
      <p className="field-error" role="alert" id={`${id}-${k}-err`}>
        {errors[k]}
      </p>
    ) : null;
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
          <textarea
            id={`${id}-materials`}
            rows={2}
            value={materials}
            onChange={(e) => setMaterials(e.target.value)}
            {...described('returnedMaterials')}
          />
          {err('returnedMaterials')}
        </div>
      )}
      {action === 'request_correction' && (
        <div className="field">
          <label htmlFor={`${id}-missing`}>需补正的材料（每行一项，须一次性列全）</label>
          <textarea
            id={`${id}-missing`}
            rows={3}
            value={missing}
            onChange={(e) => setMissing(e.target.value)}
            {...described('missingMaterials')}
          />
          {err('missingMaterials')}
        </div>
      )}
      {action === 'disburse' && (
        <div className="field">
          <label htmlFor={`${id}-amount`}>拨付金额（元）</label>
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
        <label htmlFor={`${id}-note`}>备注（可选）</label>
        <input id={`${id}-note`} value={note} onChange={(e) => setNote(e.target.value)} {...described('note')} />
        {err('note')}
      </div>
      {refusal && (
        <p role="alert" className="error">
          未办理：{refusal}
        </p>
      )}
      {confirming ? (
        <div role="alertdialog" aria-labelledby={`${id}-confirm`} className="confirm">
          <p id={`${id}-confirm`}>
            <strong>{endingWarnings[confirming.action]?.(kase)}</strong>
          </p>
          <button type="button" onClick={() => void send(confirming)} disabled={busy}>
            确认{actionLabels[confirming.action](kase)}
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
