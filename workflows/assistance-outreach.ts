/**
 * The year-end outreach tick (001 §22), started by the `assistance-outreach-january` Schedule every
 * day of January (after the year's end, so late-completed reimbursements of December are caught;
 * each person is told once): lists and notifies the recipients of the year before, delivers the
 * notices, and tells each agency's counter clerks how many are waiting to apply.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type * as activities from '../activities';
import { shanghaiDate } from '../domain/dates';
import { startNoticeDelivery } from './notice-delivery';

const { runYearEndOutreach, notify } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

export async function assistanceYearEndTick(input: { year?: number } = {}): Promise<{ year: number; notified: number }> {
  const year = input.year ?? Number(shanghaiDate(Date.now()).slice(0, 4)) - 1;
  const results = await runYearEndOutreach({ year });
  for (const r of results) {
    for (const notice of r.notices) await startNoticeDelivery(notice);
    if (r.notified > 0) {
      await notify({
        sourceKey: `assistance-outreach:${r.agency}:${year}:${workflowInfo().runId}`,
        caseId: `assistance-outreach:${r.agency}:${year}`,
        kind: 'assistance_outreach',
        to: { role: 'window_clerk', jurisdiction: r.agency },
        message: `${year}年度有 ${r.notified} 名收入型医疗救助对象的医疗费用未经“一站式”结算，已通知其申请医疗救助待遇，请跟进（001 §22）。`,
      });
    }
  }
  return { year, notified: results.reduce((s, r) => s + r.notified, 0) };
}
