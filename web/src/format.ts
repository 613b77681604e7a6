/** Display helpers: Shanghai dates (YYYY-MM-DD), yuan with two decimals, Chinese labels. */
import { shanghaiDate } from '../../domain/dates';
import { stepNames } from '../../domain/service-case';

export { jurisdictionNames, roleNames } from '../../domain/people';

/** Today in Asia/Shanghai, whatever the browser's time zone. */
export function todayShanghai(now = Date.now()): string {
  return shanghaiDate(now);
}

export function thisMonthShanghai(now = Date.now()): string {
  return shanghaiDate(now).slice(0, 7);
}

/** An instant as `YYYY-MM-DD HH:mm` in Shanghai time. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  const local = new Date(ms + 8 * 3600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** Calendar days from today (Shanghai) to the due date; negative when past. */
export function daysUntil(dueDate: string, now = Date.now()): number {
  return Math.round((Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${todayShanghai(now)}T00:00:00Z`)) / 86_400_000);
}

const yuan = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** Fen (integer) as yuan with two decimals: 123456 → "1,234.56 元". */
export function formatYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  return `${yuan.format(fen / 100)} 元`;
}

/** "1234.5" yuan → 123450 fen, exactly (no floating point); undefined when not a yuan amount. */
export function yuanToFen(text: string): number | undefined {
  const m = /^\s*(\d{1,13})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function stepName(step: string | null | undefined): string {
  if (!step) return '—';
  return (stepNames as Record<string, string>)[step] ?? step;
}

/** Audit actions as the history shows them. */
const historyActionNames: Record<string, string> = {
  applied: '申请',
  completed_on_creation: '即时办结',
  accept: '受理',
  review: '审核',
  disburse: '拨付',
  complete: '办结',
  reject: '退回/不予受理',
  withdraw: '撤回',
  deadline_reminder: '时限提醒',
  deadline_breached: '超期',
  deadline_recomputed: '重新计算时限',
  refused_on_creation: '当场不予受理',
  // beside the workflow (issue 18): the task's holder, comments, attachments
  claim: '认领',
  release: '退回认领',
  assign: '指派',
  reassign: '改派',
  comment: '意见',
  attachment: '上传附件',
  request_correction: '退回补正',
  resubmit: '补正后重新提交',
};
export function historyActionName(action: string): string {
  return historyActionNames[action] ?? action;
}

export const channelNames: Record<string, string> = { counter: '窗口', online: '网上', email: '电子邮件', webhook: '短信/微信' };
