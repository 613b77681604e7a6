/**
 * Institution: apply for a family bed (家庭病床, 000 §7–§9) for an insured person — validated by
 * familyBedRequestSchema before sending — then the episode's status and every criterion of 000 §7/§9
 * it does not meet (with its article), and the institution's own episodes.
 */
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';
import {
  type FamilyBedCondition,
  type ImpairmentLevel,
  familyBedConditionNames,
  familyBedConditions,
  fractureTypes,
  impairmentLevels,
} from '../../../domain/care-episode';
import { familyBedRequestSchema } from '../../../domain/care-process';
import { jurisdictions, type Jurisdiction } from '../../../domain/people';
import { ApiError, api, type EpisodeView, type User } from '../api';
import { articleInWords } from '../articles';
import { fieldErrors } from '../form-errors';
import { jurisdictionNames, todayShanghai } from '../format';
import { DateInput } from './DateInput';
import { Pager, useKeysetPages } from '../keyset-pages';

const impairmentNames: Record<ImpairmentLevel, string> = {
  none: '无功能障碍',
  mild: '轻度功能障碍',
  moderate: '中度功能障碍',
  severe: '重度功能障碍',
  total: '完全不能自理',
};
const fractureNames: Record<(typeof fractureTypes)[number], string> = {
  femoral_neck_fracture: '股骨颈骨折',
  femoral_head_necrosis_or_replacement: '股骨头坏死或股骨头置换术后',
  hip_fracture_or_replacement: '髋关节骨折或置换术后',
  other: '其他骨折',
};
const gradeNames = ['Ⅰ级', 'Ⅱ级', 'Ⅲ级', 'Ⅳ级'];
const kindNames = { inpatient: '住院', outpatient: '门诊' } as const;
/** What an empty select means, in place of zod's generic "invalid option" */
const selectMessages: Record<string, string> = {
  'application.condition': '请选择病种（情形）',
  'application.functionalImpairment': '请选择功能障碍程度',
  'application.fractureType': '请选择骨折类型',
  'application.heartFailureGrade': '请选择心功能分级',
};

interface RecordRow {
  institutionName: string;
  institutionLevel: '2' | '3';
  kind: 'inpatient' | 'outpatient';
  date: string;
}
const blankRecord = (): RecordRow => ({ institutionName: '', institutionLevel: '2', kind: 'inpatient', date: '' });

export function conditionName(c: string | null): string {
  return c ? ((familyBedConditionNames as Record<string, string>)[c] ?? c) : '—';
}

export function FamilyBed({ user }: { user: User }) {
  const [applicationNo, setApplicationNo] = useState('');
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [insuredCounty, setInsuredCounty] = useState<Jurisdiction>(user.jurisdiction);
  const [condition, setCondition] = useState<FamilyBedCondition | ''>('');
  const [diagnosis, setDiagnosis] = useState('');
  const [therapy, setTherapy] = useState(false);
  const [unableToCare, setUnableToCare] = useState(false);
  const [fractureType, setFractureType] = useState('');
  const [heartGrade, setHeartGrade] = useState('');
  const [impairment, setImpairment] = useState<ImpairmentLevel | ''>('');
  const [mobility, setMobility] = useState(false);
  const [guardian, setGuardian] = useState({ name: '', relation: '', phone: '' });
  const [records, setRecords] = useState<RecordRow[]>([blankRecord()]);
  const [documents, setDocuments] = useState({ diagnosisCertificate: false, examinationReports: false });
  const [reopening, setReopening] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [result, setResult] = useState<{ created: boolean; episode: EpisodeView } | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);

  // the institution's own episodes: the server's keyset pages of 50, most recently changed first
  const pages = useKeysetPages<EpisodeView>((cursor) => api.listEpisodes({ kind: 'family_bed', cursor }), 'family_bed');
  const episodes = pages.page;
  const listError = pages.error;
  const loadEpisodes = pages.reload;

  // Keyboard users land on the first field to correct, or on the result.
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    const g = { name: guardian.name.trim(), relation: guardian.relation.trim(), phone: guardian.phone.trim() };
    const parsed = familyBedRequestSchema.safeParse({
      applicationNo: applicationNo.trim(),
      application: {
        person: { name, idNumber: idNumber.trim().toUpperCase(), ...(birthDate ? { birthDate } : {}), insuredCounty },
        condition,
        diagnosis,
        ...(condition === 'late_stage_malignant_tumour' ? { underRadioChemoThermoTherapy: therapy } : {}),
        ...(condition === 'cerebrovascular_dementia_parkinson' ? { unableToCareForSelf: unableToCare } : {}),
        ...(condition === 'fracture_long_bed_rest' ? { fractureType } : {}),
        ...(condition === 'chronic_heart_failure' ? { heartFailureGrade: heartGrade ? Number(heartGrade) : '' } : {}),
        functionalImpairment: impairment,
        mobilityDifficulty: mobility,
        // no guardian at all is a fact the agency judges (000 §7(三)); a half-filled one is a typing error
        guardian: g.name || g.relation || g.phone ? g : null,
        records: records.map((r) => ({ ...r, institutionName: r.institutionName, institutionLevel: Number(r.institutionLevel) })),
        documents,
        reopeningSameDisease: reopening,
      },
    });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error.issues, { messages: selectMessages }) as Record<string, string>);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const res = await api.applyFamilyBed(parsed.data);
      setResult(res);
      loadEpisodes();
    } catch (err) {
      if (err instanceof ApiError && err.issues.length) {
        setErrors(Object.fromEntries(err.issues.map((i) => [i.path.replace(/^body\.?/, ''), i.message])));
      }
      setRefusal(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }

  const invalid = (key: string) => (errors[key] ? { 'aria-invalid': true as const, 'aria-describedby': `fb-${key}-err` } : {});
  const fieldError = (key: string) =>
    errors[key] && (
      <p className="field-error" role="alert" id={`fb-${key}-err`}>
        {errors[key]}
      </p>
    );
  const input = (key: string, label: string, value: string, set: (v: string) => void, extra: object = {}) => (
    <div className="field">
      <label htmlFor={`fb-${key}`}>{label}</label>
      <input id={`fb-${key}`} value={value} onChange={(e) => set(e.target.value)} {...invalid(key)} {...extra} />
      {fieldError(key)}
    </div>
  );
  const setRecord = (i: number, patch: Partial<RecordRow>) => setRecords((rs) => rs.map((r, j) => (j === i ? { ...r, ...patch } : r)));

  return (
    <section aria-labelledby="fb-title">
      <h1 id="fb-title" tabIndex={-1}>
        家庭病床申请
      </h1>
      {/* the last submission's result stays above the form, where the focus lands */}
      {result && <EpisodeResult created={result.created} episode={result.episode} headingRef={resultRef} />}
      <form ref={formRef} onSubmit={submit} noValidate aria-label="家庭病床申请表">
        <p>
          建床机构：{user.displayName}（{jurisdictionNames[user.jurisdiction]}）　申请日期：{todayShanghai()}
        </p>
        <fieldset>
          <legend>参保人</legend>
          <div className="form-grid">
            {input('applicationNo', '申请编号', applicationNo, setApplicationNo, { autoComplete: 'off' })}
            {input('application.person.name', '参保人姓名', name, setName)}
            {input('application.person.idNumber', '身份证号码', idNumber, setIdNumber, { autoComplete: 'off', maxLength: 18 })}
            {input('application.person.birthDate', '出生日期（可选，须与证件号码中的一致）', birthDate, setBirthDate, { type: 'date' })}
            <div className="field">
              <label htmlFor="fb-application.person.insuredCounty">参保地</label>
              <select
                id="fb-application.person.insuredCounty"
                value={insuredCounty}
                onChange={(e) => setInsuredCounty(e.target.value as Jurisdiction)}
              >
                {jurisdictions.map((j) => (
                  <option key={j} value={j}>
                    {jurisdictionNames[j]}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </fieldset>

        <fieldset>
          <legend>病情（000 §7）</legend>
          <div className="field">
            <label htmlFor="fb-application.condition">病种（情形）</label>
            <select
              id="fb-application.condition"
              value={condition}
              onChange={(e) => setCondition(e.target.value as FamilyBedCondition | '')}
              style={{ maxWidth: '100%' }}
              {...invalid('application.condition')}
            >
              <option value="">请选择</option>
              {familyBedConditions.map((c, i) => (
                <option key={c} value={c}>
                  {i + 1}. {familyBedConditionNames[c]}
                </option>
              ))}
            </select>
            {fieldError('application.condition')}
          </div>
          {condition === 'late_stage_malignant_tumour' && (
            <label className="checkbox">
              <input type="checkbox" checked={therapy} onChange={(e) => setTherapy(e.target.checked)} />
              正在接受放疗、化疗或热疗
            </label>
          )}
          {condition === 'cerebrovascular_dementia_parkinson' && (
            <label className="checkbox">
              <input type="checkbox" checked={unableToCare} onChange={(e) => setUnableToCare(e.target.checked)} />
              生活不能自理
            </label>
          )}
          {condition === 'fracture_long_bed_rest' && (
            <div className="field">
              <label htmlFor="fb-application.fractureType">骨折类型</label>
              <select
                id="fb-application.fractureType"
                value={fractureType}
                onChange={(e) => setFractureType(e.target.value)}
                {...invalid('application.fractureType')}
              >
                <option value="">请选择</option>
                {fractureTypes.map((f) => (
                  <option key={f} value={f}>
                    {fractureNames[f]}
                  </option>
                ))}
              </select>
              {fieldError('application.fractureType')}
            </div>
          )}
          {condition === 'chronic_heart_failure' && (
            <div className="field">
              <label htmlFor="fb-application.heartFailureGrade">心功能分级</label>
              <select
                id="fb-application.heartFailureGrade"
                value={heartGrade}
                onChange={(e) => setHeartGrade(e.target.value)}
                {...invalid('application.heartFailureGrade')}
              >
                <option value="">请选择</option>
                {gradeNames.map((n, i) => (
                  <option key={n} value={i + 1}>
                    {n}
                  </option>
                ))}
              </select>
              {fieldError('application.heartFailureGrade')}
            </div>
          )}
          <div className="field wide">
            <label htmlFor="fb-application.diagnosis">诊断</label>
            <input
              id="fb-application.diagnosis"
              value={diagnosis}
              onChange={(e) => setDiagnosis(e.target.value)}
              {...invalid('application.diagnosis')}
            />
            {fieldError('application.diagnosis')}
          </div>
          <div className="field">
            <label htmlFor="fb-application.functionalImpairment">功能障碍程度</label>
            <select
              id="fb-application.functionalImpairment"
              value={impairment}
              onChange={(e) => setImpairment(e.target.value as ImpairmentLevel | '')}
              {...invalid('application.functionalImpairment')}
            >
              <option value="">请选择</option>
              {impairmentLevels.map((l) => (
                <option key={l} value={l}>
                  {impairmentNames[l]}
                </option>
              ))}
            </select>
            {fieldError('application.functionalImpairment')}
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={mobility} onChange={(e) => setMobility(e.target.checked)} />
            体弱行动不便或长期卧床，到医疗机构连续就诊有困难
          </label>
        </fieldset>

        <fieldset>
          <legend>监护人或委托监护人（000 §7(三)；无则留空）</legend>
          <div className="form-grid">
            {input('application.guardian.name', '监护人姓名', guardian.name, (v) => setGuardian((g) => ({ ...g, name: v })))}
            {input('application.guardian.relation', '与参保人关系', guardian.relation, (v) => setGuardian((g) => ({ ...g, relation: v })))}
            {input('application.guardian.phone', '监护人手机号码', guardian.phone, (v) => setGuardian((g) => ({ ...g, phone: v })), {
              inputMode: 'tel',
              maxLength: 11,
            })}
          </div>
        </fieldset>

        <fieldset>
          <legend>近两年二级及以上医疗机构诊疗记录（000 §7(一)、§9）</legend>
          {records.map((r, i) => {
            const k = (f: string) => `application.records.${i}.${f}`;
            return (
              <div className="record-row" key={i} role="group" aria-label={`诊疗记录 ${i + 1}`}>
                <div className="field">
                  <label htmlFor={`fb-${k('institutionName')}`}>记录{i + 1}：医疗机构</label>
                  <input
                    id={`fb-${k('institutionName')}`}
                    value={r.institutionName}
                    onChange={(e) => setRecord(i, { institutionName: e.target.value })}
                    {...invalid(k('institutionName'))}
                  />
                  {fieldError(k('institutionName'))}
                </div>
                <div className="field">
                  <label htmlFor={`fb-${k('institutionLevel')}`}>记录{i + 1}：机构等级</label>
                  <select
                    id={`fb-${k('institutionLevel')}`}
                    value={r.institutionLevel}
                    onChange={(e) => setRecord(i, { institutionLevel: e.target.value as '2' | '3' })}
                  >
                    <option value="2">二级</option>
                    <option value="3">三级</option>
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`fb-${k('kind')}`}>记录{i + 1}：类别</label>
                  <select
                    id={`fb-${k('kind')}`}
                    value={r.kind}
                    onChange={(e) => setRecord(i, { kind: e.target.value as RecordRow['kind'] })}
                  >
                    {(['inpatient', 'outpatient'] as const).map((x) => (
                      <option key={x} value={x}>
                        {kindNames[x]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`fb-${k('date')}`}>记录{i + 1}：日期</label>
                  <DateInput id={`fb-${k('date')}`} value={r.date} onChange={(v) => setRecord(i, { date: v })} {...invalid(k('date'))} />
                  {fieldError(k('date'))}
                </div>
                <button
                  type="button"
                  className="link"
                  onClick={() => setRecords((rs) => rs.filter((_, j) => j !== i))}
                  aria-label={`删除诊疗记录 ${i + 1}`}
                >
                  删除
                </button>
              </div>
            );
          })}
          {!records.length && <p className="small">未填写诊疗记录（将按“缺少诊疗记录”审核）</p>}
          {records.length < 50 && (
            <button type="button" className="link" onClick={() => setRecords((rs) => [...rs, blankRecord()])}>
              增加一条诊疗记录
            </button>
          )}
        </fieldset>

        <fieldset>
          <legend>申请材料（000 §9）</legend>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={documents.diagnosisCertificate}
              onChange={(e) => setDocuments((d) => ({ ...d, diagnosisCertificate: e.target.checked }))}
            />
            诊断证明
          </label>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={documents.examinationReports}
              onChange={(e) => setDocuments((d) => ({ ...d, examinationReports: e.target.checked }))}
            />
            检查报告
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={reopening} onChange={(e) => setReopening(e.target.checked)} />
            因同一疾病再次建床（可不重复提交检查报告）
          </label>
        </fieldset>
        {Object.keys(errors).length > 0 && <p className="error">申请表有 {Object.keys(errors).length} 处需要更正，未提交</p>}
        {refusal && (
          <p role="alert" className="error">
            未提交：{refusal}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? '提交中…' : '提交申请'}
        </button>
      </form>

      <h2>本机构的家庭病床申请</h2>
      {listError && (
        <p role="alert" className="error">
          {listError}
        </p>
      )}
      {episodes && (
        <>
          <p className="count">共 {episodes.total} 条</p>
          <table className="grid">
            <caption className="sr-only">本机构的家庭病床申请，最近办理的在前</caption>
            <thead>
              <tr>
                <th scope="col">申请编号</th>
                <th scope="col">参保人</th>
                <th scope="col">病种（情形）</th>
                <th scope="col">申请日期</th>
                <th scope="col">状态</th>
                <th scope="col">审核期限</th>
                <th scope="col">不符合的条件</th>
              </tr>
            </thead>
            <tbody>
              {episodes.items.map((ep) => (
                <tr key={ep.id} className={ep.reviewDeadline?.breachedAt ? 'overdue-row' : undefined}>
                  <td className="mono">
                    <a href={`#/care/${encodeURIComponent(ep.id)}`}>{ep.applicationNo}</a>
                  </td>
                  <td>
                    {ep.person.name} <span className="mono small">{ep.person.idNumber}</span>
                  </td>
                  <td>{conditionName(ep.condition)}</td>
                  <td>{ep.applicationDate}</td>
                  <td>{ep.statusName}</td>
                  <td>
                    {ep.reviewDeadline?.dueDate ?? '—'}
                    {ep.reviewDeadline?.provisional && (
                      <span className="badge warn" title="该年度节假日安排尚未导入，暂按周一至周五计算">
                        暂定
                      </span>
                    )}
                    {ep.reviewDeadline?.breachedAt && <span className="badge overdue">超期</span>}
                  </td>
                  <td>
                    {ep.eligibility.length ? ep.eligibility.map((c) => `${c.message}（${articleInWords(c.article)}）`).join('；') : '无'}
                  </td>
                </tr>
              ))}
              {!episodes.items.length && (
                <tr>
                  <td colSpan={7} className="empty">
                    暂无申请
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <Pager pageNo={pages.pageNo} page={episodes} onPrevious={pages.previous} onNext={pages.next} unit="条" />
        </>
      )}
    </section>
  );
}

function EpisodeResult({
  created,
  episode,
  headingRef,
}: {
  created: boolean;
  episode: EpisodeView;
  headingRef: RefObject<HTMLHeadingElement | null>;
}) {
  const hard = episode.eligibility.filter((c) => c.hard);
  return (
    <section className="card" aria-labelledby="fb-result-title">
      <h2 id="fb-result-title" ref={headingRef} tabIndex={-1}>
        申请结果
      </h2>
      <p role="status" className="ok">
        {created ? '申请已提交' : '该参保人此申请编号的申请已存在，显示已有申请'}
      </p>
      <dl className="facts">
        <dt>档案编号</dt>
        <dd className="mono small">{episode.id}</dd>
        <dt>申请编号</dt>
        <dd className="mono">{episode.applicationNo}</dd>
        <dt>状态</dt>
        <dd>
          <strong data-testid="episode-status">{episode.statusName}</strong>
        </dd>
        {episode.reviewDeadline && (
          <>
            <dt>审核期限</dt>
            <dd>
              {episode.reviewDeadline.dueDate}
              {episode.reviewDeadline.provisional && <span className="badge warn">暂定</span>}
            </dd>
          </>
        )}
        {episode.panel.required && (
          <>
            <dt>专家组会审</dt>
            <dd>{episode.panel.reasons.join('；')}</dd>
          </>
        )}
      </dl>
      <h3>建床条件</h3>
      {episode.eligibility.length === 0 ? (
        <p>各项建床条件均符合。</p>
      ) : (
        <>
          <p>{hard.length ? `有 ${hard.length} 项条件不符合，经办机构不能批准：` : '以下情况已记录，不影响批准：'}</p>
          <ul className="unmet" aria-label="不符合的条件">
            {episode.eligibility.map((c) => (
              <li key={c.code}>
                <strong>{c.article}</strong>　{c.message}
                <span className="small">（{articleInWords(c.article)}）</span>
                {!c.hard && <span className="badge warn">不影响批准</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
