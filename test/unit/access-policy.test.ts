/**
 * The visibility-and-masking policy (domain/access-policy.ts) row by row, and the log masking of
 * ID numbers wherever they appear in a log line (platform/logger.ts).
 */
import { Writable } from 'node:stream';
import { mayRead, readScope, showsFullIdNumber } from '../../domain/access-policy';
import { type Actor, jurisdictions, maskIdNumbersIn } from '../../domain/people';
import { createLogger } from '../../platform/logger';

const actor = (role: Actor['role'], jurisdiction: Actor['jurisdiction'], institutionCode?: string): Actor => ({
  username: `${jurisdiction}.${role}`,
  role,
  jurisdiction,
  ...(institutionCode ? { institutionCode } : {}),
});

test('municipal oversight is the supervisors and the administrator; municipal clerks and institutions see 市本级 only', () => {
  expect(readScope(actor('supervisor', 'municipal'), 'certification')?.jurisdictions).toEqual(jurisdictions);
  expect(readScope(actor('admin', 'municipal'), 'care_episode')?.jurisdictions).toEqual(jurisdictions);
  expect(readScope(actor('window_clerk', 'municipal'), 'certification')).toEqual({ jurisdictions: ['municipal'] });
  expect(readScope(actor('institution', 'municipal', 'H44070001'), 'care_episode')).toEqual({
    jurisdictions: ['municipal'],
    institutionCode: 'H44070001',
  });
  expect(readScope(actor('supervisor', 'taishan'), 'certification')?.jurisdictions).toEqual(['taishan']);
});

test('institutions read their own institution only, and no fund requests, books, notices or contacts', () => {
  const hospital = actor('institution', 'taishan', 'H44078101');
  expect(mayRead(hospital, 'certification', { jurisdiction: 'taishan', institutionCode: 'H44078101' })).toBe(true);
  expect(mayRead(hospital, 'certification', { jurisdiction: 'taishan', institutionCode: 'H44078111' })).toBe(false);
  // A certification is held by the insured place (000 §16–§17): its own institution reads it in any county.
  expect(mayRead(hospital, 'certification', { jurisdiction: 'kaiping', institutionCode: 'H44078101' })).toBe(true);
  expect(mayRead(hospital, 'certification', { jurisdiction: 'kaiping', institutionCode: 'H44078301' })).toBe(false);
  expect(mayRead(hospital, 'service_case', { jurisdiction: 'taishan', institutionCode: null })).toBe(false);
  for (const kind of ['fund_request', 'ledger', 'notice', 'person_contact'] as const) expect(readScope(hospital, kind)).toBeNull();
  // An institution user without an institution code is no institution.
  expect(readScope(actor('institution', 'taishan'), 'certification')).toBeNull();
});

test('fund requests: the agency finance officer and the finance department; not clerks', () => {
  expect(mayRead(actor('finance', 'taishan'), 'fund_request', { jurisdiction: 'taishan' })).toBe(true);
  expect(mayRead(actor('fiscal', 'taishan'), 'fund_request', { jurisdiction: 'taishan' })).toBe(true);
  expect(mayRead(actor('fiscal', 'municipal'), 'fund_request', { jurisdiction: 'taishan' })).toBe(false);
  expect(readScope(actor('window_clerk', 'taishan'), 'fund_request')).toBeNull();
});

test('a full ID number only on a detail page, only to the counter clerk and the submitting institution', () => {
  const record = { jurisdiction: 'taishan' as const, institutionCode: 'H44078101' };
  expect(showsFullIdNumber(actor('window_clerk', 'taishan'), 'certification', record, 'detail')).toBe(true);
  expect(showsFullIdNumber(actor('window_clerk', 'taishan'), 'certification', record, 'list')).toBe(false);
  expect(showsFullIdNumber(actor('institution', 'taishan', 'H44078101'), 'certification', record, 'detail')).toBe(true);
  expect(showsFullIdNumber(actor('institution', 'taishan', 'H44078111'), 'certification', record, 'detail')).toBe(false);
  expect(showsFullIdNumber(actor('reviewer', 'taishan'), 'certification', record, 'detail')).toBe(false);
  expect(showsFullIdNumber(actor('supervisor', 'municipal'), 'certification', record, 'detail')).toBe(false);
});

test('ID numbers are masked in every part of a log line: URL, message, nested fields, errors', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  const log = createLogger('info', sink);
  const id = '44078119600101123X';
  log.info({ req: { method: 'POST', url: `/persons/${id}/contact?idNumber=${id}` } }, 'incoming request');
  log.info({ detail: { text: `person ${id}` }, list: [id] }, `about ${id}`);
  log.error({ err: new Error(`refused ${id}`) }, 'failed');
  log.child({ workflowId: 'x' }).warn(`child ${id}`);
  expect(lines).toHaveLength(4);
  for (const line of lines) {
    expect(line).not.toContain(id);
    expect(line).toContain('440781********123X');
  }
  expect(maskIdNumbersIn(`a${id}b 4407811960010112345`)).toBe('a440781********123Xb 4407811960010112345');
});
