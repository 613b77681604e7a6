/**
 * Finance: start this month's turnover-fund request (周转金) and see the agency's requests; the
 * finance department (fiscal role) sees the agency's requests waiting for its approval. Each
 * request opens its page (FundRequestPage) with the actions of the user's role.
 */
import { useState } from 'react';
import { fundRequestKindNames, fundRequestStatusNames, fundRequestStatuses, type FundRequestStatus } from '../../../domain/fund-request';
import { ApiError, api, type FundRequestView, type User } from '../api';
import { formatYuan, jurisdictionNames, thisMonthShanghai } from '../format';
import { useHashQuery } from '../hash-query';
import { Pager, useKeysetPages } from '../keyset-pages';
import { fundRequestUrl } from './FundRequest';

export function Fund({ user }: { user: User }) {
  const period = thisMonthShanghai();
  const fiscal = user.role === 'fiscal';
  const [filters, setFilters] = useHashQuery(['status'] as const);
  const [current, setCurrent] = useState<FundRequestView | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // the server's keyset pages of 50, newest period first, with the total (issue 18)
  const pages = useKeysetPages<FundRequestView>(
    (cursor) => {
      const status = (filters.status || undefined) as FundRequestStatus | undefined;
      return api.listFundRequests(fiscal ? { status, cursor } : { kind: 'turnover', status, cursor });
    },
    JSON.stringify({ fiscal, status: filters.status }),
  );
  const page = pages.page;
  const list = page?.items ?? null;
  const error = failure ?? pages.error;

  async function trigger() {
    setBusy(true);
    setFailure(null);
    setMessage(null);
    try {
      const res = await api.triggerFundRequest({ kind: 'turnover', period });
      setCurrent(res.request);
      // The API keys a request by agency and month: a second trigger returns the same request.
      setMessage(res.created ? `已发起 ${period} 月度周转金申请` : `${period} 的月度周转金申请已存在，以下为该申请`);
      pages.reload();
    } catch (e) {
      setFailure(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="fund-title">
      <h1 id="fund-title" tabIndex={-1}>
        {fiscal ? '资金申请审批' : '月度周转金申请'}（{jurisdictionNames[user.jurisdiction]}）
      </h1>
      {!fiscal && (
        <p>
          <button type="button" onClick={trigger} disabled={busy}>
            发起本月（{period}）周转金申请
          </button>
        </p>
      )}
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
            <dd className="mono">
              <a href={fundRequestUrl(current.id)}>{current.id}</a>
            </dd>
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
      <h2>{fiscal ? '经办机构报送的资金申请' : '本机构的周转金申请'}</h2>
      <form className="filters" aria-label="筛选" onSubmit={(e) => e.preventDefault()} noValidate>
        <label>
          状态{' '}
          <select value={filters.status} onChange={(e) => setFilters({ status: e.target.value })}>
            <option value="">全部</option>
            {fundRequestStatuses.map((s) => (
              <option key={s} value={s}>
                {fundRequestStatusNames[s]}
              </option>
            ))}
          </select>
        </label>
      </form>
      {page && (
        <p className="count">
          共 {page.total} 件{page.total > page.items.length ? `，本页 ${page.items.length} 件` : ''}
        </p>
      )}
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
                <td className="mono">
                  <a href={fundRequestUrl(r.id)}>{r.id}</a>
                </td>
                <td>{r.statusName}</td>
                <td className="num">
                  {formatYuan(r.amountFen)}
                  {(r.warnings ?? []).some((w) => w.code === 'ZERO_AMOUNT') && (
                    <span className="badge warn" title="申请金额为 0.00 元，请核实测算依据">
                      0.00 元
                    </span>
                  )}
                </td>
                <td>{r.dueDate ?? '—'}</td>
                <td>{r.submittedOn ?? '—'}</td>
              </tr>
            ))}
            {!list.length && (
              <tr>
                <td colSpan={6} className="empty">
                  尚无资金申请
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {page && <Pager pageNo={pages.pageNo} page={page} onPrevious={pages.previous} onNext={pages.next} unit="件" />}
    </section>
  );
}
