/**
 * The work queue (待办): every process's tasks waiting on the user's role in their jurisdiction, as
 * the server's one task query returns them (GET /tasks: sorted by deadline, keyset pages of 50 with
 * the totals), so nothing is cut off or filtered in the browser. A task is claimed here; who holds it
 * is shown; supervisors see all open work of their counties (全部待办).
 */
import { useEffect, useState } from 'react';
import { readableJurisdictions } from '../../../domain/access-policy';
import type { Jurisdiction } from '../../../domain/people';
import { processes } from '../../../domain/processes';
import { ApiError, api, type CatalogueItem, type TaskPage, type TaskQuery, type TaskView, type User } from '../api';
import { daysUntil, jurisdictionNames } from '../format';
import { useHashQuery } from '../hash-query';

export const PAGE_SIZE = 50;

/** The processes whose work can wait on someone (registry entries with a task source). */
const taskProcesses = Object.values(processes).filter((p) => p.tasks);

/** Where the workbench shows a task's record. */
export function taskHref(t: Pick<TaskView, 'process' | 'id'>): string | null {
  switch (t.process) {
    case 'service_case':
      return `#/cases/${encodeURIComponent(t.id)}`;
    case 'special_disease':
      return `#/special-disease/${encodeURIComponent(t.id)}`;
    case 'care_episode':
      return `#/care/${encodeURIComponent(t.id)}`;
    case 'fund_request':
      return `#/fund/${encodeURIComponent(t.id)}`;
    default:
      return null;
  }
}

/** Whether the user may claim the task: one of its roles, in its jurisdiction, and nobody holds it. */
export function mayClaim(t: TaskView, user: User): boolean {
  return t.assignee === null && t.roles.includes(user.role) && t.jurisdiction === user.jurisdiction;
}

export function Inbox({ user, catalogue }: { user: User; catalogue: CatalogueItem[] }) {
  const counties = readableJurisdictions(user, 'service_case');
  const seesAllCounties = counties.length > 1;
  const oversees = user.role === 'supervisor' || user.role === 'admin';
  // the filters live in the address (#/?overdue=true…), so Back to the inbox brings them back
  const [f, setFilters] = useHashQuery(['waiting', 'process', 'item', 'county', 'overdue', 'held', 'q'] as const);
  const waiting: 'mine' | 'all' = f.waiting === 'all' || f.waiting === 'mine' ? f.waiting : oversees ? 'all' : 'mine';
  const process = f.process;
  const itemCode = f.item;
  const county = f.county as Jurisdiction | '';
  const overdue = f.overdue as '' | 'true' | 'false';
  const held = f.held as '' | 'mine' | 'unclaimed';
  const search = f.q;
  const setWaiting = (v: 'mine' | 'all') => setFilters({ waiting: v });
  const setProcess = (v: string) => setFilters({ process: v });
  const setItemCode = (v: string) => setFilters({ item: v });
  const setCounty = (v: Jurisdiction | '') => setFilters({ county: v });
  const setOverdue = (v: '' | 'true' | 'false') => setFilters({ overdue: v });
  const setHeld = (v: '' | 'mine' | 'unclaimed') => setFilters({ held: v });
  const setSearch = (v: string) => setFilters({ q: v });
  /** the cursors of the pages before this one (Back), and this page's */
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [data, setData] = useState<TaskPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const cursor = cursors.at(-1);

  const filters: TaskQuery = {
    waiting,
    process: process || undefined,
    itemCode: itemCode || undefined,
    county: county || undefined,
    overdue: overdue || undefined,
    q: search.trim() || undefined,
    ...(held === 'mine' ? { mine: 'true' as const } : held === 'unclaimed' ? { unclaimed: 'true' as const } : {}),
  };
  const filterKey = JSON.stringify(filters);
  // a new filter starts again at the first page
  useEffect(() => setCursors([undefined]), [filterKey]);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    api
      .listTasks({ ...(JSON.parse(filterKey) as TaskQuery), cursor, pageSize: PAGE_SIZE })
      .then((page) => {
        if (!cancelled) setData(page);
      })
      .catch((e) => {
        if (!cancelled) setError(e instanceof ApiError ? e.message : String(e));
      });
    return () => {
      cancelled = true;
    };
  }, [filterKey, cursor, reload]);

  const itemNames = new Map(catalogue.map((i) => [i.code, i.name]));
  const pageNo = cursors.length;

  async function claim(t: TaskView) {
    setMessage(null);
    try {
      await api.claimTask(t.id);
      setMessage(`已认领：${t.reference}`);
      setReload((n) => n + 1);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }

  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title" tabIndex={-1}>
        待办
      </h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="筛选" noValidate>
        <div className="field">
          <label htmlFor="f-q">查找</label>
          <input id="f-q" type="search" value={search} placeholder="编号开头或姓名" onChange={(e) => setSearch(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="f-waiting">范围</label>
          <select id="f-waiting" value={waiting} onChange={(e) => setWaiting(e.target.value as 'mine' | 'all')}>
            <option value="mine">待我的岗位办理</option>
            <option value="all">全部待办</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-process">业务</label>
          <select id="f-process" value={process} onChange={(e) => setProcess(e.target.value)}>
            <option value="">全部业务</option>
            {taskProcesses.map((p) => (
              <option key={p.name} value={p.name}>
                {p.title}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-item">事项</label>
          <select id="f-item" value={itemCode} onChange={(e) => setItemCode(e.target.value)}>
            <option value="">全部事项</option>
            {catalogue.map((i) => (
              <option key={i.code} value={i.code}>
                {i.seq}. {i.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-county">辖区</label>
          <select id="f-county" value={county} onChange={(e) => setCounty(e.target.value as Jurisdiction | '')} disabled={!seesAllCounties}>
            <option value="">{seesAllCounties ? '全部辖区' : jurisdictionNames[user.jurisdiction]}</option>
            {seesAllCounties &&
              counties.map((j) => (
                <option key={j} value={j}>
                  {jurisdictionNames[j]}
                </option>
              ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-overdue">期限</label>
          <select id="f-overdue" value={overdue} onChange={(e) => setOverdue(e.target.value as '' | 'true' | 'false')}>
            <option value="">全部</option>
            <option value="true">已超期</option>
            <option value="false">未超期</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-held">办理人</label>
          <select id="f-held" value={held} onChange={(e) => setHeld(e.target.value as '' | 'mine' | 'unclaimed')}>
            <option value="">全部</option>
            <option value="mine">我认领的</option>
            <option value="unclaimed">未认领</option>
          </select>
        </div>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {message && <p className="ok">{message}</p>}
      {data && (
        <>
          <p role="status" className="count">
            共 {data.total.toLocaleString('zh-CN')} 件{data.overdue ? `，其中已超期 ${data.overdue.toLocaleString('zh-CN')} 件` : ''}
            {data.total > data.pageSize ? `（第 ${pageNo} 页，每页 ${data.pageSize} 件）` : ''}
          </p>
          <table className="grid inbox">
            <caption className="sr-only">待办，按办理期限先后排序</caption>
            <thead>
              <tr>
                <th scope="col">办理期限</th>
                <th scope="col">剩余</th>
                <th scope="col">业务 / 事项</th>
                <th scope="col">编号</th>
                <th scope="col">申请人 / 对象</th>
                <th scope="col">辖区</th>
                <th scope="col">当前环节</th>
                <th scope="col">办理人</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((t) => {
                const href = taskHref(t);
                return (
                  <tr key={t.id} className={t.overdue ? 'overdue-row' : undefined}>
                    <td>{t.dueDate ?? '—'}</td>
                    <td>{remaining(t)}</td>
                    <td>
                      {t.processTitle}
                      {t.itemCode && itemNames.get(t.itemCode) ? (
                        <>
                          <br />
                          <span className="small">{itemNames.get(t.itemCode)}</span>
                        </>
                      ) : null}
                    </td>
                    <td>{href ? <a href={href}>{t.reference}</a> : t.reference}</td>
                    <td>{t.subject}</td>
                    <td>{jurisdictionNames[t.jurisdiction]}</td>
                    <td>{t.stageName}</td>
                    <td>
                      {t.assigneeName ?? t.assignee ?? '未认领'}
                      {mayClaim(t, user) && (
                        <>
                          {' '}
                          <button type="button" onClick={() => void claim(t)} aria-label={`认领 ${t.reference}`}>
                            认领
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
              {!data.items.length && (
                <tr>
                  <td colSpan={8} className="empty">
                    没有符合条件的待办
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <nav className="pager" aria-label="翻页">
            <button type="button" disabled={pageNo === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              上一页
            </button>
            <button type="button" disabled={!data.nextCursor} onClick={() => setCursors((c) => [...c, data.nextCursor ?? undefined])}>
              下一页
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

function remaining(t: TaskView) {
  if (!t.dueDate) return '—';
  if (t.overdue) return <span className="badge overdue">已超期</span>;
  return `${daysUntil(t.dueDate)} 天`;
}
