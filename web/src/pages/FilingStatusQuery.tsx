/**
 * The settlement side's question (结算端备案状态查询, issue 14): is this person filed for care at
 * this place on this date, with which filing, and at which benefit level? For a stay, the admission
 * date decides (000 §31: an admission within the validity is settled normally past its end).
 */
import { useState, type FormEvent } from 'react';
import { type BenefitKind, benefitKindNames, insuredPlaceNames } from '../../../domain/remote-care';
import { api, ApiError, type FilingStatusView } from '../api';
import { todayShanghai } from '../format';
import { DateInput } from './DateInput';

const basisNames = { materials: '材料齐全', promise: '个人承诺（材料未补齐）', promise_materials_delivered: '个人承诺，材料已补齐' };

const outcomeNames: Partial<Record<FilingStatusView['reason'], string>> = {
  in_province_exempt: '免备案',
  not_covered_by_filing: '不在备案待遇范围内',
};

function points(n: number): string {
  return n === 0 ? '不调整' : `${n > 0 ? '提高' : '下降'} ${Math.abs(n)} 个百分点`;
}

export function FilingStatusQuery() {
  const [idNumber, setIdNumber] = useState('');
  const [insuredPlace, setInsuredPlace] = useState<'jiangmen' | 'yangjiang'>('jiangmen');
  const [province, setProvince] = useState('');
  const [city, setCity] = useState('');
  const [date, setDate] = useState(todayShanghai());
  const [care, setCare] = useState<BenefitKind>('inpatient');
  const [admittedOn, setAdmittedOn] = useState('');
  const [answer, setAnswer] = useState<FilingStatusView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setAnswer(
        await api.filingStatus({
          idNumber: idNumber.trim(),
          insuredPlace,
          place: { province: province.trim(), city: city.trim() },
          date,
          care,
          ...(care === 'inpatient' && admittedOn ? { admittedOn } : {}),
        }),
      );
    } catch (err) {
      setAnswer(null);
      setError(err instanceof ApiError ? err.message : '查询失败');
    }
  };
  return (
    <section aria-labelledby="filing-status-title">
      <h1 id="filing-status-title" tabIndex={-1}>
        异地就医备案状态查询
      </h1>
      <form onSubmit={(e) => void submit(e)}>
        <label>
          身份证号码
          <input value={idNumber} onChange={(e) => setIdNumber(e.target.value)} autoComplete="off" />
        </label>
        <label>
          参保地
          <select value={insuredPlace} onChange={(e) => setInsuredPlace(e.target.value as 'jiangmen' | 'yangjiang')}>
            {Object.entries(insuredPlaceNames).map(([k, name]) => (
              <option key={k} value={k}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          就医地（省）
          <input value={province} onChange={(e) => setProvince(e.target.value)} />
        </label>
        <label>
          就医地（市）
          <input value={city} onChange={(e) => setCity(e.target.value)} />
        </label>
        <label>
          就医类别
          <select value={care} onChange={(e) => setCare(e.target.value as BenefitKind)}>
            {Object.entries(benefitKindNames).map(([k, name]) => (
              <option key={k} value={k}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          就诊（结算）日期
          <DateInput value={date} onChange={setDate} />
        </label>
        {care === 'inpatient' && (
          <label>
            入院日期（按入院日期判断备案有效期，000 §31）
            <DateInput value={admittedOn} onChange={setAdmittedOn} />
          </label>
        )}
        <button type="submit">查询</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {answer && (
        <div role="status" aria-live="polite">
          <p>
            <strong>{answer.filed ? '已备案' : (outcomeNames[answer.reason] ?? '未备案')}</strong>：{answer.message}
          </p>
          <dl>
            <dt>判断日期</dt>
            <dd>{answer.judgedOn}</dd>
            {answer.filing && (
              <>
                <dt>备案</dt>
                <dd>
                  {answer.filing.typeName}（{answer.filing.filingNo}）
                </dd>
                <dt>有效期</dt>
                <dd>
                  {answer.filing.validFrom} 至 {answer.filing.validUntil ?? '长期有效（或当次入院）'}
                </dd>
                <dt>材料</dt>
                <dd>{basisNames[answer.filing.basis]}</dd>
              </>
            )}
            <dt>就医地待遇</dt>
            <dd>
              {answer.reason === 'not_covered_by_filing'
                ? `该备案不含此项待遇（${answer.article}）`
                : answer.careAdjustment
                  ? `基本医疗保险报销比例${points(answer.careAdjustment.basicPoints)}，大病保险、补充医疗保险${points(
                      answer.careAdjustment.criticalPoints,
                    )}（${answer.careAdjustment.article}）`
                  : '按规定标准，不另行调整'}
            </dd>
            {answer.home && (
              <>
                <dt>参保地待遇</dt>
                <dd>
                  住院报销比例{points(answer.home.inpatientPoints)}，普通门诊{answer.home.generalOutpatient ? '可以' : '不能'}享受（
                  {answer.home.article}）
                </dd>
              </>
            )}
            <dt>依据</dt>
            <dd>{answer.article}</dd>
          </dl>
        </div>
      )}
    </section>
  );
}
