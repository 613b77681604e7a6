/**
 * The insured place's agency on one certification (000 §16–§17, item 26): change the designated
 * institution (to one qualified for the disease), suspend, resume, terminate — each with its
 * reason, checked by certificationActionRequestSchema; termination asks first. And the settlement
 * side's question "is this person covered for this disease on that date, and why" for any date.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { certificationActionRequestSchema, type CertificationAction } from '../../../domain/certification';
import { idNumberSchema } from '../../../domain/id-number';
import { isoDateSchema } from '../../../domain/dates';
import { api, type CertificationView, type CoverageAnswer, type SpecialDiseaseItem, type User } from '../api';
import { fieldErrors } from '../form-errors';
import { fieldErrorView } from '../field-error';
import { todayShanghai } from '../format';
import { DateInput } from './DateInput';
import { messageOf } from './History';
import { z } from 'zod';

type AgencyAction = Exclude<CertificationAction, 'renew'>;
const agencyActionLabels: Record<AgencyAction, string> = {
  change_institution: '变更定点医院',
  suspend: '暂停待遇',
  resume: '恢复待遇',
  terminate: '终止认定',
};

/** The agency actions the user may take now (checkCertificationAction decides in the end). */
export function allowedCertificationActions(
  c: Pick<CertificationView, 'recordedStatus' | 'jurisdiction' | 'status'>,
  user: User,
): AgencyAction[] {
  if (!['window_clerk', 'reviewer', 'approver'].includes(user.role) || c.jurisdiction !== user.jurisdiction) return [];
  if (c.recordedStatus === 'active') return ['change_institution', 'suspend', 'terminate'];
  if (c.recordedStatus === 'suspended') return ['resume', 'terminate'];
  return [];
}

const certMessages: Record<string, string> = { reason: '请填写原因', institutionCode: '请选择新的定点医院' };

export function CertificationActions({
  cert,
  user,
  diseases,
  onDone,
}: {
  cert: CertificationView;
  user: User;
  diseases: SpecialDiseaseItem[];
  onDone: (c: CertificationView, text: string) => void;
}) {
  const actions = allowedCertificationActions(cert, user);
  const [action, setAction] = useState<AgencyAction | ''>(actions[0] ?? '');
  const [reason, setReason] = useState('');
  const [institutionCode, setInstitutionCode] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<z.infer<typeof certificationActionRequestSchema> | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  if (!actions.length) return null;
  const qualified = (diseases.find((d) => d.code === cert.diseaseCode)?.institutions ?? []).filter(
    (i) => i.institutionCode !== cert.institutionCode,
  );

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    const candidate = Object.fromEntries(
      Object.entries({
        action: action || undefined,
        reason: reason.trim() || undefined,
        institutionCode: action === 'change_institution' ? institutionCode || undefined : undefined,
      }).filter(([, v]) => v !== undefined),
    );
    const parsed = certificationActionRequestSchema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(
        fieldErrors(parsed.error.issues, { key: (p) => String(p[0] ?? 'action'), messages: certMessages }) as Record<string, string>,
      );
      return;
    }
    setErrors({});
    if (parsed.data.action === 'terminate') {
      setConfirming(parsed.data);
      return;
    }
    await send(parsed.data);
  }
  async function send(body: z.infer<typeof certificationActionRequestSchema>) {
    setConfirming(null);
    setBusy(true);
    try {
      const next = await api.actOnCertification(cert.id, body);
      onDone(next, `已${agencyActionLabels[body.action as AgencyAction]}，认定现为「${next.statusName}」`);
    } catch (err) {
      setRefusal(messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  const { err, described } = fieldErrorView(id, errors);

  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="action-form">
      <h2 id={`${id}-title`}>参保地经办（000 §16–§17）</h2>
      <fieldset>
        <legend>操作</legend>
        {actions.map((a) => (
          <label key={a} className="radio">
            <input type="radio" name="cert-action" value={a} checked={action === a} onChange={() => setAction(a)} />
            {agencyActionLabels[a]}
          </label>
        ))}
      </fieldset>
      {action === 'change_institution' && (
        <div className="field">
          <label htmlFor={`${id}-inst`}>新的定点医院（须具备该病种认定资格）</label>
          <select
            id={`${id}-inst`}
            value={institutionCode}
            onChange={(e) => setInstitutionCode(e.target.value)}
            {...described('institutionCode')}
          >
            <option value="">请选择医院</option>
            {qualified.map((i) => (
              <option key={i.institutionCode} value={i.institutionCode}>
                {i.institutionName}（{i.institutionCode}）
              </option>
            ))}
          </select>
          {err('institutionCode')}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-reason`}>
          原因<span className="req">（必填）</span>
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
            <strong>确认终止认定？终止后参保人不再享受该病种门诊待遇，须重新认定。</strong>
          </p>
          <button type="button" onClick={() => void send(confirming)} disabled={busy}>
            确认终止认定
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

/** The body of POST /special-disease/coverage, checked before it is sent. */
export const coverageQuerySchema = z.object({
  idNumber: idNumberSchema,
  diseaseCode: z.string().min(1, '请选择病种').max(40),
  date: isoDateSchema,
});

export function CoverageQuery({ diseases }: { diseases: SpecialDiseaseItem[] }) {
  const [idNumber, setIdNumber] = useState('');
  const [diseaseCode, setDiseaseCode] = useState('');
  const [date, setDate] = useState(todayShanghai());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [answer, setAnswer] = useState<CoverageAnswer | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const answerRef = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    if (answer) answerRef.current?.focus();
  }, [answer]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    setAnswer(null);
    const parsed = coverageQuerySchema.safeParse({ idNumber: idNumber.trim().toUpperCase(), diseaseCode, date: date.trim() });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues) as Record<string, string>);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      setAnswer(await api.specialDiseaseCoverage(parsed.data));
    } catch (err) {
      setRefusal(messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  const { err, described } = fieldErrorView(id, errors);
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="card">
      <h2 id={`${id}-title`}>待遇查询（某日能否享受）</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-id`}>身份证号码</label>
          <input
            id={`${id}-id`}
            value={idNumber}
            maxLength={18}
            autoComplete="off"
            onChange={(e) => setIdNumber(e.target.value)}
            {...described('idNumber')}
          />
          {err('idNumber')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-disease`}>查询病种</label>
          <select id={`${id}-disease`} value={diseaseCode} onChange={(e) => setDiseaseCode(e.target.value)} {...described('diseaseCode')}>
            <option value="">请选择病种</option>
            {diseases.map((d) => (
              <option key={d.code} value={d.code}>
                {d.name}（{d.code}）
              </option>
            ))}
          </select>
          {err('diseaseCode')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-date`}>就医日期（YYYY-MM-DD）</label>
          <DateInput id={`${id}-date`} value={date} onChange={setDate} {...described('date')} />
          {err('date')}
        </div>
      </div>
      <button type="submit" disabled={busy}>
        {busy ? '查询中…' : '查询'}
      </button>
      {refusal && (
        <p role="alert" className="error">
          未查询：{refusal}
        </p>
      )}
      {answer && (
        <div ref={answerRef} tabIndex={-1} role="status" className={answer.covered ? 'ok' : 'error'} data-testid="coverage-answer">
          <strong>{answer.covered ? `${answer.date} 可以享受该病种门诊待遇` : `${answer.date} 不能享受该病种门诊待遇`}</strong>
          <div>{answer.reason}</div>
          {answer.period && (
            <div className="small">
              认定有效期：{answer.period.start} 至 {answer.period.end}
            </div>
          )}
        </div>
      )}
    </form>
  );
}
