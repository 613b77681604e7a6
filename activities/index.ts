/**
 * Every side effect of the workflows, created from their dependencies so tests hand in real parts
 * (a real PostgreSQL) without module mocking. Workflows import only the type.
 */
import type { Logger } from 'pino';
import type { PrismaClient } from '../generated/prisma/client';
import { createCareEpisodeActivities } from './care-episode';
import { createFundActivities } from './fund';
import { createServiceCaseActivities } from './service-case';

export function createActivities(deps: { prisma: PrismaClient; logger: Logger }) {
  return {
    ...createServiceCaseActivities(deps),
    ...createCareEpisodeActivities(deps),
    ...createFundActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
