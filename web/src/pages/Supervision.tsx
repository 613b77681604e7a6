/**
 * Supervisor: open work and deadline breaches per county and process (GET /supervision/summary),
 * breached cells highlighted; the notices outbox below. A county supervisor sees their county,
 * municipal supervisors and administrators every county (the API decides).
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, type ProcessKey, type SupervisionSummary, type User } from '../api';
import { formatInstant, jurisdictionNames } from '../format';
import { Notices } from './Notices';
import { drillUrl } from './SupervisionDrill';

const processOrder: ProcessKey[] = ['service_case', 'care_episode', 'fund_request', 'certification'];

const isProcessKey = (p: string): p is ProcessKey => (processOrder as string[]).includes(p);

type Column = { key: 'open' | 'overdue' | 'breached'; label: string };
type Counts = { open: number; breached: number; overdue?: number };

/**
 * The columns of one process: service cases also count those past their due time (已到期); the
 * processes counted through the registry say what their open count is called and whether they breach.
 */
function columnsOf(p: string, summary: SupervisionSummary): Column[] {
  const registered = summary.columns[p];
  if (registered) {
    return [{ key: 'open', label: registered.open }, ...(registered.breached ? [{ key: 'breached' as const, label: '超期' }] : [])];
  }
  return p === 'service_case'
    ? [
        { key: 'open', label: '在办' },
        { key: 'overdue', label: '已到期未办结' },
        { key: 'breached', label: '超期' },
      ]
    : [
        { key: 'open', label: '在办' },
        { key: 'breached', label: p === 'fund_request' ? '逾期/超期' : '超期' },
      ];
}

export function Supervision({ user }: { user: User }) {
  const [summary, setSummary] = useState<SupervisionSummary | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setSummary(await api.supervisionSummary());
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const processes: string[] = summary
    ? [...processOrder.filter((p) => p in summary.processes), ...Object.keys(summary.columns).filter((p) => p in summary.processes)]
    : [];
  const countsOf = (row: SupervisionSummary['counties'][number], p: string): Counts =>
    isProcessKey(p) ? row[p] : (row.registered[p] ?? { open: 0, breached: 0 });
  return (
    <section aria-labelledby="sup-title">
      <h1 id="sup-title" tabIndex={-1}>
        督办统计
      </h1>
      <p>
        <button type="button" onClick={() => void load()}>
          刷新
        </button>
        {summary && <span className="small">　统计时间：{formatInstant(summary.asOf)}　标红的格子为有超期（或逾期）的办件</span>}
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {summary && (
        <table className="grid supervision">
          <caption className="sr-only">各辖区各类办件的在办与超期数</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>
                辖区
              </th>
              {processes.map((p) => (
                <th key={p} scope="colgroup" colSpan={columnsOf(p, summary).length}>
                  {summary.processes[p]}
                </th>
              ))}
            </tr>
            <tr>
              {processes.flatMap((p) =>
                columnsOf(p, summary).map((c) => (
                  <th key={`${p}-${c.key}`} scope="col" className="num">
                    {c.label}
                  </th>
                )),
              )}
            </tr>
          </thead>
          <tbody>
            {summary.counties.map((row) => (
              <tr key={row.county} data-county={row.county}>
                <th scope="row">{jurisdictionNames[row.county]}</th>
                {processes.flatMap((p) =>
                  columnsOf(p, summary).map((c) => {
                    const n = countsOf(row, p)[c.key] ?? 0;
                    const alarm = c.key !== 'open' && n > 0;
                    return (
                      <td
                        key={`${p}-${c.key}`}
                        className={alarm ? 'num breached' : 'num'}
                        title={alarm ? `${jurisdictionNames[row.county]}·${summary.processes[p]}：${c.label} ${n} 件` : undefined}
                      >
                        {/* each number opens the cases behind it (the four processes with a drill-down page) */}
                        {isProcessKey(p) ? (
                          <a
                            href={drillUrl(p, row.county, c.key)}
                            aria-label={`${jurisdictionNames[row.county]}·${summary.processes[p]}·${c.label} ${n} 件`}
                          >
                            {n}
                          </a>
                        ) : (
                          n
                        )}
                      </td>
                    );
                  }),
                )}
              </tr>
            ))}
            {!summary.counties.length && (
              <tr>
                <td colSpan={1 + processes.reduce((s, p) => s + columnsOf(p, summary).length, 0)} className="empty">
                  无可查看的辖区
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      <Notices user={user} embedded />
    </section>
  );
}
