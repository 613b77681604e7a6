/**
 * Every side effect of the workflows, created from their dependencies so tests hand in real parts
 * (a real PostgreSQL) without module mocking. Workflows import only the type.
 */
import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client';
import type { Config } from '../platform/config';
import { createCalendarWatchActivities } from './calendar-watch';
import { createCareEpisodeActivities } from './care-episode';
import { createFundActivities } from './fund';
import { createServiceCaseActivities } from './service-case';
import { createSpecialDiseaseActivities } from './special-disease';
import { createNoticeActivities } from './notices';
import { createChangeBroadcastActivities } from './change-broadcast';
import { withPermanentFailures } from './permanent-failures';
import { createRecordEventActivities } from './record-event';
import { createRemoteCareActivities } from './remote-care';
import { createSubsidisedEnrolmentActivities } from './subsidised-enrolment';
import { createAssistanceOutreachActivities } from './assistance-outreach';
import { createReimbursementActivities } from './reimbursement';

export interface ActivityDeps {
  prisma: PrismaClient;
  logger: Logger;
  /** the service configuration (notice channels); defaults when absent (tests) */
  config?: Config;
}

export function createActivities(deps: ActivityDeps) {
  return withPermanentFailures({
    ...createServiceCaseActivities(deps),
    ...createCareEpisodeActivities(deps),
    ...createFundActivities(deps),
    ...createSpecialDiseaseActivities(deps),
    ...createNoticeActivities(deps),
    ...createChangeBroadcastActivities(deps),
    ...createCalendarWatchActivities(deps),
    ...createRecordEventActivities(deps),
    ...createRemoteCareActivities(deps),
    ...createSubsidisedEnrolmentActivities(deps),
    ...createAssistanceOutreachActivities(deps),
    ...createReimbursementActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
