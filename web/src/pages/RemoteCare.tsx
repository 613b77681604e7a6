/**
 * Remote-care filing (异地就医备案, issue 14; 000 §26–§33, 003): the counter form with 003's
 * materials checklist per type (GET /remote-care/materials), a personal promise where the checklist
 * allows one (000 §32), an on-the-spot refusal with its reason and the materials handed back
 * (000 §29); the online queue with its 2-working-day clock; a filing's page with its validity, the
 * actions allowed now (review, change, cancel, materials delivered) and why not otherwise, history
 * and notices. Bodies are checked by the domain's createFilingRequestSchema / filingActionRequestSchema.
 */
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { jurisdictionNames } from '../../../domain/people';
import { filingTypeNames, insuredPlaceNames, materialNames, type FilingType, type Material } from '../../../domain/remote-care';
import { filingActionRequestSchema, filingStatusNames, type FilingAction } from '../../../domain/remote-care-filing';
import { createFilingRequestSchema } from '../../../domain/remote-care-requests';
import { api, type FilingDetail, type FilingView, type MaterialsChecklist, type User } from '../api';
import { fieldErrors } from '../form-errors';
import { fieldErrorView } from '../field-error';
import { daysUntil, formatInstant, todayShanghai } from '../format';
import { useHashQuery } from '../hash-query';
import { Pager, useKeysetPages } from '../keyset-pages';
import { DateInput } from './DateInput';
import { messageOf } from './History';

export const filingUrl = (id: string) => `#/remote-care/${encodeURIComponent(id)}`;
const counterTypes = ['retired_resettled', 'long_term_residence', 'stationed_work', 'referral', 'other_temporary', 'maternity'] as const;
const createMessages: Record<string, string> = {
  type: '请选择备案类型',
  'place.province': '请填写就医地所在省份',
  'place.city': '请填写就医地所在城市',
  'counterRefusal.reason': '当场不予备案须填写原因（000 §29）',
};

/** #/remote-care: the counter form and the online queue. */
export function RemoteCare({ user, onCreated }: { user: User; onCreated: (id: string, created: boolean) => void }) {
  const atCounter = user.role === 'window_clerk';
  return (
    <section aria-labelledby="rc-title">
      <h1 id="rc-title" tabIndex={-1}>
        异地就医备案（{jurisdictionNames[user.jurisdiction]}）
      </h1>
      <div className="columns">
        {atCounter && <CounterFilingForm onCreated={onCreated} />}
        <OnlineQueue />
      </div>
    </section>
  );
}

export function CounterFilingForm({ onCreated }: { onCreated: (id: string, created: boolean) => void }) {
  const [checklist, setChecklist] = useState<MaterialsChecklist | null>(null);
  const [filingNo, setFilingNo] = useState('');
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [type, setType] = useState('');
  const [province, setProvince] = useState('');
  const [city, setCity] = useState('');
  const [channel, setChannel] = useState<'counter' | 'online'>('counter');
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [promise, setPromise] = useState(false);
  const [documentValidUntil, setDocumentValidUntil] = useState('');
  const [refuse, setRefuse] = useState(false);
  const [refusalReason, setRefusalReason] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const id = useId();
  useEffect(() => {
    api
      .remoteCareMaterials()
      .then(setChecklist)
      .catch((e) => setRefusal(messageOf(e)));
  }, []);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  // the select offers only the filing types (filingTypeNames), so a chosen type is one of them
  const lines = (type && checklist?.[type as FilingType]?.lines) || [];
  const promiseAllowed = lines.some((l) => l.promiseInstead);
  /** the checklist lines not met by a ticked material (nor by the promise where it may stand in) */
  const unmet = lines.filter((l) => !l.anyOf.some((m) => checked.has(m.code)) && !(promise && l.promiseInstead));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    const parsed = createFilingRequestSchema.safeParse({
      filingNo: filingNo.trim(),
      type: type || undefined,
      channel,
      place: { province, city },
      materials: [...checked],
      personalPromise: promiseAllowed && promise,
      person: { name, idNumber: idNumber.trim().toUpperCase() },
      ...(documentValidUntil ? { documentValidUntil } : {}),
      ...(refuse ? { counterRefusal: { reason: refusalReason, returnedMaterials: [...checked] } } : {}),
    });
    const extra: Record<string, string> =
      !refuse && type && unmet.length
        ? { materials: `尚缺材料：${unmet.map((l) => l.anyOf.map((m) => m.name).join('或')).join('；')}` }
        : {};
    if (!parsed.success || Object.keys(extra).length) {
      setErrors({
        ...(parsed.success ? {} : (fieldErrors(parsed.error.issues, { messages: createMessages }) as Record<string, string>)),
        ...extra,
      });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const res = await api.createFiling(parsed.data);
      onCreated(res.filing.id, res.created);
    } catch (err) {
      setRefusal(messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  const { err, described } = fieldErrorView(id, errors);
  const text = (k: string, label: string, value: string, set: (v: string) => void, extra: object = {}) => (
    <div className="field">
      <label htmlFor={`${id}-${k}`}>{label}</label>
      <input id={`${id}-${k}`} value={value} onChange={(e) => set(e.target.value)} {...described(k)} {...extra} />
      {err(k)}
    </div>
  );

  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label="异地就医备案登记" className="narrow">
      <h2>窗口备案登记</h2>
      {text('filingNo', '备案编号', filingNo, setFilingNo, { autoComplete: 'off' })}
      {text('person.name', '参保人姓名', name, setName)}
      {text('person.idNumber', '身份证号码', idNumber, setIdNumber, { maxLength: 18, autoComplete: 'off' })}
      <div className="field">
        <label htmlFor={`${id}-type`}>备案类型</label>
        <select
          id={`${id}-type`}
          value={type}
          onChange={(e) => {
            setType(e.target.value);
            setChecked(new Set());
            setPromise(false);
          }}
          {...described('type')}
        >
          <option value="">请选择</option>
          {counterTypes.map((t) => (
            <option key={t} value={t}>
              {filingTypeNames[t]}
            </option>
          ))}
        </select>
        {err('type')}
      </div>
      <fieldset>
        <legend>就医地</legend>
        {text('place.province', '省份', province, setProvince)}
        {text('place.city', '城市', city, setCity)}
      </fieldset>
      <fieldset>
        <legend>受理渠道</legend>
        <label className="radio">
          <input type="radio" name={`${id}-channel`} checked={channel === 'counter'} onChange={() => setChannel('counter')} />
          窗口（当场办结）
        </label>
        <label className="radio">
          <input type="radio" name={`${id}-channel`} checked={channel === 'online'} onChange={() => setChannel('online')} />
          线上申请登记（2个工作日内审核）
        </label>
      </fieldset>
      {type && (
        <fieldset aria-describedby={errors.materials ? `${id}-materials-err` : undefined}>
          <legend>申请材料（003 办事指南）</legend>
          <ul className="plain" aria-label="材料清单">
            {lines.map((l, i) => (
              <li key={i}>
                {l.anyOf.map((m) => (
                  <label key={m.code} className="checkbox">
                    <input
                      type="checkbox"
                      checked={checked.has(m.code)}
                      onChange={(e) =>
                        setChecked((c) => {
                          const n = new Set(c);
                          if (e.target.checked) n.add(m.code);
                          else n.delete(m.code);
                          return n;
                        })
                      }
                    />
                    {m.name}
                  </label>
                ))}
                {l.anyOf.length > 1 && <span className="small">（任选其一）</span>}
                {l.promiseInstead && <span className="badge warn">可个人承诺</span>}
              </li>
            ))}
          </ul>
          {promiseAllowed && (
            <label className="checkbox">
              <input type="checkbox" checked={promise} onChange={(e) => setPromise(e.target.checked)} />
              以个人承诺书代替（000 §32：补齐材料前待遇降低）
            </label>
          )}
          {err('materials')}
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${id}-validUntil`}>居住证或派出证明有效期至（可选，YYYY-MM-DD）</label>
        <DateInput
          id={`${id}-validUntil`}
          value={documentValidUntil}
          onChange={setDocumentValidUntil}
          {...described('documentValidUntil')}
        />
        {err('documentValidUntil')}
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={refuse} onChange={(e) => setRefuse(e.target.checked)} />
        当场不予备案（退回所交材料）
      </label>
      {refuse && (
        <div className="field">
          <label htmlFor={`${id}-counterRefusal.reason`}>不予备案原因</label>
          <textarea
            id={`${id}-counterRefusal.reason`}
            rows={2}
            value={refusalReason}
            onChange={(e) => setRefusalReason(e.target.value)}
            {...described('counterRefusal.reason')}
          />
          {err('counterRefusal.reason')}
        </div>
      )}
      {refusal && (
        <p role="alert" className="error">
          未登记：{refusal}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? '提交中…' : refuse ? '登记不予备案' : '登记备案'}
      </button>
    </form>
  );
}

export function OnlineQueue() {
  const [q, setQ] = useHashQuery(['status'] as const);
  const status = q.status || 'under_review';
  // the server's keyset pages of 50, earliest deadline first, with the total (issue 18)
  const pages = useKeysetPages<FilingView>((cursor) => api.listFilings({ status, cursor }), status);
  const { page, error } = pages;
  return (
    <div>
      <h2>{status === 'under_review' ? '线上备案待审核（2个工作日内办结，000 §29）' : '备案登记簿'}</h2>
      <form className="filters" aria-label="备案筛选" noValidate onSubmit={(e) => e.preventDefault()}>
        <label>
          状态{' '}
          <select value={status} onChange={(e) => setQ({ status: e.target.value })}>
            {Object.entries(filingStatusNames).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {page && (
        <>
          <p className="count">
            共 {page.total} 件{page.total > page.items.length ? `，本页 ${page.items.length} 件（期限最早的在前）` : ''}
          </p>
          <table className="grid">
            <caption className="sr-only">异地就医备案，审核期限最早的在前</caption>
            <thead>
              <tr>
                <th scope="col">备案编号</th>
                <th scope="col">参保人</th>
                <th scope="col">类型</th>
                <th scope="col">收件日</th>
                <th scope="col">审核期限</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((f) => (
                <tr key={f.id} className={f.breached ? 'overdue-row' : undefined}>
                  <td className="mono">
                    <a href={filingUrl(f.id)}>{f.filingNo}</a>
                  </td>
                  <td>
                    {f.person.name} <span className="mono small">{f.person.idNumber}</span>
                  </td>
                  <td>{f.typeName}</td>
                  <td>{f.receivedOn}</td>
                  <td>
                    {f.dueDate ?? '—'}
                    {f.breached ? (
                      <span className="badge overdue">超期</span>
                    ) : f.dueDate && f.status === 'under_review' ? (
                      <span className="badge warn">{daysUntil(f.dueDate) >= 0 ? `剩 ${daysUntil(f.dueDate)} 天` : '已到期'}</span>
                    ) : null}
                  </td>
                  <td>{f.statusName}</td>
                </tr>
              ))}
              {!page.items.length && (
                <tr>
                  <td colSpan={6} className="empty">
                    没有备案
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <Pager pageNo={pages.pageNo} page={page} onPrevious={pages.previous} onNext={pages.next} unit="件" />
        </>
      )}
    </div>
  );
}

const filingActionLabels: Record<FilingAction, string> = {
  review: '审核线上备案',
  change: '变更就医地',
  cancel: '取消备案',
  deliver_materials: '补齐材料（个人承诺备案）',
};

/** The actions offered now, and for the others why not (the API decides in the end). */
export function filingActionsNow(f: FilingView, user: User, today = todayShanghai()): { allowed: FilingAction[]; why: string[] } {
  if (!['window_clerk', 'reviewer', 'approver'].includes(user.role)) return { allowed: [], why: ['您的角色不能办理备案'] };
  if (f.jurisdiction !== user.jurisdiction) return { allowed: [], why: ['该备案不属于您所在的经办机构'] };
  if (f.status === 'under_review') return { allowed: ['review'], why: [] };
  if (f.status !== 'active') return { allowed: [], why: [`备案${f.statusName}，不能再办理`] };
  const allowed: FilingAction[] = [];
  const why: string[] = [];
  if (f.changeableFrom && today < f.changeableFrom)
    why.push(`长期备案自备案之日起6个月内不能变更或取消，${f.changeableFrom} 起可办理（000 §30）`);
  else allowed.push('change', 'cancel');
  if (f.personalPromise && !f.materialsDeliveredOn) allowed.push('deliver_materials');
  return { allowed, why };
}

/** #/remote-care/<id> */
export function FilingPage({ id, user }: { id: string; user: User }) {
  const [f, setF] = useState<FilingDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  const load = useCallback(async () => {
    try {
      setF(await api.getFiling(id));
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
  const now = f ? filingActionsNow(f, user) : null;
  return (
    <section aria-labelledby="filing-title">
      <p>
        <a href="#/remote-care">← 返回异地就医备案</a>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {f && now && (
        <>
          <h1 id="filing-title" tabIndex={-1}>
            {f.typeName}备案 {f.filingNo}
          </h1>
          {done && (
            <p role="status" className="ok" tabIndex={-1} ref={doneRef} data-testid="filing-done">
              {done}
            </p>
          )}
          <dl className="facts">
            <dt>参保人</dt>
            <dd>
              {f.person.name} <span className="mono">{f.person.idNumber}</span>
            </dd>
            <dt>参保地</dt>
            <dd>{insuredPlaceNames[f.insuredPlace]}</dd>
            <dt>状态</dt>
            <dd>
              <strong data-testid="filing-status">{f.statusName}</strong>
            </dd>
            <dt>就医地</dt>
            <dd>{f.places.map((p) => `${p.place.province}${p.place.city}（${p.from} 起）`).join('；')}</dd>
            <dt>有效期</dt>
            <dd>{f.validFrom ? `${f.validFrom} 至 ${f.validUntil ?? '长期有效（变更或取消前）'}` : '—'}</dd>
            {f.changeableFrom && (
              <>
                <dt>可变更/取消</dt>
                <dd>{f.changeableFrom} 起</dd>
              </>
            )}
            <dt>办理依据</dt>
            <dd>
              {f.personalPromise
                ? f.materialsDeliveredOn
                  ? `个人承诺，材料已于 ${f.materialsDeliveredOn} 补齐`
                  : '个人承诺（材料待补齐，待遇降低）'
                : '材料齐全'}
            </dd>
            <dt>已交材料</dt>
            <dd>{f.materials.map((m) => (materialNames as Record<string, string>)[m] ?? m).join('、') || '—'}</dd>
            {f.refusal && (
              <>
                <dt>不予备案原因</dt>
                <dd>{f.refusal.reason}</dd>
              </>
            )}
          </dl>
          {now.why.length > 0 && (
            <ul className="plain" aria-label="不能办理的原因" data-testid="filing-why-not">
              {now.why.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          {now.allowed.length > 0 && (
            <FilingActionForm
              key={f.version}
              filing={f}
              actions={now.allowed}
              onDone={(u) => {
                setDone(`已办理，备案现为「${u.statusName}」`);
                void load();
              }}
            />
          )}
          <h2>通知</h2>
          <ul className="plain">
            {f.notices.map((n) => (
              <li key={n.id}>
                {formatInstant(n.createdAt)}　{n.subject}
              </li>
            ))}
            {!f.notices.length && <li>暂无通知</li>}
          </ul>
          <h2>办理记录</h2>
          <ul className="plain">
            {f.history.map((h, i) => (
              <li key={i}>
                {formatInstant(String(h.at ?? ''))}　{String(h.actorName ?? h.actor ?? '')}　{String(h.action ?? '')}
                {h.reason ? `（${String(h.reason)}）` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function FilingActionForm({ filing, actions, onDone }: { filing: FilingView; actions: FilingAction[]; onDone: (f: FilingView) => void }) {
  const [action, setAction] = useState<FilingAction>(actions[0]!);
  const [approve, setApprove] = useState<'' | 'yes' | 'no'>('');
  const [reason, setReason] = useState('');
  const [province, setProvince] = useState('');
  const [city, setCity] = useState('');
  const [delivered, setDelivered] = useState<Set<Material>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    const r = reason.trim() || undefined;
    const body =
      action === 'review'
        ? { action, approve: approve === '' ? undefined : approve === 'yes', reason: r }
        : action === 'change'
          ? { action, place: { province, city }, reason: r }
          : action === 'cancel'
            ? { action, reason: r }
            : { action, materials: [...delivered] };
    const parsed = filingActionRequestSchema.safeParse(Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)));
    const extra: Record<string, string> = action === 'review' && approve === 'no' && !r ? { reason: '不予备案须说明原因（000 §29）' } : {};
    if (!parsed.success || Object.keys(extra).length) {
      setErrors({
        ...(parsed.success
          ? {}
          : (fieldErrors(parsed.error.issues, {
              messages: { approve: '请选择审核结论', reason: '请填写原因', materials: '请勾选补交的材料', ...createMessages },
            }) as Record<string, string>)),
        ...extra,
      });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onDone(await api.actOnFiling(filing.id, parsed.data));
    } catch (err) {
      setRefusal(messageOf(err));
    } finally {
      setBusy(false);
    }
  }
  const { err, described } = fieldErrorView(id, errors);
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="action-form">
      <h2 id={`${id}-title`}>办理</h2>
      <fieldset>
        <legend>操作</legend>
        {actions.map((a) => (
          <label key={a} className="radio">
            <input type="radio" name={`${id}-action`} checked={action === a} onChange={() => setAction(a)} />
            {filingActionLabels[a]}
          </label>
        ))}
      </fieldset>
      {action === 'review' && (
        <fieldset>
          <legend>审核结论</legend>
          <label className="radio">
            <input
              type="radio"
              name={`${id}-approve`}
              checked={approve === 'yes'}
              onChange={() => setApprove('yes')}
              {...described('approve')}
            />
            予以备案
          </label>
          <label className="radio">
            <input type="radio" name={`${id}-approve`} checked={approve === 'no'} onChange={() => setApprove('no')} />
            不予备案
          </label>
          {err('approve')}
        </fieldset>
      )}
      {action === 'change' && (
        <fieldset>
          <legend>新的就医地（自今日起）</legend>
          <div className="field">
            <label htmlFor={`${id}-province`}>省份</label>
            <input id={`${id}-province`} value={province} onChange={(e) => setProvince(e.target.value)} {...described('place.province')} />
            {err('place.province')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-city`}>城市</label>
            <input id={`${id}-city`} value={city} onChange={(e) => setCity(e.target.value)} {...described('place.city')} />
            {err('place.city')}
          </div>
        </fieldset>
      )}
      {action === 'deliver_materials' && (
        <fieldset>
          <legend>补交的材料</legend>
          {(Object.keys(materialNames) as Material[]).map((m) => (
            <label key={m} className="checkbox">
              <input
                type="checkbox"
                checked={delivered.has(m)}
                onChange={(e) =>
                  setDelivered((d) => {
                    const n = new Set(d);
                    if (e.target.checked) n.add(m);
                    else n.delete(m);
                    return n;
                  })
                }
              />
              {materialNames[m]}
            </label>
          ))}
          {err('materials')}
        </fieldset>
      )}
      {action !== 'deliver_materials' && (
        <div className="field">
          <label htmlFor={`${id}-reason`}>原因{action === 'review' ? '（不予备案时必填）' : '（必填）'}</label>
          <textarea id={`${id}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} {...described('reason')} />
          {err('reason')}
        </div>
      )}
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
