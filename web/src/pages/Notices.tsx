/** Supervisor: the notices outbox with each channel's delivery status and a retry of failed ones. */
import { useState } from 'react';
import { ApiError, api, type User } from '../api';
import { channelNames, formatInstant, jurisdictionNames } from '../format';
import { useHashQuery } from '../hash-query';
import { Pager, useKeysetPages } from '../keyset-pages';

const deliveryStatusNames: Record<string, string> = { pending: '待发送', sent: '已发送', failed: '发送失败' };

/** `embedded`: a part of another page (the supervisor's view), with an h2 heading. */
export function Notices({ user, embedded = false }: { user: User; embedded?: boolean }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const mayRetry = user.role === 'supervisor' || user.role === 'admin';
  // the outbox's filters, kept in the address (Back returns to them)
  const [filters, setFilters] = useHashQuery(['noticeStatus', 'noticeCase'] as const);
  const [caseText, setCaseText] = useState(filters.noticeCase);
  // the server's keyset pages of 100, newest first, with the total (nothing cut off in the browser)
  const pages = useKeysetPages(
    (cursor) => api.listNotices({ status: filters.noticeStatus || undefined, caseId: filters.noticeCase || undefined, cursor }),
    JSON.stringify(filters),
  );
  const items = pages.page?.items ?? null;
  const total = pages.page?.total ?? 0;
  const load = pages.reload;

  async function retry(id: string) {
    setBusyId(id);
    setMessage(null);
    try {
      const res = await api.retryNotice(id);
      setMessage({ ok: true, text: `已重新发送通知 ${id}（${res.channels.map((c) => channelNames[c] ?? c).join('、')}）` });
      load();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? e.message : String(e) });
    } finally {
      setBusyId(null);
    }
  }

  return (
    <section aria-labelledby="notices-title">
      {embedded ? (
        <h2 id="notices-title">通知发送情况</h2>
      ) : (
        <h1 id="notices-title" tabIndex={-1}>
          通知发送情况
        </h1>
      )}
      <form
        className="filters"
        aria-label="通知筛选"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setFilters({ noticeCase: caseText.trim() });
        }}
      >
        <label>
          发送状态{' '}
          <select value={filters.noticeStatus} onChange={(e) => setFilters({ noticeStatus: e.target.value })}>
            <option value="">全部</option>
            {Object.entries(deliveryStatusNames).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          办件编号 <input value={caseText} onChange={(e) => setCaseText(e.target.value)} size={40} />
        </label>{' '}
        <button type="submit">筛选</button>{' '}
        <button type="button" onClick={load}>
          刷新
        </button>
      </form>
      {pages.error && (
        <p role="alert" className="error">
          {pages.error}
        </p>
      )}
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'ok' : 'error'}>
          {message.text}
        </p>
      )}
      {items && (
        <>
          <p className="count">共 {total} 条</p>
          <table className="grid">
            <caption className="sr-only">通知，按时间倒序</caption>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">辖区</th>
                <th scope="col">通知</th>
                <th scope="col">案件</th>
                <th scope="col">状态</th>
                <th scope="col">各渠道</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {items.map((n) => (
                <tr key={n.id}>
                  <td>{formatInstant(n.createdAt)}</td>
                  <td>{jurisdictionNames[n.jurisdiction]}</td>
                  <td>{n.subject}</td>
                  <td className="mono small">
                    {n.caseId ? (
                      <a href={n.caseId.startsWith('service-case:') ? `#/cases/${encodeURIComponent(n.caseId)}` : undefined}>{n.caseId}</a>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{n.statusName}</td>
                  <td>
                    <ul className="plain">
                      {n.deliveries.map((d) => (
                        <li key={d.channel}>
                          {channelNames[d.channel] ?? d.channel}：{d.statusName}（{d.attempts} 次）{d.lastError ? ` — ${d.lastError}` : ''}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    {mayRetry && n.status === 'failed' && (
                      <button type="button" onClick={() => void retry(n.id)} disabled={busyId === n.id} aria-label={`重发通知 ${n.id}`}>
                        重发
                      </button>
                    )}
                  </td>
                </tr>
              ))}
              {!items.length && (
                <tr>
                  <td colSpan={7} className="empty">
                    暂无通知
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          {pages.page && <Pager pageNo={pages.pageNo} page={pages.page} onPrevious={pages.previous} onNext={pages.next} unit="条" />}
        </>
      )}
    </section>
  );
}
