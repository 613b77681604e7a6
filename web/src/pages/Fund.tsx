/** Finance: start this month's turnover-fund request (周转金) and see the agency's requests. */
import { useCallback, useEffect, useState } from 'react';
import { fundRequestKindNames } from '../../../domain/fund-request';
import { ApiError, api, type FundRequestView, type User } from '../api';
import { formatYuan, jurisdictionNames, thisMonthShanghai } from '../format';

export function Fund({ user }: { user: User }) {
  const period = thisMonthShanghai();
  const [list, setList] = useState<FundRequestView[] | null>(null);
  const [current, setCurrent] = useState<FundRequestView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setList((await api.listFundRequests({ kind: 'turnover' })).items);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  async function trigger() {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const res = await api.triggerFundRequest({ kind: 'turnover', period });
      setCurrent(res.request);
      // The API keys a request by agency and month: a second trigger returns the same request.
      setMessage(res.created ? `已发起 ${period} 月度周转金申请` : `${period} 的月度周转金申请已存在，以下为该申请`);
      await load();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="fund-title">
      <h1 id="fund-title" tabIndex={-1}>
        月度周转金申请（{jurisdictionNames[user.jurisdiction]}）
      </h1>
      <p>
        <button type="button" onClick={trigger} disabled={busy}>
          发起本月（{period}）周转金申请
        </button>
      </p>
      {message && (
        <p role="status" className="ok">
          {message}
        </p>
      )}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {current && (
        <div className="card" aria-label="本月申请">
          <h2>
            {fundRequestKindNames[current.kind]} {current.period}
          </h2>
          <dl className="facts">
            <dt>申请编号</dt>
            <dd className="mono">{current.id}</dd>
            <dt>状态</dt>
            <dd>{current.statusName}</dd>
            <dt>申请金额</dt>
            <dd>{formatYuan(current.amountFen)}</dd>
            <dt>报送截止日</dt>
            <dd>
              {current.dueDate ?? '—'}
              {current.late ? <span className="badge overdue">逾期报送</span> : null}
            </dd>
          </dl>
          {(current.warnings ?? []).map((w) => (
            <p key={w.code} role="alert" className="warning">
              {w.message}
            </p>
          ))}
          {current.calculation.length > 0 && (
            <table className="grid">
              <caption>测算明细</caption>
              <thead>
                <tr>
                  <th scope="col">项目</th>
                  <th scope="col" className="num">
                    金额
                  </th>
                </tr>
              </thead>
              <tbody>
                {current.calculation.map((l, i) => (
                  <tr key={i}>
                    <td>{l.label}</td>
                    <td className="num">{formatYuan(l.amountFen)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <h2>本机构的周转金申请</h2>
      {list && (
        <table className="grid" aria-label="周转金申请列表">
          <thead>
            <tr>
              <th scope="col">月份</th>
              <th scope="col">申请编号</th>
              <th scope="col">状态</th>
              <th scope="col" className="num">
                申请金额
              </th>
              <th scope="col">报送截止日</th>
              <th scope="col">报送日</th>
            </tr>
          </thead>
          <tbody>
            {list.map((r) => (
              <tr key={r.id}>
                <td>{r.period}</td>
                <td className="mono">{r.id}</td>
                <td>{r.statusName}</td>
                <td className="num">{formatYuan(r.amountFen)}</td>
                <td>{r.dueDate ?? '—'}</td>
                <td>{r.submittedOn ?? '—'}</td>
              </tr>
            ))}
            {!list.length && (
              <tr>
                <td colSpan={6} className="empty">
                  尚无周转金申请
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
