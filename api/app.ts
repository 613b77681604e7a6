/**
 * The HTTP API (Fastify + zod, OpenAPI at /docs). Every route but health, docs and log-in needs a
 * bearer token; routes check role and jurisdiction and log refused attempts.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { constants as zlibConstants } from 'node:zlib';
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { DomainError } from '../domain/errors';
import { processes } from '../domain/processes';
import { findForbiddenText } from '../domain/primitives';
import { type Actor, type Role, maskIdNumbersIn } from '../domain/people';
import type { PrismaClient } from '../generated/prisma/client';
import type { Authenticator } from './auth';
import { registerTemporalDeadline } from './dependencies';
import { registerMetrics } from './metrics';
import { registerErrorHandler } from './errors';
import { authRoutes } from './routes/auth';
import { userRoutes } from './routes/users';
import { calendarRoutes } from './routes/calendar';
import { careRoutes } from './routes/care';
import { catalogueRoutes } from './routes/catalogue';
import { fundRoutes } from './routes/fund';
import { caseRoutes } from './routes/cases';
import { caseDocumentRoutes } from './routes/case-documents';
import { taskRoutes } from './routes/tasks';
import { peopleRoutes } from './routes/people';
import { attachmentRoutes } from './routes/attachments';
import { healthRoutes } from './routes/health';
import { ledgerRoutes } from './routes/ledger';
import { policyRoutes } from './routes/policies';
import { specialDiseaseRoutes } from './routes/special-disease';
import { supervisionRoutes } from './routes/supervision';
import { noticeRoutes } from './routes/notices';
import { outpatientFacilityRoutes } from './routes/outpatient-facility';
import { registerResponseContract } from './responses';
import { assistanceRoutes } from './routes/assistance';
import { assistanceReportRoutes } from './routes/assistance-reports';
import { remoteCareRoutes } from './routes/remote-care';
import { reimbursementRoutes } from './routes/reimbursement';
import { inpatientVerificationRoutes } from './routes/inpatient-verification';
import { type Visibility, createVisibility } from './visibility';

export interface AppDeps {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  auth: Authenticator;
  logger: Logger;
  /** log-in attempts per minute from one address (default 30) */
  loginPerMinute?: number;
  /** how long one request may wait on Temporal before it answers 503 (api/dependencies.ts) */
  temporalDeadlineMs?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

export type App = FastifyInstance<any, any, any, FastifyBaseLogger, ZodTypeProvider>;

const publicPrefixes = ['/healthz', '/readyz', '/metrics', '/docs', '/auth/token', '/app', '/favicon.ico'];

/**
 * The content-security-policy of every answer: scripts, styles, images and requests from this
 * origin only (the workbench is built to files under /app/assets, with no inline script or style),
 * no plugins, no framing. Swagger UI at /docs brings its own, as @fastify/swagger-ui computes it.
 */
const contentSecurityPolicy = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    imgSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'"],
  },
};

/** The clerks' workbench, built by `npm --prefix web run build`; served when present. */
export const webDist = path.join(__dirname, '..', 'web', 'dist');

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    routerOptions: { maxParamLength: 200 },
    // The router's own refusals (a malformed or overlong path) in the shape of every other refusal.
    frameworkErrors: (error, _request, reply) => {
      (reply as FastifyReply)
        .status(error.statusCode ?? 400)
        .send({ code: 'BAD_REQUEST', message: '请求地址无效（含有无法识别的字符或过长）' });
    },
    // Every log line of a request about a case carries its workflow ID.
    childLoggerFactory: (logger, bindings, options, rawRequest) => {
      const url = rawRequest.url ?? '';
      const process = Object.values(processes).find((p) => url.startsWith(`${p.apiPath}/`));
      const segment = process ? url.slice(process.apiPath.length + 1).split(/[/?]/)[0] : undefined;
      const workflowId = segment ? safeDecode(segment) : undefined;
      return logger.child(workflowId ? { ...bindings, workflowId } : bindings, options);
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerResponseContract(app);
  registerStrictTextParsers(app);
  registerTemporalDeadline(app, deps.temporal, deps.temporalDeadlineMs);
  registerMetrics(app);

  await app.register(helmet, { contentSecurityPolicy });
  // Answers of 1 KB and more (the workbench's scripts and styles, long lists, CSV exports) are sent
  // compressed to clients that accept it; brotli at quality 5, as its maximum is too slow per request.
  await app.register(compress, { brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } } });

  await app.register(swagger, {
    openapi: {
      info: {
        title: '江门市医疗保障经办服务 API',
        version: '0.1.0',
        description: 'Service cases of the 39-item catalogue, holiday calendar, health.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // served over plain HTTP on the loopback (TLS, when any, ends at the bureau's proxy)
    // Swagger UI injects <style> elements, so its page (only) allows inline styles.
    transformStaticCSP: (header) =>
      header.replace(/\s*upgrade-insecure-requests;?/, '').replace(/style-src [^;]*/, "style-src 'self' 'unsafe-inline'"),
  });
  // Only routes that ask for it are limited (the log-in); the refusal is a DomainError like any other.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) =>
      new DomainError('RATE_LIMITED', `请求过于频繁，请于 ${Math.ceil(context.ttl / 1000)} 秒后再试`, {
        retryAfterSeconds: Math.ceil(context.ttl / 1000),
      }),
  });

  app.addHook('onRequest', async (request) => {
    // A path or query string whose %-escapes are not UTF-8 would reach the routes as U+FFFD.
    try {
      decodeURIComponent(request.url);
    } catch {
      throw new DomainError('VALIDATION_FAILED', '请求地址含有无效的字符编码（应为 UTF-8）', { field: 'url' });
    }
  });
  // One check for every route, before its schema: no text field anywhere may carry a NUL or
  // another control character (PostgreSQL cannot store NUL; the others no clerk types).
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['body', request.body],
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      const field = findForbiddenText(value);
      if (field === null) continue;
      const path = [part, field].filter(Boolean).join('.');
      throw new DomainError('VALIDATION_FAILED', `字段 ${path} 含有不允许的控制字符（如 NUL），请删除后重试`, {
        issues: [{ path, message: '含有不允许的控制字符' }],
      });
    }
  });

  app.addHook('onRequest', async (request) => {
    if (publicPrefixes.some((p) => request.url === p || request.url.startsWith(`${p}/`) || request.url.startsWith(`${p}?`))) return;
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw new DomainError('UNAUTHENTICATED', '请先登录（缺少 Bearer 令牌）');
    request.actor = await deps.auth.verify(header.slice('Bearer '.length).trim());
  });

  const ctx: RouteContext = {
    ...deps,
    requireRole: requireRole(deps),
    logDenied: logDenied(deps),
    visibility: createVisibility(deps.prisma, logDenied(deps)),
  };
  await app.register(healthRoutes(ctx));
  await app.register(authRoutes(ctx));
  await app.register(userRoutes(ctx));
  await app.register(catalogueRoutes(ctx));
  await app.register(caseRoutes(ctx));
  await app.register(caseDocumentRoutes(ctx));
  await app.register(taskRoutes(ctx));
  await app.register(peopleRoutes(ctx));
  await app.register(attachmentRoutes(ctx));
  await app.register(calendarRoutes(ctx));
  await app.register(careRoutes(ctx));
  await app.register(policyRoutes(ctx));
  await app.register(fundRoutes(ctx));
  await app.register(ledgerRoutes(ctx));
  await app.register(noticeRoutes(ctx));
  await app.register(specialDiseaseRoutes(ctx));
  await app.register(outpatientFacilityRoutes(ctx));
  await app.register(remoteCareRoutes(ctx));
  await app.register(assistanceRoutes(ctx));
  await app.register(reimbursementRoutes(ctx));
  await app.register(assistanceReportRoutes(ctx));
  await app.register(inpatientVerificationRoutes(ctx));
  await app.register(supervisionRoutes(ctx));
  // Browsers ask for it unprompted; there is no icon, and no token is needed to hear so.
  app.get('/favicon.ico', { schema: { hide: true } }, (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').status(204).send(),
  );
  if (existsSync(path.join(webDist, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDist, prefix: '/app/', decorateReply: true });
    app.get('/app', { schema: { hide: true } }, (_request, reply) => reply.redirect('/app/'));
  }
  return app;
}

/**
 * JSON (and plain text) bodies are decoded as strict UTF-8: a body that is not valid UTF-8 is
 * refused with 400 instead of being stored with U+FFFD in place of what the sender meant.
 * Parsing itself is Fastify's own (prototype-poisoning protection included).
 */
function registerStrictTextParsers(app: App): void {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const json = app.getDefaultJsonParser('error', 'error');
  const decode = (body: Buffer): string | DomainError => {
    try {
      return utf8.decode(body);
    } catch {
      return new DomainError('VALIDATION_FAILED', '请求内容不是有效的 UTF-8 编码文本，请以 UTF-8 编码重新提交', { field: 'body' });
    }
  };
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const text = decode(body as Buffer);
    if (typeof text !== 'string') return done(text, undefined);
    return json(request, text, done);
  });
  app.addContentTypeParser('text/plain', { parseAs: 'buffer' }, (_request, body, done) => {
    const text = decode(body as Buffer);
    if (typeof text !== 'string') return done(text, undefined);
    return done(null, text);
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export type RouteContext = AppDeps & {
  requireRole: (request: FastifyRequest, roles: readonly Role[], what: string) => Promise<Actor>;
  /** the one visibility policy (domain/access-policy.ts) at the edge */
  visibility: Visibility;
  logDenied: (request: FastifyRequest, error: DomainError, target?: string) => Promise<void>;
};

/** The authenticated actor, refused (403, logged) unless they hold one of `roles`. */
function requireRole(deps: AppDeps) {
  return async (request: FastifyRequest, roles: readonly Role[], what: string): Promise<Actor> => {
    const actor = request.actor!;
    if (!roles.includes(actor.role)) {
      const error = new DomainError('ROLE_NOT_ALLOWED', `您的角色不能${what}`, { requiredRoles: roles, role: actor.role });
      await logDenied(deps)(request, error);
      throw error;
    }
    return actor;
  };
}

/** Records a refused attempt (who tried what) in the security log and the service log. */
function logDenied(deps: AppDeps) {
  return async (request: FastifyRequest, error: DomainError, target?: string): Promise<void> => {
    const actor = request.actor;
    request.log.warn(
      { actor: actor?.username, role: actor?.role, office: actor?.jurisdiction, code: error.code, target, workflowId: target },
      'access denied',
    );
    await deps.prisma.securityEvent.create({
      data: {
        actor: actor?.username ?? 'anonymous',
        actorRole: actor?.role ?? '',
        office: actor?.jurisdiction ?? '',
        method: request.method,
        path: maskIdNumbersIn(request.url),
        code: error.code,
        target: target ?? null,
      },
    });
  };
}
