/**
 * One error shape for every refusal: `{ code, message, facts?, issues? }` with the HTTP status of
 * the code (domain/errors.ts). Validation errors list the field paths; workflow Update refusals
 * arrive as ApplicationFailures whose type is the code.
 */
import { ApplicationFailure } from '@temporalio/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError, errorStatus, isErrorCode } from '../domain/errors';

export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  facts: z.record(z.string(), z.unknown()).optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/** Turns a refused workflow Update into the DomainError it carries. */
export function fromUpdateFailure(e: unknown): DomainError | null {
  if (!(e instanceof WorkflowUpdateFailedError)) return null;
  const cause = e.cause;
  if (cause instanceof ApplicationFailure && isErrorCode(cause.type)) {
    const facts = (cause.details?.[0] ?? {}) as Record<string, unknown>;
    return new DomainError(cause.type, cause.message, facts);
  }
  return null;
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      return reply.status(400).send({
        code: 'VALIDATION_FAILED',
        message: '请求内容不符合要求，请检查标出的字段',
        issues: error.validation.map((v) => ({
          path: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
          message: v.message ?? '',
        })),
      });
    }
    if (error instanceof DomainError) {
      const { issues, ...facts } = error.facts as { issues?: unknown };
      return reply.status(errorStatus[error.code]).send({
        code: error.code, message: error.message,
        ...(Object.keys(facts).length ? { facts } : {}),
        ...(issues ? { issues } : {}),
      });
    }
    if ((error as FastifyError).statusCode && (error as FastifyError).statusCode! < 500) {
      return reply.status((error as FastifyError).statusCode!).send({ code: 'BAD_REQUEST', message: error.message });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ code: 'INTERNAL_ERROR', message: '系统内部错误，请稍后重试或联系管理员' });
  });
  app.setNotFoundHandler((request, reply) => {
    // The workbench routes on the client: an unknown /app/… path gets its index.html (when it is served).
    const sendFile = (reply as unknown as { sendFile?: (file: string) => unknown }).sendFile;
    if (request.url.startsWith('/app/') && typeof sendFile === 'function') return sendFile.call(reply, 'index.html');
    return reply.status(404).send({ code: 'NOT_FOUND', message: `没有 ${request.method} ${request.url} 这个接口` });
  });
}
