/** Refusing a decision inside a workflow: an ApplicationFailure whose type is the stable error code. */
import { ApplicationFailure } from '@temporalio/workflow';
import type { DomainError } from '../domain/errors';

export function refuse(error: Pick<DomainError, 'code' | 'message' | 'facts'> | null): void {
  if (error) {
    throw ApplicationFailure.create({ type: error.code, message: error.message, details: [error.facts], nonRetryable: true });
  }
}

/** The validator's answer to a request that does not parse. */
export function invalidRequest(issues: { path: PropertyKey[]; message: string }[]): never {
  throw ApplicationFailure.create({
    type: 'VALIDATION_FAILED',
    message: '办理请求格式不正确',
    nonRetryable: true,
    details: [{ issues: issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })) }],
  });
}
