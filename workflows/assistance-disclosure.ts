/**
 * The objection period of a published disclosure (001 §25; 附件2 "公示期为三个月"): a durable timer
 * to the end of its last day (Asia/Shanghai), then the period is closed on the record and the
 * agency's clerks are told of the objections still unanswered. Objections themselves are recorded
 * and answered over the API while the period runs.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type * as activities from '../activities';
import { endOfShanghaiDay } from '../domain/dates';
import type { Jurisdiction } from '../domain/people';

export interface DisclosureObjectionPeriodInput {
  disclosureId: string;
  agency: Jurisdiction;
  objectionUntil: string;
}

export const disclosureWorkflowId = (disclosureId: string) => `assistance-disclosure:${disclosureId}`;

const { closeObjectionPeriod } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});
const { notify } = proxyActivities<activities.Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '10 minutes' },
});

export async function disclosureObjectionPeriod(input: DisclosureObjectionPeriodInput): Promise<{ unanswered: number }> {
  const endsAt = endOfShanghaiDay(input.objectionUntil);
  if (endsAt > Date.now()) await sleep(endsAt - Date.now());
  const { unanswered } = await closeObjectionPeriod({ disclosureId: input.disclosureId });
  if (unanswered > 0) {
    await notify({
      sourceKey: `${disclosureWorkflowId(input.disclosureId)}:closed`,
      caseId: disclosureWorkflowId(input.disclosureId),
      kind: 'disclosure_objections_open',
      to: { role: 'reviewer', jurisdiction: input.agency },
      message: `医疗救助公示（${input.disclosureId}）公示期已于 ${input.objectionUntil} 届满，尚有 ${unanswered} 条异议未答复（001 §25）。`,
    });
  }
  return { unanswered };
}
