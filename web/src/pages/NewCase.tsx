/**
 * Start a service case: catalogue item, application number, applicant (validated by
 * createCaseRequestSchema). At the counter the clerk may record 不予受理 on the spot for an item
 * handled in one step (000 §29), with the reason and the materials handed back, after confirming.
 * The item's materials checklist (its catalogue entry's material list) is ticked as the applicant
 * hands each one over; a refusal on the spot starts from it (the missing ones in the reason, the
 * received ones handed back), and the case page keeps the checklist against the uploaded scans.
 */
import { useState, type FormEvent } from 'react';
import { createCaseRequestSchema } from '../../../domain/service-case';
import { ApiError, api, type CatalogueItem, type CreateCaseBody, type User } from '../api';
import { fieldErrors } from '../form-errors';
import { jurisdictionNames } from '../format';

type Field = 'itemCode' | 'applicationNo' | 'name' | 'idNumber' | 'phone' | 'reason';

export function NewCase({
  user,
  catalogue,
  onCreated,
}: {
  user: User;
  catalogue: CatalogueItem[];
  onCreated: (id: string, created: boolean) => void;
}) {
  const [itemCode, setItemCode] = useState('');
  const [applicationNo, setApplicationNo] = useState('');
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [phone, setPhone] = useState('');
  const [refuse, setRefuse] = useState(false);
  const [reason, setReason] = useState('');
  const [returned, setReturned] = useState('');
  const [confirming, setConfirming] = useState<CreateCaseBody | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** the materials of the chosen item the applicant has handed over (收件核对) */
  const [received, setReceived] = useState<ReadonlySet<string>>(new Set());
  const materials = catalogue.find((i) => i.code === itemCode)?.materials ?? [];
  const missing = materials.filter((m) => !received.has(m));

  function chooseItem(code: string) {
    setItemCode(code);
    setReceived(new Set()); // another item has another list
  }
  function tick(m: string, on: boolean) {
    setReceived((old) => {
      const next = new Set(old);
      if (on) next.add(m);
      else next.delete(m);
      return next;
    });
  }
  function chooseRefusal(on: boolean) {
    setRefuse(on);
    // the checklist fills in what the clerk would write; both stay editable
    if (on && !reason.trim() && missing.length && materials.length) setReason(`材料不全，缺少：${missing.join('、')}`);
    if (on && !returned.trim()) setReturned(materials.filter((m) => received.has(m)).join('\n'));
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    const parsed = createCaseRequestSchema.safeParse({
      itemCode,
      applicationNo: applicationNo.trim(),
      jurisdiction: user.jurisdiction,
      // a designated institution submits online; a window clerk takes it at the counter
      channel: user.role === 'institution' ? 'online' : 'counter',
      applicant: { name, idNumber: idNumber.trim().toUpperCase(), phone: phone.trim() || undefined },
      ...(refuse
        ? {
            counterRefusal: {
              reason: reason.trim(),
              returnedMaterials: returned
                .split('\n')
                .map((l) => l.trim())
                .filter(Boolean),
            },
          }
        : {}),
    });
    if (!parsed.success) {
      setErrors(fieldErrors<Field>(parsed.error.issues, { key: (path) => String(path[path.length - 1]) }));
      return;
    }
    setErrors({});
    if (parsed.data.counterRefusal) {
      setConfirming(parsed.data); // 不予受理 ends the case: sent only once confirmed
      return;
    }
    await send(parsed.data);
  }

  async function send(body: CreateCaseBody) {
    setConfirming(null);
    setBusy(true);
    try {
      const res = await api.createCase(body);
      onCreated(res.case.id, res.created);
    } catch (err) {
      setRefusal(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const field = (key: Field, label: string, value: string, set: (v: string) => void, extra: object = {}) => (
    <div className="field">
      <label htmlFor={`nc-${key}`}>{label}</label>
      <input
        id={`nc-${key}`}
        value={value}
        onChange={(e) => set(e.target.value)}
        {...(errors[key] ? { 'aria-invalid': true, 'aria-describedby': `nc-${key}-err` } : {})}
        {...extra}
      />
      {errors[key] && (
        <p className="field-error" role="alert" id={`nc-${key}-err`}>
          {errors[key]}
        </p>
      )}
    </div>
  );

  return (
    <section aria-labelledby="new-title">
      <h1 id="new-title" tabIndex={-1}>
        新建服务案件
      </h1>
      <form onSubmit={submit} noValidate className="narrow">
        <p>经办辖区：{jurisdictionNames[user.jurisdiction]}</p>
        <div className="field">
          <label htmlFor="nc-itemCode">服务事项</label>
          <select
            id="nc-itemCode"
            value={itemCode}
            onChange={(e) => chooseItem(e.target.value)}
            {...(errors.itemCode ? { 'aria-invalid': true, 'aria-describedby': 'nc-itemCode-err' } : {})}
          >
            <option value="">请选择事项</option>
            {catalogue.map((i) => (
              <option key={i.code} value={i.code}>
                {i.seq}. {i.name}（{i.code}）
              </option>
            ))}
          </select>
          {errors.itemCode && (
            <p className="field-error" role="alert" id="nc-itemCode-err">
              {errors.itemCode}
            </p>
          )}
        </div>
        {materials.length > 0 && (
          <fieldset aria-describedby="nc-materials-state">
            <legend>收件材料清单（{materials.length} 项）</legend>
            {materials.map((m) => (
              <label className="checkbox" key={m}>
                <input type="checkbox" checked={received.has(m)} onChange={(e) => tick(m, e.target.checked)} /> {m}
              </label>
            ))}
            <p id="nc-materials-state" role="status" className={missing.length ? 'count' : 'ok'}>
              {missing.length
                ? `已收 ${materials.length - missing.length} 项，尚缺 ${missing.length} 项：${missing.join('、')}`
                : '材料齐全'}
            </p>
          </fieldset>
        )}
        {field('applicationNo', '申请编号', applicationNo, setApplicationNo, { autoComplete: 'off' })}
        {field('name', '申请人姓名', name, setName)}
        {field('idNumber', '身份证号码', idNumber, setIdNumber, { autoComplete: 'off', maxLength: 18 })}
        {field('phone', '手机号码（可选）', phone, setPhone, { inputMode: 'tel', maxLength: 11 })}
        {user.role === 'window_clerk' && (
          <fieldset>
            <legend>当场核实材料（即时办结事项）</legend>
            <label className="checkbox">
              <input type="checkbox" checked={refuse} onChange={(e) => chooseRefusal(e.target.checked)} />
              材料不全或不符合条件：当场不予受理，退回资料并说明原因
            </label>
            {refuse && (
              <>
                {field('reason', '不予受理原因', reason, setReason)}
                <div className="field">
                  <label htmlFor="nc-returned">退回的材料（每行一项）</label>
                  <textarea id="nc-returned" rows={2} value={returned} onChange={(e) => setReturned(e.target.value)} />
                </div>
              </>
            )}
          </fieldset>
        )}
        {refusal && (
          <p role="alert" className="error">
            未创建：{refusal}
          </p>
        )}
        {confirming ? (
          <div role="alertdialog" aria-labelledby="nc-confirm" className="confirm">
            <p id="nc-confirm">
              <strong>确认当场不予受理？案件将记为不予受理并办结，材料退回申请人。</strong>
            </p>
            <button type="button" onClick={() => void send(confirming)} disabled={busy}>
              确认不予受理
            </button>{' '}
            <button type="button" onClick={() => setConfirming(null)} disabled={busy}>
              取消
            </button>
          </div>
        ) : (
          <button type="submit" disabled={busy}>
            {busy ? '提交中…' : refuse ? '记录不予受理' : '创建案件'}
          </button>
        )}
      </form>
    </section>
  );
}
