/**
 * Structured JSON logs (pino). Personal ID and phone numbers are masked wherever they appear: by
 * field name (redact), and an 18-character ID number anywhere in a text — a request URL, an error
 * message, the log message itself (001 §26 confidentiality).
 */
import pino, { type Logger } from 'pino';
import { maskIdNumber, maskIdNumbersIn, maskPhone } from '../domain/people';

export type { Logger };

/** Plain objects and arrays only (not requests, errors or buffers, which have serializers), a few levels deep. */
function maskDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskIdNumbersIn(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, depth + 1));
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskDeep(v, depth + 1);
  return out;
}

/** The request as Fastify logs it, with any ID number in its URL masked. */
function requestSerializer(req: { method?: string; url?: string; host?: string; ip?: string; socket?: { remotePort?: number } }) {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : maskIdNumbersIn(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

function errorSerializer(err: Error) {
  const s = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  return maskDeep({ ...s });
}

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'medical-insurance' },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { req: requestSerializer, err: errorSerializer },
    formatters: { log: (object) => maskDeep(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? maskIdNumbersIn(a) : a)) as Parameters<typeof method>);
      },
    },
    redact: {
      paths: [
        'idNumber',
        '*.idNumber',
        '*.*.idNumber',
        'applicantIdNumber',
        '*.applicantIdNumber',
        'phone',
        '*.phone',
        '*.*.phone',
        'applicantPhone',
        '*.applicantPhone',
        'req.headers.authorization',
        'password',
        '*.password',
      ],
      censor: (value: unknown, path: string[]) => {
        if (typeof value !== 'string') return '[redacted]';
        const key = path[path.length - 1] ?? '';
        if (/idnumber/i.test(key)) return maskIdNumber(value);
        if (/phone/i.test(key)) return maskPhone(value);
        return '[redacted]';
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}
