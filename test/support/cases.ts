/** Opens a service case straight on a Temporal client (workflow tests, no API). */
import type { Client } from '@temporalio/client';
import type { CatalogueItemSeed } from '../../domain/catalogue-data';
import type { Actor } from '../../domain/people';
import { serviceCaseId, serviceItemRef } from '../../domain/service-case';
import { openedUpdate, serviceCase } from '../../workflows/service-case';
import { applicationNo } from './env';

export async function openServiceCase(
  client: Client,
  taskQueue: string,
  item: CatalogueItemSeed,
  creator: Actor,
  channel: 'counter' | 'online' = 'counter',
) {
  const appNo = applicationNo('WF');
  const caseId = serviceCaseId(item.code, appNo);
  const handle = await client.workflow.start(serviceCase, {
    workflowId: caseId,
    taskQueue,
    args: [
      {
        caseId,
        applicationNo: appNo,
        item: serviceItemRef(item, channel),
        jurisdiction: creator.jurisdiction,
        channel,
        applicant: { name: '张三', idNumber: '440781196001011234' },
        createdBy: creator,
      },
    ],
  });
  await handle.executeUpdate(openedUpdate);
  return { handle, caseId };
}
