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
import { DomainError, type ErrorCode, errorStatus, isErrorCode } from '../domain/errors';
import { dependencyUnavailable } from '../platform/metrics';
import { unavailableDependency } from './dependencies';

const dependencyNames = { database: '数据库', temporal: '流程引擎（Temporal）' } as const;

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

/**
 * Fastify's own refusals (bad JSON, wrong content type, body too large, …) in the shape and language
 * of every other refusal; null for a server error.
 */
export function frameworkError(error: FastifyError, routeUrl?: string): { code: ErrorCode; message: string } | null {
  const status = error.statusCode;
  if (!status || status >= 500) return null;
  // An upload takes the file's own type, not JSON: say which ones.
  const unsupported = routeUrl?.endsWith('/attachments')
    ? '附件仅接受 PDF、JPEG、PNG 或 TIFF 文件，请以文件本身作为请求内容上传'
    : '不支持该请求内容类型，请以 application/json 提交';
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'UNSUPPORTED_MEDIA_TYPE', message: unsupported };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'VALIDATION_FAILED', message: '请求内容为空，但声明为 JSON' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'VALIDATION_FAILED', message: '请求内容不是有效的 JSON' };
    default:
      if (error instanceof SyntaxError) return { code: 'VALIDATION_FAILED', message: '请求内容不是有效的 JSON' };
      if (status === 413) return { code: 'PAYLOAD_TOO_LARGE', message: '请求内容过大' };
      if (status === 415) return { code: 'UNSUPPORTED_MEDIA_TYPE', message: unsupported };
      if (status === 429) return { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' };
      if (status === 404) return { code: 'NOT_FOUND', message: '没有找到请求的内容' };
      return { code: 'BAD_REQUEST', message: `请求无效（${error.code ?? status}）` };
  }
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
        code: error.code,
        message: error.message,
        ...(Object.keys(facts).length ? { facts } : {}),
        ...(issues ? { issues } : {}),
      });
    }
    const framework = frameworkError(error as FastifyError, request.routeOptions.url);
    if (framework) return reply.status(errorStatus[framework.code]).send({ code: framework.code, message: framework.message });
    const down = unavailableDependency(error);
    if (down) {
      request.log.warn({ dependency: down, err: error }, 'dependency unavailable');
      dependencyUnavailable.inc({ dependency: down });
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({
          code: 'SERVICE_UNAVAILABLE',
          facts: { dependency: down },
          message: `${dependencyNames[down]}暂时无法访问，请稍后重试（重试时请使用相同的 Idempotency-Key）`,
        });
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
