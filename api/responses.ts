/**
 * Response schemas: every route declares the zod schema of its success replies, and gets the error
 * replies of every status a refusal can carry (`{ code, message, facts?, issues? }`, domain/errors.ts)
 * from one hook here. The serializer then sends only declared fields (an undeclared one is
 * stripped), /docs documents every reply with the codes of each status, and a route registered
 * without a success schema stops start-up (so no route can slip past the contract).
 */
import type { FastifyInstance, RouteOptions } from 'fastify';
import { errorStatus } from '../domain/errors';
import { errorBodySchema } from './errors';

/** The shared view shapes live with the domain (the workbench derives its types from them). */
export { historyEventSchema, pageOf } from '../domain/views/common';

/** The codes each status carries, for the documentation of every route's error replies. */
function codesOf(status: number): string[] {
  const codes = Object.entries(errorStatus)
    .filter(([, s]) => s === status)
    .map(([c]) => c);
  if (status === 400) codes.push('BAD_REQUEST');
  if (status === 500) codes.push('INTERNAL_ERROR');
  return [...new Set(codes)];
}

const errorStatuses = [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503] as const;
const errorDescriptions: Record<number, string> = {
  400: '请求不符合要求',
  401: '未登录或登录凭证无效',
  403: '角色或辖区不允许',
  404: '对象不存在',
  409: '当前状态不允许该操作',
  413: '请求过大',
  415: '不支持的内容类型',
  422: '幂等键已用于另一请求',
  429: '请求过于频繁或账号已锁定',
  500: '系统内部错误',
  503: '依赖服务（数据库或 Temporal）暂不可用',
};

export function errorResponse(status: number) {
  return errorBodySchema.describe(`${errorDescriptions[status] ?? '错误'}：${codesOf(status).join('、')}`);
}

const undocumented = (url: string) => url.startsWith('/docs') || url.startsWith('/app') || url === '/favicon.ico';

/**
 * Adds the error replies to every route and refuses a route without a declared success reply.
 * Registered before the routes (onRoute hooks apply to routes added after them).
 */
export function registerResponseContract(app: FastifyInstance): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (undocumented(route.url) || (route.schema as { hide?: boolean } | undefined)?.hide) return;
    const schema = (route.schema ??= {}) as { response?: Record<string, unknown> };
    const response = (schema.response ??= {});
    if (!Object.keys(response).some((s) => /^2/.test(s))) {
      throw new Error(`${route.method} ${route.url} declares no success response schema (api/responses.ts)`);
    }
    for (const status of errorStatuses) response[status] ??= errorResponse(status);
  });
}
