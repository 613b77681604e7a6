/**
 * General-outpatient facility choice (普通门诊选点, issue 17; 000 §19–§22, 003 tip 2): a person's
 * choice page (the facilities usable today, each choice with its channel and who recorded it, a
 * pending change for next year, the October–December window), the choosing/changing form with its
 * grounds (a mid-year change only for moving house or a change of the facility's grade, with
 * evidence, 附件4), and "which facility may X use on date D". Bodies are checked by the domain's
 * facilityActionRequestSchema before anything is sent.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { z } from 'zod';
import { isoDateSchema } from '../../../domain/dates';
import { idNumberSchema } from '../../../domain/id-number';
import {
  choiceChannels,
  facilityActionNames,
  facilityActionRequestSchema,
  insuranceKindNames,
  insuranceKinds,
  midYearGroundNames,
  midYearGrounds,
  type FacilityAction,
} from '../../../domain/outpatient-facility';
import { jurisdictions, type Jurisdiction } from '../../../domain/people';
import { ApiError, api, type ChoiceRecordView, type DesignatedFacilityView, type FacilitiesOnDateView, type User } from '../api';
import { fieldErrors } from '../form-errors';
import { fieldErrorView } from '../field-error';
import { formatInstant, jurisdictionNames, todayShanghai } from '../format';
import { DateInput } from './DateInput';
import { messageOf } from './History';

const channelNames: Record<(typeof choiceChannels)[number], string> = {
  counter: '经办机构窗口（附件3）',
  institution: '定点医疗机构',
  self_service: '自助终端',
  online: '网上/手机',
};
const gradeNames = { 1: '一级及以下', 2: '二级', 3: '三级' } as const;
const facilityMessages: Record<string, string> = {
  action: '请选择办理事项',
  facilities: '请选择定点医疗机构',
  ground: '请选择年度内变更的理由',
  evidence: '年度内变更须填写证明材料（附件4）',
};

function FacilityList({ facilities }: { facilities: FacilitiesOnDateView['facilities'] }) {
  if (!facilities.length) return <p>无</p>;
  return (
    <ul className="plain" aria-label="可使用的定点医疗机构">
      {facilities.map((f) => (
        <li key={f.code}>
          <strong>{f.name}</strong>（{f.code}，{gradeNames[f.grade]}
          {f.offsite ? '，异地' : ''}）{f.usable ? '' : <span className="badge overdue">不可使用</span>}
          <span className="small">　{f.reason}</span>
        </li>
      ))}
    </ul>
  );
}

/** #/outpatient-facility: find a person's choice, record a choice or change, answer for a date. */
export function OutpatientFacility({ user }: { user: User }) {
  const [record, setRecord] = useState<ChoiceRecordView | null>(null);
  const [lookupId, setLookupId] = useState('');
  const [lookupError, setLookupError] = useState<string | null>(null);
  const mayRecord = ['window_clerk', 'reviewer', 'approver', 'institution'].includes(user.role);
  async function lookup(e: FormEvent) {
    e.preventDefault();
    setRecord(null);
    const parsed = idNumberSchema.safeParse(lookupId.trim().toUpperCase());
    if (!parsed.success) return setLookupError(parsed.error.issues[0]!.message);
    setLookupError(null);
    try {
      setRecord(await api.outpatientChoice(parsed.data));
    } catch (err) {
      setLookupError(messageOf(err));
    }
  }
  return (
    <section aria-labelledby="of-title">
      <h1 id="of-title" tabIndex={-1}>
        普通门诊选点
      </h1>
      <form className="filters" onSubmit={lookup} noValidate aria-label="查询参保人选点">
        <div className="field">
          <label htmlFor="of-lookup">参保人身份证号码</label>
          <input
            id="of-lookup"
            value={lookupId}
            maxLength={18}
            autoComplete="off"
            onChange={(e) => setLookupId(e.target.value)}
            {...(lookupError ? { 'aria-invalid': true as const, 'aria-describedby': 'of-lookup-err' } : {})}
          />
        </div>
        <button type="submit">查询选点</button>
        {lookupError && (
          <p className="field-error" role="alert" id="of-lookup-err">
            {lookupError}
          </p>
        )}
      </form>
      {record && <ChoicePage record={record} />}
      <div className="columns">
        {mayRecord && <ChoiceForm user={user} record={record} onDone={setRecord} />}
        <FacilityOnDate />
      </div>
    </section>
  );
}

export function ChoicePage({ record }: { record: ChoiceRecordView }) {
  return (
    <div className="card" aria-label="参保人选点">
      <h2>
        {record.person.name} <span className="mono">{record.person.idNumber}</span>（参保地：{jurisdictionNames[record.jurisdiction]}）
      </h2>
      <h3>今日（{record.today.date}）可使用的普通门诊定点医疗机构</h3>
      <FacilityList facilities={record.today.facilities} />
      <p className="small">{record.today.reason}</p>
      <p data-testid="window">
        下一年度变更：{record.window.opens} 至 {record.window.closes} 可办理，{record.window.effectiveFrom} 起生效
        {record.window.open ? '（现可办理）' : '（现不在变更期内）'}
      </p>
      {record.pending && (
        <p className="warning">
          已登记下一年度变更：{record.pending.facilities.map((f) => f.name).join('、')}，{record.pending.effectiveFrom} 起生效
        </p>
      )}
      <table className="grid">
        <caption>选点记录</caption>
        <thead>
          <tr>
            <th scope="col">办理事项</th>
            <th scope="col">生效日</th>
            <th scope="col">定点医疗机构</th>
            <th scope="col">渠道</th>
            <th scope="col">经办人</th>
            <th scope="col">理由</th>
          </tr>
        </thead>
        <tbody>
          {record.choices.map((c) => (
            <tr key={c.seq}>
              <td>{facilityActionNames[c.action]}</td>
              <td>{c.effectiveFrom}</td>
              <td>{c.facilities.map((f) => f.name).join('、')}</td>
              <td>{channelNames[c.channel]}</td>
              <td>
                {c.by}（{formatInstant(c.recordedAt)}）
              </td>
              <td>{c.ground ? `${midYearGroundNames[c.ground]}：${c.evidence ?? ''}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ChoiceForm({
  user,
  record,
  onDone,
}: {
  user: User;
  record: ChoiceRecordView | null;
  onDone: (r: ChoiceRecordView) => void;
}) {
  const [facilities, setFacilities] = useState<DesignatedFacilityView[]>([]);
  const [action, setAction] = useState<FacilityAction | ''>(record ? '' : 'choose');
  const [name, setName] = useState(record?.person.name ?? '');
  const [idNumber, setIdNumber] = useState('');
  const [jurisdiction, setJurisdiction] = useState<Jurisdiction>(record?.jurisdiction ?? user.jurisdiction);
  const [channel, setChannel] = useState<(typeof choiceChannels)[number]>(user.role === 'institution' ? 'institution' : 'counter');
  const [insuranceKind, setInsuranceKind] = useState<(typeof insuranceKinds)[number]>('employee');
  const [codes, setCodes] = useState<string[]>(['']);
  const [formRef, setFormRef] = useState('');
  const [ground, setGround] = useState('');
  const [evidence, setEvidence] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [refusal, setRefusal] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    api
      .outpatientFacilities()
      .then((fs) => setFacilities(fs.filter((f) => f.active)))
      .catch(() => setFacilities([]));
  }, []);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setRefusal(null);
    setDone(null);
    const candidate = {
      action: action || undefined,
      person: { name, idNumber: idNumber.trim().toUpperCase() },
      jurisdiction,
      channel,
      insuranceKind,
      facilities: codes.filter(Boolean).map((code) => ({ code })),
      ...(formRef.trim() ? { formRef: formRef.trim() } : {}),
      ...(action === 'change_mid_year' ? { ground: ground || undefined, evidence } : {}),
    };
    const parsed = facilityActionRequestSchema.safeParse(candidate);
    if (!parsed.success) {
      setErrors(
        fieldErrors(parsed.error.issues, {
          key: (p) => (p[0] === 'facilities' ? 'facilities' : p.map(String).join('.')),
          messages: facilityMessages,
        }) as Record<string, string>,
      );
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const r = await api.actOnOutpatientChoice(parsed.data);
      setDone(`已办理${facilityActionNames[parsed.data.action]}`);
      onDone(r);
    } catch (err) {
      // a mid-year request on another ground is refused with the dates when a change is possible
      setRefusal(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  const { err, described } = fieldErrorView(id, errors);
  const maxFacilities = insuranceKind === 'employee' ? 2 : 1;

  return (
    <form onSubmit={submit} noValidate aria-label="选点登记或变更" className="narrow">
      <h2>选点登记或变更</h2>
      <fieldset>
        <legend>办理事项</legend>
        {(['choose', 'change_next_year', 'change_mid_year'] as const).map((a) => (
          <label key={a} className="radio">
            <input
              type="radio"
              name={`${id}-action`}
              checked={action === a}
              onChange={() => setAction(a)}
              {...(a === 'choose' ? described('action') : {})}
            />
            {facilityActionNames[a]}
            {a === 'change_next_year' && <span className="small">（每年10月1日至12月31日，次年1月1日生效，000 §20）</span>}
            {a === 'change_mid_year' && <span className="small">（仅限居住地迁移或定点医疗机构等级变更）</span>}
          </label>
        ))}
        {err('action')}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-name`}>参保人姓名</label>
        <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} {...described('person.name')} />
        {err('person.name')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-id`}>身份证号码</label>
        <input
          id={`${id}-id`}
          value={idNumber}
          maxLength={18}
          autoComplete="off"
          onChange={(e) => setIdNumber(e.target.value)}
          {...described('person.idNumber')}
        />
        {err('person.idNumber')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-j`}>参保地</label>
        <select id={`${id}-j`} value={jurisdiction} onChange={(e) => setJurisdiction(e.target.value as Jurisdiction)}>
          {jurisdictions.map((j) => (
            <option key={j} value={j}>
              {jurisdictionNames[j]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>险种</label>
        <select
          id={`${id}-kind`}
          value={insuranceKind}
          onChange={(e) => setInsuranceKind(e.target.value as (typeof insuranceKinds)[number])}
        >
          {insuranceKinds.map((k) => (
            <option key={k} value={k}>
              {insuranceKindNames[k]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-channel`}>办理渠道</label>
        <select id={`${id}-channel`} value={channel} onChange={(e) => setChannel(e.target.value as (typeof choiceChannels)[number])}>
          {choiceChannels.map((c) => (
            <option key={c} value={c}>
              {channelNames[c]}
            </option>
          ))}
        </select>
      </div>
      <fieldset>
        <legend>定点医疗机构（职工可选一家一级及以下加一家二、三级；居民一家一级及以下）</legend>
        {codes.map((code, i) => (
          <div className="field" key={i}>
            <label htmlFor={`${id}-f${i}`}>定点医疗机构 {i + 1}</label>
            <select
              id={`${id}-f${i}`}
              value={code}
              onChange={(e) => setCodes((cs) => cs.map((c, j) => (j === i ? e.target.value : c)))}
              {...(i === 0 ? described('facilities') : {})}
            >
              <option value="">请选择</option>
              {facilities.map((f) => (
                <option key={f.code} value={f.code}>
                  {f.name}（{gradeNames[f.grade]}，{f.county}）
                </option>
              ))}
            </select>
          </div>
        ))}
        {err('facilities')}
        {codes.length < maxFacilities && (
          <button type="button" className="link" onClick={() => setCodes((cs) => [...cs, ''])}>
            增加一家
          </button>
        )}
      </fieldset>
      {action === 'change_mid_year' && (
        <fieldset>
          <legend>年度内变更（附件4）</legend>
          <div className="field">
            <label htmlFor={`${id}-ground`}>变更理由</label>
            <select id={`${id}-ground`} value={ground} onChange={(e) => setGround(e.target.value)} {...described('ground')}>
              <option value="">请选择</option>
              {midYearGrounds.map((g) => (
                <option key={g} value={g}>
                  {midYearGroundNames[g]}
                </option>
              ))}
            </select>
            {err('ground')}
          </div>
          <div className="field">
            <label htmlFor={`${id}-evidence`}>证明材料</label>
            <textarea
              id={`${id}-evidence`}
              rows={2}
              value={evidence}
              onChange={(e) => setEvidence(e.target.value)}
              {...described('evidence')}
            />
            {err('evidence')}
          </div>
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${id}-form`}>登记表/变更表编号（窗口办理时，可选）</label>
        <input id={`${id}-form`} value={formRef} onChange={(e) => setFormRef(e.target.value)} {...described('formRef')} />
        {err('formRef')}
      </div>
      {refusal && (
        <p role="alert" className="error">
          未办理：{refusal}
        </p>
      )}
      {done && (
        <p role="status" className="ok" tabIndex={-1} ref={doneRef} data-testid="choice-done">
          {done}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {busy ? '提交中…' : '提交'}
      </button>
    </form>
  );
}

const onDateSchema = z.object({ idNumber: idNumberSchema, date: isoDateSchema });

export function FacilityOnDate() {
  const [idNumber, setIdNumber] = useState('');
  const [date, setDate] = useState(todayShanghai());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [answer, setAnswer] = useState<FacilitiesOnDateView | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const answerRef = useRef<HTMLDivElement>(null);
  const id = useId();
  useEffect(() => {
    if (answer) answerRef.current?.focus();
  }, [answer]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setAnswer(null);
    setRefusal(null);
    const parsed = onDateSchema.safeParse({ idNumber: idNumber.trim().toUpperCase(), date: date.trim() });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues) as Record<string, string>);
    setErrors({});
    try {
      setAnswer(await api.facilityOnDate(parsed.data));
    } catch (err) {
      setRefusal(messageOf(err));
    }
  }
  const { err, described } = fieldErrorView(id, errors);
  return (
    <form onSubmit={submit} noValidate aria-labelledby={`${id}-title`} className="card">
      <h2 id={`${id}-title`}>某日可使用的普通门诊定点医疗机构</h2>
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
        <label htmlFor={`${id}-date`}>就医日期（YYYY-MM-DD）</label>
        <DateInput id={`${id}-date`} value={date} onChange={setDate} {...described('date')} />
        {err('date')}
      </div>
      <button type="submit">查询</button>
      {refusal && (
        <p role="alert" className="error">
          未查询：{refusal}
        </p>
      )}
      {answer && (
        <div ref={answerRef} tabIndex={-1} role="status" data-testid="facility-answer">
          <p>
            <strong>{answer.date}</strong>　{answer.reason}
            {answer.carriedOver ? '（上年度选点顺延）' : ''}
          </p>
          <FacilityList facilities={answer.facilities} />
          {answer.outpatientPayable === false && <p className="warning">{answer.outpatientPayableReason}</p>}
        </div>
      )}
    </form>
  );
}
