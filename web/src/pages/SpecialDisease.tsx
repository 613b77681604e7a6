/**
 * Outpatient special diseases (门诊特定病种, 000 §15–§17): an institution registers a certification
 * it made, a window clerk an off-site application (with the documents of 000 §16 checked); the
 * certifications of the jurisdiction; one certification's period, renewal windows and renewal.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { type ApplicantDocuments, createCertificationSchema, missingApplicantDocuments } from '../../../domain/certification';
import { useHashQuery } from '../hash-query';
import { Pager, useKeysetPages } from '../keyset-pages';
import { jurisdictions, type Jurisdiction } from '../../../domain/people';
import { ApiError, api, type CertificationView, type SpecialDiseaseItem, type User } from '../api';
import { fieldErrors } from '../form-errors';
import { jurisdictionNames, todayShanghai } from '../format';
import { CertificationActions, CoverageQuery } from './CertificationActions';
import { DateInput } from './DateInput';

const certUrl = (id: string) => `#/special-disease/${encodeURIComponent(id)}`;
/** The 000 §16 documents, as the clerk ticks them (registration off-site and renewal at the counter, 000 §17). */
const documentLabels = {
  idDocument: '医保电子凭证或有效身份证件或社保卡',
  delegated: '委托他人代办',
  agentIdDocument: '代理人身份证件（委托办理时）',
  applicationForm: '门诊特定病种待遇认定申请表（附件2）',
  recordsOrReports: '病历资料或检查资料',
} as const;
type DocumentKey = keyof typeof documentLabels;
const noDocuments: ApplicantDocuments = {
  idDocument: false,
  delegated: false,
  agentIdDocument: false,
  applicationForm: false,
  recordsOrReports: false,
};
const fieldMessages: Record<string, string> = {
  diseaseCode: '请选择病种',
  institutionCode: '请选择认定定点医院',
  'treatingHospital.name': '请填写就医地作出诊断的医疗机构（000 §16）',
  'treatingHospital.place': '请填写就医地',
};

/** The missing 000 §16 documents as field errors under `prefix` (one message per box, with the article). */
function documentErrors(docs: ApplicantDocuments, prefix: string): Record<string, string> {
  return Object.fromEntries(missingApplicantDocuments(docs).map((m) => [`${prefix}.${m.field}`, `须核验：${m.name}`]));
}

/** The document boxes of 000 §16, with their field errors. */
function DocumentBoxes({
  docs,
  setDocs,
  errors,
  prefix,
  legend,
}: {
  docs: ApplicantDocuments;
  setDocs: (f: (d: ApplicantDocuments) => ApplicantDocuments) => void;
  errors: Record<string, string>;
  prefix: string;
  legend: string;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {(Object.keys(documentLabels) as DocumentKey[])
        .filter((k) => k !== 'agentIdDocument' || docs.delegated)
        .map((k) => {
          const key = `${prefix}.${k}`;
          return (
            <div key={k}>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={docs[k]}
                  onChange={(e) => setDocs((d) => ({ ...d, [k]: e.target.checked }))}
                  {...(errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': `${key}-err` } : {})}
                />
                {documentLabels[k]}
              </label>
              {errors[key] && (
                <p className="field-error" role="alert" id={`${key}-err`}>
                  {errors[key]}
                </p>
              )}
            </div>
          );
        })}
    </fieldset>
  );
}

function useDiseases() {
  const [diseases, setDiseases] = useState<SpecialDiseaseItem[]>([]);
  useEffect(() => {
    api
      .specialDiseases()
      .then(setDiseases)
      .catch(() => setDiseases([]));
  }, []);
  return diseases;
}

function diseaseName(diseases: SpecialDiseaseItem[], code: string): string {
  return diseases.find((d) => d.code === code)?.name ?? code;
}
function institutionName(diseases: SpecialDiseaseItem[], code: string | null): string {
  if (code === null) return '—';
  for (const d of diseases) for (const i of d.institutions) if (i.institutionCode === code) return i.institutionName;
  return code;
}

/** The list's status filter: the certification as it stands today (domain/certification.ts certificationStandingOn). */
const listStandingNames: Record<string, string> = {
  active: '有效',
  expired: '已到期（可逾期补办）',
  suspended: '已暂停',
  terminated: '已终止',
  lapsed: '已失效',
};

/** #/special-disease: the registration form and the jurisdiction's certifications. */
export function SpecialDisease({ user, onCreated }: { user: User; onCreated: (id: string, created: boolean) => void }) {
  const diseases = useDiseases();
  const offsite = user.role === 'window_clerk';
  // reviewers and approvers act on certifications (item 26) but do not register them
  const mayRegister = user.role === 'window_clerk' || user.role === 'institution';
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [diseaseCode, setDiseaseCode] = useState('');
  const [institutionCode, setInstitutionCode] = useState('');
  const [periodStart, setPeriodStart] = useState('');
  const [insuredPlace, setInsuredPlace] = useState<Jurisdiction>(user.jurisdiction);
  const [hospitalName, setHospitalName] = useState('');
  const [hospitalPlace, setHospitalPlace] = useState('');
  const [docs, setDocs] = useState<ApplicantDocuments>(noDocuments);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // the list's filter, kept in the address (Back returns to it); the server's keyset pages of 50
  const [listFilters, setListFilters] = useHashQuery(['status'] as const);
  const pages = useKeysetPages<CertificationView>(
    (cursor) => api.listCertifications({ status: listFilters.status || undefined, cursor }),
    listFilters.status,
  );
  const list = pages.page;
  const listError = pages.error;
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const institutions = useMemo(() => diseases.find((d) => d.code === diseaseCode)?.institutions ?? [], [diseases, diseaseCode]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    // An institution pushes under its Jiangmen code for the person's insured place (000 §15–§17); a
    // clerk registers an off-site application with the hospital at the place of treatment (000 §16).
    const parsed = createCertificationSchema.safeParse({
      person: { name, idNumber: idNumber.trim().toUpperCase() },
      diseaseCode,
      ...(offsite
        ? { offsiteDocuments: docs, treatingHospital: { name: hospitalName, place: hospitalPlace } }
        : { institutionCode, insuredPlace }),
      ...(periodStart ? { periodStart } : {}),
    });
    const missing = offsite ? documentErrors(docs, 'offsiteDocuments') : {};
    if (!parsed.success || Object.keys(missing).length) {
      setErrors({
        ...(parsed.success ? {} : (fieldErrors(parsed.error.issues, { messages: fieldMessages }) as Record<string, string>)),
        ...missing,
      });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const res = await api.createCertification(parsed.data);
      onCreated(res.certification.id, res.created);
    } catch (err) {
      setRefusal(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const invalid = (key: string) => (errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': `sd-${key}-err` } : {});
  const fieldError = (key: string) =>
    errors[key] && (
      <p className="field-error" role="alert" id={`sd-${key}-err`}>
        {errors[key]}
      </p>
    );

  return (
    <section aria-labelledby="sd-title">
      <h1 id="sd-title" tabIndex={-1}>
        门诊特定病种认定
      </h1>
      <CoverageQuery diseases={diseases} />
      <div className="columns">
        {mayRegister && (
          <form ref={formRef} onSubmit={submit} noValidate className="narrow" aria-label="登记门诊特定病种认定">
            <h2>{offsite ? '受理异地认定申请（000 §16）' : '登记本院认定结果（000 §15）'}</h2>
            <p>经办辖区：{jurisdictionNames[user.jurisdiction]}</p>
            <div className="field">
              <label htmlFor="sd-person.name">参保人姓名</label>
              <input id="sd-person.name" value={name} onChange={(e) => setName(e.target.value)} {...invalid('person.name')} />
              {fieldError('person.name')}
            </div>
            <div className="field">
              <label htmlFor="sd-person.idNumber">身份证号码</label>
              <input
                id="sd-person.idNumber"
                value={idNumber}
                onChange={(e) => setIdNumber(e.target.value)}
                autoComplete="off"
                maxLength={18}
                {...invalid('person.idNumber')}
              />
              {fieldError('person.idNumber')}
            </div>
            <div className="field">
              <label htmlFor="sd-diseaseCode">病种</label>
              <select
                id="sd-diseaseCode"
                value={diseaseCode}
                onChange={(e) => {
                  setDiseaseCode(e.target.value);
                  setInstitutionCode('');
                }}
                {...invalid('diseaseCode')}
              >
                <option value="">请选择病种</option>
                {diseases
                  .filter((d) => d.active)
                  .map((d) => (
                    <option key={d.code} value={d.code}>
                      {d.name}（{d.code}，有效期 {d.periodMonths} 个月）
                    </option>
                  ))}
              </select>
              {fieldError('diseaseCode')}
            </div>
            {!offsite && (
              <div className="field">
                <label htmlFor="sd-institutionCode">认定定点医院</label>
                <select
                  id="sd-institutionCode"
                  value={institutionCode}
                  onChange={(e) => setInstitutionCode(e.target.value)}
                  disabled={!diseaseCode}
                  {...invalid('institutionCode')}
                >
                  <option value="">{diseaseCode ? '请选择医院' : '请先选择病种'}</option>
                  {institutions.map((i) => (
                    <option key={i.institutionCode} value={i.institutionCode}>
                      {i.institutionName}（{i.institutionCode}）
                    </option>
                  ))}
                </select>
                {fieldError('institutionCode')}
              </div>
            )}
            {!offsite && (
              <div className="field">
                <label htmlFor="sd-insuredPlace">参保地（由参保地经办机构办理续期、暂停、恢复、终止）</label>
                <select id="sd-insuredPlace" value={insuredPlace} onChange={(e) => setInsuredPlace(e.target.value as Jurisdiction)}>
                  {jurisdictions.map((j) => (
                    <option key={j} value={j}>
                      {jurisdictionNames[j]}
                    </option>
                  ))}
                </select>
              </div>
            )}
            {offsite && (
              <>
                <div className="field">
                  <label htmlFor="sd-treatingHospital.name">就医地诊断医疗机构</label>
                  <input
                    id="sd-treatingHospital.name"
                    value={hospitalName}
                    onChange={(e) => setHospitalName(e.target.value)}
                    {...invalid('treatingHospital.name')}
                  />
                  {fieldError('treatingHospital.name')}
                </div>
                <div className="field">
                  <label htmlFor="sd-treatingHospital.place">就医地</label>
                  <input
                    id="sd-treatingHospital.place"
                    value={hospitalPlace}
                    onChange={(e) => setHospitalPlace(e.target.value)}
                    {...invalid('treatingHospital.place')}
                  />
                  {fieldError('treatingHospital.place')}
                </div>
              </>
            )}
            <div className="field">
              <label htmlFor="sd-periodStart">有效期起始日（可选，默认今天 {todayShanghai()}）</label>
              <DateInput id="sd-periodStart" value={periodStart} onChange={setPeriodStart} {...invalid('periodStart')} />
              {fieldError('periodStart')}
            </div>
            {offsite && (
              <DocumentBoxes
                docs={docs}
                setDocs={setDocs}
                errors={errors}
                prefix="offsiteDocuments"
                legend="已核验的异地申请材料（000 §16）"
              />
            )}
            {refusal && (
              <p role="alert" className="error">
                未登记：{refusal}
              </p>
            )}
            <button type="submit" disabled={busy}>
              {busy ? '提交中…' : '登记认定'}
            </button>
          </form>
        )}
        <div>
          <h2>本辖区的认定</h2>
          <form className="filters" aria-label="认定筛选" onSubmit={(e) => e.preventDefault()} noValidate>
            <label>
              状态{' '}
              <select value={listFilters.status} onChange={(e) => setListFilters({ status: e.target.value })}>
                <option value="">全部</option>
                {Object.entries(listStandingNames).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
            </label>
          </form>
          {list && <p className="count">共 {list.total} 件</p>}
          {listError && (
            <p role="alert" className="error">
              {listError}
            </p>
          )}
          {list && (
            <table className="grid">
              <caption className="sr-only">本辖区的门诊特定病种认定，有效期先届满的在前</caption>
              <thead>
                <tr>
                  <th scope="col">参保人</th>
                  <th scope="col">病种</th>
                  <th scope="col">有效期</th>
                  <th scope="col">状态</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <a href={certUrl(c.id)}>{c.person.name}</a> <span className="mono small">{c.person.idNumber}</span>
                    </td>
                    <td>{diseaseName(diseases, c.diseaseCode)}</td>
                    <td>
                      {c.period.start} 至 {c.period.end}
                    </td>
                    <td>{c.statusName}</td>
                  </tr>
                ))}
                {!list.items.length && (
                  <tr>
                    <td colSpan={4} className="empty">
                      暂无认定
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          )}
          {list && <Pager pageNo={pages.pageNo} page={list} onPrevious={pages.previous} onNext={pages.next} unit="件" />}
        </div>
      </div>
    </section>
  );
}

/** #/special-disease/<id>: one certification, its windows, and the renewal. */
export function CertificationPage({ id, user }: { id: string; user: User }) {
  const diseases = useDiseases();
  const [cert, setCert] = useState<CertificationView | null>(null);
  const [rev, setRev] = useState(0);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    api
      .getCertification(id)
      .then(setCert)
      .catch(() => setCert(null));
  }, [id, rev]);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  return (
    <section aria-labelledby="cert-title">
      <p>
        <a href="#/special-disease">← 返回门诊特定病种</a>
      </p>
      {done && (
        <p role="status" className="ok" tabIndex={-1} ref={doneRef} data-testid="cert-done">
          {done}
        </p>
      )}
      <CertificationPanel key={rev} id={id} user={user} diseases={diseases} />
      {cert && (
        <CertificationActions
          key={`${cert.version}-${cert.recordedStatus}`}
          cert={cert}
          user={user}
          diseases={diseases}
          onDone={(_, text) => {
            setDone(text);
            setRev((r) => r + 1);
          }}
        />
      )}
    </section>
  );
}

export function CertificationPanel({ id, user, diseases = [] }: { id: string; user: User; diseases?: SpecialDiseaseItem[] }) {
  const [cert, setCert] = useState<CertificationView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string; dates?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [docs, setDocs] = useState<ApplicantDocuments>(noDocuments);
  const [docErrors, setDocErrors] = useState<Record<string, string>>({});
  const mayRenew = user.role === 'window_clerk' || user.role === 'institution';
  const atCounter = user.role === 'window_clerk';

  const load = useCallback(async () => {
    try {
      setCert(await api.getCertification(id));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  async function renew() {
    setMessage(null);
    // At the counter a renewal needs the 000 §16 documents (000 §17); an institution renews through its own path (§15).
    const missing = atCounter ? documentErrors(docs, 'documents') : {};
    setDocErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      const next = await api.actOnCertification(id, atCounter ? { action: 'renew', documents: docs } : { action: 'renew' });
      setCert(next);
      setMessage({ ok: true, text: `已续期，新有效期 ${next.period.start} 至 ${next.period.end}` });
    } catch (e) {
      if (e instanceof ApiError) {
        const f = e.facts as Partial<Record<'windowOpens' | 'lastValidDay' | 'graceEnds', string>>;
        const dates =
          e.code === 'RENEWAL_WINDOW_CLOSED' && f.windowOpens
            ? `按期续期：${f.windowOpens} 至 ${f.lastValidDay}；逾期补办：至 ${f.graceEnds}`
            : undefined;
        setMessage({ ok: false, text: e.message, dates });
      } else {
        setMessage({ ok: false, text: String(e) });
      }
    } finally {
      setBusy(false);
    }
  }

  if (error) {
    return (
      <>
        <h1 id="cert-title" tabIndex={-1}>
          门诊特定病种认定
        </h1>
        <p role="alert" className="error">
          {error}
        </p>
      </>
    );
  }
  if (!cert) return <p role="status">正在加载认定…</p>;
  const w = cert.windows;
  return (
    <div className="card">
      <h1 id="cert-title" tabIndex={-1}>
        {diseaseName(diseases, cert.diseaseCode)}　{cert.person.name}
      </h1>
      <dl className="facts">
        <dt>认定编号</dt>
        <dd className="mono small">{cert.id}</dd>
        <dt>身份证号码</dt>
        <dd className="mono">{cert.person.idNumber}</dd>
        <dt>病种</dt>
        <dd>
          {diseaseName(diseases, cert.diseaseCode)}（{cert.diseaseCode}）
        </dd>
        <dt>定点医院</dt>
        <dd>{cert.institutionCode ? `${institutionName(diseases, cert.institutionCode)}（${cert.institutionCode}）` : '—'}</dd>
        {cert.treatingHospital && (
          <>
            <dt>就医地诊断医疗机构</dt>
            <dd>
              {cert.treatingHospital.name}（{cert.treatingHospital.place}，异地）
            </dd>
          </>
        )}
        <dt>来源</dt>
        <dd>{cert.source === 'offsite_application' ? '窗口受理异地申请' : '定点医院认定'}</dd>
        <dt>参保地</dt>
        <dd>{jurisdictionNames[cert.insuredPlace ?? cert.jurisdiction]}</dd>
        <dt>状态</dt>
        <dd>
          <strong>{cert.statusName}</strong>
        </dd>
        <dt>有效期</dt>
        <dd>
          {cert.period.start} 至 {cert.period.end}
        </dd>
        <dt>按期续期</dt>
        <dd>
          {w.windowOpens} 至 {w.lastValidDay}
        </dd>
        <dt>逾期补办</dt>
        <dd>
          {w.graceStarts} 至 {w.graceEnds}
        </dd>
        <dt>失效日</dt>
        <dd>{w.lapsesOn}（此后须重新认定）</dd>
      </dl>
      {mayRenew && cert.renewal.open && (
        <>
          {atCounter && (
            <DocumentBoxes docs={docs} setDocs={setDocs} errors={docErrors} prefix="documents" legend="续期材料（000 §16、§17）" />
          )}
          <p>{cert.renewal.message}</p>
          <p>
            <button type="button" onClick={() => void renew()} disabled={busy}>
              {busy ? '办理中…' : '续期'}
            </button>
          </p>
        </>
      )}
      {mayRenew && !cert.renewal.open && <p data-testid="renewal-closed">{cert.renewal.message}</p>}
      {message && (
        <div role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
          {message.ok ? message.text : `未续期：${message.text}`}
          {message.dates && <div className="small">{message.dates}</div>}
        </div>
      )}
    </div>
  );
}
