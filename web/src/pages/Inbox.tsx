/**
 * The task inbox: service cases of the user's jurisdiction, by default the open ones waiting on the
 * user's role (pendingStep → role: accept 窗口受理, review 审核, disburse 财务, complete 核准), oldest
 * deadline first. Supervisors and administrators of 市本级 may pick any county.
 */
import { useEffect, useMemo, useState } from 'react';
import { readableJurisdictions } from '../../../domain/access-policy';
import type { Jurisdiction } from '../../../domain/people';
import { caseStatuses, statusNames, stepRoles, type CaseStatus } from '../../../domain/service-case';
import { ApiError, api, type CaseView, type CatalogueItem, type User } from '../api';
import { daysUntil, formatInstant, jurisdictionNames, stepName } from '../format';

const PAGE_SIZE = 200; // the API's maximum; an inbox longer than that says so

/** Oldest deadline first; cases not yet accepted (no deadline) after them, oldest application first. */
export function byDeadline(a: CaseView, b: CaseView): number {
  if (a.deadline && b.deadline) return a.deadline.dueAt.localeCompare(b.deadline.dueAt);
  if (a.deadline) return -1;
  if (b.deadline) return 1;
  return a.appliedAt.localeCompare(b.appliedAt);
}

/**
 * Whether the case waits on this user's role. A case sent back for correction (退回补正) waits on the
 * applicant, whose resubmission the counter clerk records, not on the step's clerk.
 */
export function waitsOn(c: CaseView, user: User): boolean {
  if (c.status !== 'open' || c.pendingStep === null) return false;
  if (c.correction) return user.role === 'window_clerk';
  return stepRoles[c.pendingStep].includes(user.role);
}

export function Inbox({ user, catalogue }: { user: User; catalogue: CatalogueItem[] }) {
  const counties = readableJurisdictions(user, 'service_case');
  const seesAllCounties = counties.length > 1;
  const hasSteps = Object.values(stepRoles).some((roles) => roles.includes(user.role));
  const [itemCode, setItemCode] = useState('');
  const [status, setStatus] = useState<CaseStatus | ''>('open');
  const [county, setCounty] = useState<Jurisdiction | ''>(seesAllCounties ? '' : user.jurisdiction);
  const [mineOnly, setMineOnly] = useState(hasSteps);
  const [data, setData] = useState<{ total: number; items: CaseView[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    setError(null);
    // Roles that see no service cases (domain/access-policy.ts: the expert panel, the finance department).
    if (!counties.length) {
      setData({ total: 0, items: [] });
      return;
    }
    api
      .listCases({ itemCode: itemCode || undefined, status: status || undefined, county: county || undefined, pageSize: PAGE_SIZE })
      .then((page) => {
        if (!cancelled) setData(page);
      })
      .catch((e) => {
        if (!cancelled) setError(e instanceof ApiError ? e.message : String(e));
      });
    return () => {
      cancelled = true;
    };
  }, [itemCode, status, county, counties.length]);

  const itemNames = useMemo(() => new Map(catalogue.map((i) => [i.code, i.name])), [catalogue]);
  const rows = useMemo(() => (data?.items ?? []).filter((c) => !mineOnly || waitsOn(c, user)).sort(byDeadline), [data, mineOnly, user]);

  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title" tabIndex={-1}>
        待办案件
      </h1>
      <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="筛选">
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
          <label htmlFor="f-status">状态</label>
          <select id="f-status" value={status} onChange={(e) => setStatus(e.target.value as CaseStatus | '')}>
            <option value="">全部状态</option>
            {caseStatuses.map((s) => (
              <option key={s} value={s}>
                {statusNames[s]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-county">辖区</label>
          <select id="f-county" value={county} onChange={(e) => setCounty(e.target.value as Jurisdiction | '')} disabled={!seesAllCounties}>
            {seesAllCounties && <option value="">全部辖区</option>}
            {counties.map((j) => (
              <option key={j} value={j}>
                {jurisdictionNames[j]}
              </option>
            ))}
          </select>
        </div>
        {hasSteps && (
          <label className="checkbox">
            <input type="checkbox" checked={mineOnly} onChange={(e) => setMineOnly(e.target.checked)} />
            仅显示待我（{stepsOf(user)}）办理的案件
          </label>
        )}
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {data && (
        <>
          <p role="status" className="count">
            共 {rows.length} 件
            {data.total > data.items.length ? `（仅检索了最新的 ${data.items.length} 件，共 ${data.total} 件，请用筛选缩小范围）` : ''}
          </p>
          <table className="grid inbox">
            <caption className="sr-only">待办案件，按办结期限先后排序</caption>
            <thead>
              <tr>
                <th scope="col">办结期限</th>
                <th scope="col">剩余</th>
                <th scope="col">事项</th>
                <th scope="col">申请编号</th>
                <th scope="col">申请人</th>
                <th scope="col">辖区</th>
                <th scope="col">当前环节</th>
                <th scope="col">状态</th>
                <th scope="col">申请时间</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} className={c.deadline?.overdue ? 'overdue-row' : undefined}>
                  <td>
                    {c.deadline?.dueDate ?? '待受理'}
                    {c.deadline?.provisional ? <span className="badge warn">暂定</span> : null}
                  </td>
                  <td>{remaining(c)}</td>
                  <td>{itemNames.get(c.itemCode) ?? c.itemCode}</td>
                  <td>
                    <a href={`#/cases/${encodeURIComponent(c.id)}`}>{c.applicationNo}</a>
                  </td>
                  <td>
                    {c.applicant.name}
                    <br />
                    <span className="mono small">{c.applicant.idNumber}</span>
                  </td>
                  <td>{jurisdictionNames[c.jurisdiction]}</td>
                  <td>{c.correction ? '退回补正，待申请人补正' : c.pendingStep ? `待${stepName(c.pendingStep)}` : '—'}</td>
                  <td>{c.statusName}</td>
                  <td>{formatInstant(c.appliedAt)}</td>
                </tr>
              ))}
              {!rows.length && (
                <tr>
                  <td colSpan={9} className="empty">
                    没有符合条件的案件
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function remaining(c: CaseView) {
  if (!c.deadline || c.status !== 'open') return '—';
  if (c.deadline.overdue) return <span className="badge overdue">已超期</span>;
  return `${daysUntil(c.deadline.dueDate)} 天`;
}

function stepsOf(user: User): string {
  return Object.entries(stepRoles)
    .filter(([, roles]) => roles.includes(user.role))
    .map(([s]) => stepName(s))
    .join('、');
}
