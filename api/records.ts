/**
 * Any process's record by its workflow ID, for what the workbench adds beside every process
 * (comments, the task's claim, attachments): found through the registry's read model, read only by
 * those the visibility policy lets read it (404 when absent, 403 logged otherwise).
 */
import type { FastifyRequest } from 'fastify';
import type { RecordKind } from '../domain/access-policy';
import { DomainError } from '../domain/errors';
import type { Jurisdiction } from '../domain/people';
import { type ProcessDefinition, processOfWorkflowId } from '../domain/processes';
import type { RouteContext } from './app';

export interface VisibleRecord {
  id: string;
  process: ProcessDefinition;
  kind: RecordKind;
  jurisdiction: Jurisdiction;
}

const recordNotFound = (id: string) => new DomainError('RECORD_NOT_FOUND', `没有编号为 ${id} 的办件`, { id });

export async function visibleRecord(ctx: RouteContext, request: FastifyRequest, id: string): Promise<VisibleRecord> {
  const process = processOfWorkflowId(id);
  const kind = process?.tasks?.recordKind ?? process?.recordKind;
  if (!process || !kind) throw recordNotFound(id);
  const tableName = process.readModel.table.charAt(0).toUpperCase() + process.readModel.table.slice(1);
  const rows = await ctx.prisma.$queryRawUnsafe<{ jurisdiction: Jurisdiction; createdBy: string | null }[]>(
    `SELECT "${process.readModel.jurisdiction}"::text AS jurisdiction, to_jsonb(t)->>'createdBy' AS "createdBy"
       FROM "${tableName}" t WHERE t."id" = $1`,
    id,
  );
  const row = rows[0];
  if (!row) throw recordNotFound(id);
  const ref = row.createdBy
    ? await ctx.visibility.submittedRecord(request.actor!, row.jurisdiction, row.createdBy)
    : { jurisdiction: row.jurisdiction, ...(request.actor!.role === 'institution' ? { institutionCode: null } : {}) };
  await ctx.visibility.requireReadable(request, kind, ref, id);
  return { id, process, kind, jurisdiction: row.jurisdiction };
}
