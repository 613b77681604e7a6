/** Structured JSON logs (pino). Personal ID and phone numbers are masked wherever they appear. */
import pino, { type Logger } from 'pino';
import { maskIdNumber, maskPhone } from '../domain/people';

export type { Logger };

export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({
    level,
    base: { service: 'medical-insurance' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['idNumber', '*.idNumber', '*.*.idNumber', 'applicantIdNumber', '*.applicantIdNumber',
        'phone', '*.phone', '*.*.phone', 'applicantPhone', '*.applicantPhone',
        'req.headers.authorization', 'password', '*.password'],
      censor: (value: unknown, path: string[]) => {
        if (typeof value !== 'string') return '[redacted]';
        const key = path[path.length - 1] ?? '';
        if (/idnumber/i.test(key)) return maskIdNumber(value);
        if (/phone/i.test(key)) return maskPhone(value);
        return '[redacted]';
      },
    },
  });
}
