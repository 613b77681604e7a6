/**
 * Configuration from environment variables, validated with zod at start-up. A bad value stops
 * start-up with one line naming the variable. Unset Temporal address / database URL mean "embedded":
 * `make start` and `make test` then run their own servers (scripts/start.ts, scripts/test.ts).
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const optionalFile = z
  .string()
  .min(1)
  .optional()
  .refine((p) => {
    if (!p) return true;
    try {
      readFileSync(p);
      return true;
    } catch {
      return false;
    }
  }, 'file not readable');

const envSchema = z
  .object({
    TEMPORAL_ADDRESS: z
      .string()
      .regex(/^[\w.-]+:\d+$/, 'expected host:port')
      .optional(),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('medical-insurance'),
    /** mTLS client certificate and key (self-hosted cluster or Temporal Cloud) */
    TEMPORAL_TLS_CERT: optionalFile,
    TEMPORAL_TLS_KEY: optionalFile,
    /** CA bundle when the server's certificate is not from a public CA */
    TEMPORAL_TLS_CA: optionalFile,
    TEMPORAL_TLS_SERVER_NAME: z.string().optional(),
    /** Temporal Cloud API key (implies TLS) */
    TEMPORAL_API_KEY: z.string().min(1).optional(),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected postgresql://…')
      .optional(),
    HTTP_HOST: z.string().default('127.0.0.1'),
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    /** HS256 shared secret for tokens (the embedded default generates one under .data/) */
    AUTH_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    /** JWKS URL of a real identity provider (RS256/ES256); replaces AUTH_JWT_SECRET */
    AUTH_JWKS_URL: z.url().optional(),
    AUTH_ISSUER: z.string().min(1).default('jiangmen-medical-insurance'),
    AUTH_AUDIENCE: z.string().min(1).default('jiangmen-medical-insurance'),
    /** log-in attempts per minute from one address (POST /auth/token), beyond which 429 */
    AUTH_LOGIN_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
    /** ports of the embedded servers that `make start` runs when the two URLs above are unset */
    TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
    TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
    EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
    /** where `make start` keeps the embedded servers' data, the token secret and pid files */
    DATA_DIR: z.string().min(1).default('.data'),
    /** notices by email: an SMTP server URL (smtp://user:pass@host:587); unset → .eml files under NOTICE_MAIL_DIR */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'expected smtp://… or smtps://…')
      .optional(),
    NOTICE_FROM: z.string().min(3).default('江门市医疗保障局 <notice@localhost>'),
    NOTICE_MAIL_DIR: z.string().min(1).default('.data/mail'),
    /** notices by signed webhook (SMS gateway, WeChat mini-program integration) */
    NOTICE_WEBHOOK_URL: z.url().optional(),
    NOTICE_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * The gateway's quota: deliveries per second on a channel, for all workers together (Temporal's
     * task-queue rate limit, README "Notice bursts"); unset → no limit on that channel.
     */
    NOTICE_WEBHOOK_PER_SECOND: z.coerce.number().positive().max(10_000).optional(),
    NOTICE_EMAIL_PER_SECOND: z.coerce.number().positive().max(10_000).optional(),
    /** how long an API request retries an unreachable Temporal before it answers 503 (issue 13 §14: within 5 s) */
    API_TEMPORAL_RETRY_MS: z.coerce.number().int().min(0).max(60_000).default(3_500),
    /** the most one API request waits on Temporal in all (a server that takes connections but does not answer) */
    API_TEMPORAL_DEADLINE_MS: z.coerce.number().int().min(500).max(300_000).default(30_000),
    /** PostgreSQL connections per process (the API's and the worker's pools are separate) */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    /**
     * Worker settings (README "Workers"), sized by default for 2 cores / 24 GiB: workflows kept in the
     * sticky cache, one shared V8 context for all of them, and how many workflow and activity tasks
     * run at once (activities mostly wait on PostgreSQL, so about 2× the pool).
     */
    WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(2000),
    WORKER_REUSE_V8_CONTEXT: z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
    WORKER_MAX_CONCURRENT_WORKFLOW_TASKS: z.coerce.number().int().min(2).default(40),
    WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(20),
    /** on shutdown, how long in-flight activities may run on before they are cancelled (ms) */
    WORKER_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(10_000),
    /** `npm run worker`: where its /healthz, /readyz and /metrics listen (on HTTP_HOST) */
    WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
    /** OpenTelemetry tracing through Temporal's interceptors (platform/tracing.ts); spans by OTLP/HTTP */
    OTEL_TRACING: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    /** host:port where the Temporal SDK runtime serves Prometheus metrics (worker processes); /metrics passes them on */
    TEMPORAL_METRICS_BIND: z
      .string()
      .regex(/^[\w.-]+:\d+$/, 'expected host:port')
      .optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .refine((e) => !e.NOTICE_WEBHOOK_URL || e.NOTICE_WEBHOOK_SECRET, {
    message: 'required when NOTICE_WEBHOOK_URL is set',
    path: ['NOTICE_WEBHOOK_SECRET'],
  })
  .refine((e) => !(e.TEMPORAL_TLS_CERT && !e.TEMPORAL_TLS_KEY) && !(e.TEMPORAL_TLS_KEY && !e.TEMPORAL_TLS_CERT), {
    message: 'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together',
    path: ['TEMPORAL_TLS_KEY'],
  });

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`configuration error: ${issue.path.join('.') || 'environment'}: ${issue.message}`);
  }
  return parsed.data;
}
