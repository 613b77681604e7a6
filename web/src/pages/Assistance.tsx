/**
 * Medical-assistance recipients (医疗救助对象, issue 16): the question "is this person a recipient on
 * this date, in which category, and why" (001 §10–§11), and the agency's subsidised enrolments
 * (资助参保, 001 §5–§6) with their 2-working-day limit and each year's payment ledger.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { jurisdictionNames } from '../../../domain/people';
import { api, ApiError, type EnrolmentView, type Page, type RecipientAnswerView, type User } from '../api';
import { formatYuan, todayShanghai } from '../format';
import { DateInput } from './DateInput';

export function Assistance({ user }: { user: User }) {
  return (
    <section aria-labelledby="assistance-title">
      <h1 id="assistance-title" tabIndex={-1}>
        医疗救助对象（{jurisdictionNames[user.jurisdiction]}）
      </h1>
      <div className="columns">
        <RecipientQuery />
        <Enrolments />
      </div>
    </section>
  );
}

/** 001 §10: the answer for any date, with the reason a clerk can read to the person. */
export function RecipientQuery() {
  const [idNumber, setIdNumber] = useState('');
  const [date, setDate] = useState(todayShanghai());
  const [answer, setAnswer] = useState<RecipientAnswerView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setAnswer(await api.recipientOnDate(idNumber.trim(), date));
    } catch (err) {
      setAnswer(null);
      setError(err instanceof ApiError ? err.message : '查询失败');
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="recipient-query-title" noValidate>
      <h2 id="recipient-query-title">救助对象身份查询</h2>
      <label>
        身份证号码
        <input value={idNumber} onChange={(e) => setIdNumber(e.target.value)} autoComplete="off" />
      </label>
      <label>
        日期
        <DateInput value={date} onChange={setDate} />
      </label>
      <button type="submit">查询</button>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {answer && (
        <div role="status" aria-live="polite">
          <p>
            <strong>{answer.recipient ? `是医疗救助对象：${answer.categoryName}` : '不是医疗救助对象'}</strong>
          </p>
          <p>{answer.reason}</p>
          {answer.identities.length > 0 && (
            <table>
              <caption>当日有效的身份</caption>
              <thead>
                <tr>
                  <th>类别</th>
                  <th>认定日期</th>
                  <th>待遇享受期</th>
                  <th>依据</th>
                </tr>
              </thead>
              <tbody>
                {answer.identities.map((i) => (
                  <tr key={i.identityId}>
                    <td>{i.categoryName}</td>
                    <td>{i.recognizedOn}</td>
                    <td>
                      {i.benefitFrom} 至 {i.benefitTo ?? '今'}
                    </td>
                    <td>{i.article}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </form>
  );
}

/** 资助参保: the agency's enrolments, the limit of those still open and each year's ledger. */
export function Enrolments() {
  const [page, setPage] = useState<Page<EnrolmentView> | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .enrolments()
      .then(setPage)
      .catch((err: unknown) => setError(err instanceof ApiError ? err.message : '加载失败'));
  }, []);
  return (
    <div aria-labelledby="enrolments-title">
      <h2 id="enrolments-title">资助参保</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {page && page.items.length === 0 && <p>暂无资助参保记录</p>}
      {page && page.items.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>姓名</th>
              <th>类别</th>
              <th>状态</th>
              <th>办理时限</th>
              <th>资助年度（缴费台账）</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((e) => (
              <tr key={e.id}>
                <td>{e.person.name}</td>
                <td>{e.categoryName}</td>
                <td title={e.pathName ?? undefined}>{e.statusName}</td>
                <td>{e.breachedAt ? `已超时（${e.dueDate}）` : (e.dueDate ?? '—')}</td>
                <td>
                  {e.years.length === 0
                    ? '—'
                    : e.years
                        .map(
                          (y) =>
                            `${y.year}年 ${formatYuan(y.amountFen)} ${y.delivery === 'sent' ? '已推送' : y.delivery === 'failed' ? '推送失败' : y.delivery === 'covered' ? '已由另一身份资助' : '待推送'}`,
                        )
                        .join('；')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
