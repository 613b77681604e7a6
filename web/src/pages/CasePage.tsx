/** One service case: its data, current step, deadline, full history and the decision form. */
import { useCallback, useEffect, useState } from 'react';
import { ApiError, api, type CaseDetail, type User } from '../api';
import { channelNames, daysUntil, formatInstant, formatYuan, historyActionName, jurisdictionNames, roleNames, stepName } from '../format';
import { type SkippedDay, skippedDays } from '../deadline';
import { ActionForm } from './ActionForm';
import { CaseTools } from './CaseTools';

export function CasePage({ id, user }: { id: string; user: User }) {
  const [kase, setKase] = useState<CaseDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [skipped, setSkipped] = useState<SkippedDay[] | null>(null);

  const load = useCallback(async () => {
    try {
      setKase(await api.getCase(id));
      setError(null);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
  // The non-working days the deadline skipped, from the holiday calendar of the years it spans.
  const receivedOn = kase?.deadline?.countedFrom ?? kase?.acceptedOn;
  const dueDate = kase?.deadline?.dueDate;
  useEffect(() => {
    if (!receivedOn || !dueDate) return;
    const years = [...new Set([Number(receivedOn.slice(0, 4)), Number(dueDate.slice(0, 4))])];
    Promise.all(years.map((y) => api.getCalendar(y).catch(() => null)))
      .then((loaded) =>
        setSkipped(
          skippedDays(
            receivedOn,
            dueDate,
            loaded.filter((c) => c !== null),
          ),
        ),
      )
      .catch(() => setSkipped(null));
  }, [receivedOn, dueDate]);

  if (error) {
    return (
      <section aria-labelledby="case-title">
        <h1 id="case-title" tabIndex={-1}>
          案件
        </h1>
        <p role="alert" className="error">
          {error}
        </p>
        <p>
          <a href="#/">返回待办</a>
        </p>
      </section>
    );
  }
  if (!kase) return <p role="status">正在加载案件…</p>;

  const d = kase.deadline;
  return (
    <section aria-labelledby="case-title" className="case-page">
      <p>
        <a href="#/">← 返回待办</a>
      </p>
      <h1 id="case-title" tabIndex={-1}>
        {kase.item?.name ?? kase.itemCode}　{kase.applicationNo}
      </h1>
      <div className="columns">
        <div>
          <h2>案件信息</h2>
          <dl className="facts">
            <dt>案件编号</dt>
            <dd className="mono">{kase.id}</dd>
            <dt>事项编码</dt>
            <dd>{kase.itemCode}</dd>
            <dt>经办辖区</dt>
            <dd>{jurisdictionNames[kase.jurisdiction]}</dd>
            <dt>渠道</dt>
            <dd>{channelNames[kase.channel] ?? kase.channel}</dd>
            <dt>申请人</dt>
            <dd>{kase.applicant.name}</dd>
            <dt>身份证号码</dt>
            <dd className="mono">{kase.applicant.idNumber}</dd>
            {kase.applicant.phone && (
              <>
                <dt>手机号码</dt>
                <dd className="mono">{kase.applicant.phone}</dd>
              </>
            )}
            <dt>状态</dt>
            <dd>{kase.statusName}</dd>
            <dt>当前环节</dt>
            <dd>
              <strong>{kase.pendingStep ? `待${stepName(kase.pendingStep)}` : '无'}</strong>
            </dd>
            <dt>承办人</dt>
            <dd>{kase.assignee ? (kase.assigneeName ?? kase.assignee) : '—'}</dd>
            <dt>申请时间</dt>
            <dd>{formatInstant(kase.appliedAt)}</dd>
            {kase.disbursedFen !== null && (
              <>
                <dt>拨付金额</dt>
                <dd>{formatYuan(kase.disbursedFen)}</dd>
              </>
            )}
            {kase.rejection && (
              <>
                <dt>退回原因</dt>
                <dd>
                  {kase.rejection.reason}
                  {kase.rejection.returnedMaterials.length ? `（退回材料：${kase.rejection.returnedMaterials.join('、')}）` : ''}
                </dd>
              </>
            )}
            {kase.rejection?.note && (
              <>
                <dt>退回备注</dt>
                <dd>{kase.rejection.note}</dd>
              </>
            )}
          </dl>
          {kase.correction && (
            <div className="callout" role="note" aria-label="退回补正">
              <h3>已退回补正，待申请人补正后重新提交</h3>
              <p>需补正的材料（一次性告知）：{kase.correction.missingMaterials.join('、')}</p>
              {kase.correction.reason && <p>原因：{kase.correction.reason}</p>}
              <p>
                {stepName(kase.correction.step)}环节 {formatInstant(kase.correction.at)} 退回；办理时限暂停
                {kase.correction.pausedDueDate ? `（原办结期限 ${kase.correction.pausedDueDate}，补正后按剩余工作日重新计算）` : ''}
              </p>
            </div>
          )}
          <h2>各环节经办人</h2>
          <table className="grid steps">
            <caption className="sr-only">各环节由谁办理</caption>
            <thead>
              <tr>
                <th scope="col">环节</th>
                <th scope="col">经办人</th>
                <th scope="col">时间</th>
                <th scope="col">备注</th>
              </tr>
            </thead>
            <tbody>
              {kase.steps.map((st, i) => (
                <tr key={`${st.step}-${i}`}>
                  <td>{stepName(st.step)}</td>
                  <td>{st.byName ?? st.by}</td>
                  <td>{formatInstant(st.at)}</td>
                  <td>{st.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>办理时限</h2>
          <dl className="facts">
            <dt>收件日</dt>
            <dd>{d?.countedFrom ?? kase.acceptedOn ?? '尚未受理'}</dd>
            <dt>法定时限</dt>
            <dd>
              {kase.channel === 'online' && kase.item?.onlineTimeLimitDays
                ? `网上办理 ${kase.item.onlineTimeLimitDays} 个工作日（自收件日起算）`
                : kase.item?.timeLimitKind === 'workingDays'
                  ? `${kase.item.timeLimitDays} 个工作日`
                  : kase.item?.timeLimitKind === 'immediate'
                    ? '即时办结'
                    : '无法定时限'}
            </dd>
            <dt>办结期限</dt>
            <dd>
              {d ? (
                <>
                  {d.dueDate}
                  {kase.status === 'open' &&
                    (d.overdue ? (
                      <span className="badge overdue">已超期</span>
                    ) : (
                      <span className="badge">剩余 {daysUntil(d.dueDate)} 天（自然日）</span>
                    ))}
                  {d.provisional && (
                    <span className="badge warn" title="该年度节假日安排尚未导入，暂按周一至周五计算">
                      暂定
                    </span>
                  )}
                </>
              ) : (
                '—'
              )}
            </dd>
            {d && receivedOn && skipped && (
              <>
                <dt>计算方法</dt>
                <dd>
                  自收件日次日起算，跳过 {skipped.length} 个非工作日
                  {skipped.length > 0 && `：${skipped.map((s) => `${s.date}（${s.why}）`).join('、')}`}
                </dd>
              </>
            )}
          </dl>
        </div>
        <div>
          {notice && (
            <p role="status" className="ok">
              {notice}
            </p>
          )}
          <ActionForm
            key={kase.version}
            kase={kase}
            user={user}
            onDone={(updated) => {
              setNotice(`已办理，案件现为「${updated.statusName}」${updated.pendingStep ? `，待${stepName(updated.pendingStep)}` : ''}`);
              void load();
            }}
          />
        </div>
      </div>
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
          {kase.history.map((e) => (
            <tr key={`${e.seq}-${e.at}-${e.action}`}>
              <td>{formatInstant(e.at)}</td>
              <td title={e.actor}>{e.actor === 'system' ? '系统' : (e.actorName ?? e.actor)}</td>
              <td>{(roleNames as Record<string, string>)[e.role] ?? e.role}</td>
              <td>{(jurisdictionNames as Record<string, string>)[e.office] ?? e.office}</td>
              <td>{historyActionName(e.action)}</td>
              <td>{e.reason ?? ''}</td>
              <td>{e.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <CaseTools id={kase.id} itemCode={kase.itemCode} user={user} onChange={() => void load()} />
    </section>
  );
}
