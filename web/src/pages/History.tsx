/** The audit history of a record (who, role, office, action, reason, note), oldest first. */
import type { HistoryEvent } from '../api';
import { formatInstant, historyActionName, jurisdictionNames, roleNames } from '../format';

export function History({ events, names = {} }: { events: HistoryEvent[]; names?: Record<string, string> }) {
  return (
    <>
      <h2>办理记录</h2>
      <table className="grid">
        <caption className="sr-only">办理记录（按时间先后）</caption>
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">办理人</th>
            <th scope="col">角色</th>
            <th scope="col">经办机构</th>
            <th scope="col">操作</th>
            <th scope="col">原因</th>
            <th scope="col">备注</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq}>
              <td>{formatInstant(e.at)}</td>
              <td title={e.actor}>{e.actor === 'system' ? '系统' : (e.actorName ?? e.actor)}</td>
              <td>{(roleNames as Record<string, string>)[e.role] ?? e.role}</td>
              <td>{(jurisdictionNames as Record<string, string>)[e.office] ?? e.office}</td>
              <td>{names[e.action] ?? historyActionName(e.action)}</td>
              <td>{e.reason ?? ''}</td>
              <td>{e.note ?? ''}</td>
            </tr>
          ))}
          {!events.length && (
            <tr>
              <td colSpan={7} className="empty">
                暂无记录
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </>
  );
}

/** A refusal or a thrown value as the clerk reads it. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
