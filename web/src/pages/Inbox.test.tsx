/** The inbox: whose work a case is, including a case sent back for correction. */
import { describe, expect, it } from 'vitest';
import type { CaseView, User } from '../api';
import { waitsOn } from './Inbox';

const user = (role: User['role']): User => ({ username: `taishan.${role}`, role, jurisdiction: 'taishan', displayName: role });
const kase = {
  status: 'open',
  pendingStep: 'review',
  correction: null,
  jurisdiction: 'taishan',
} as unknown as CaseView;

describe('waitsOn', () => {
  it('an open case waits on the role of its pending step', () => {
    expect(waitsOn(kase, user('reviewer'))).toBe(true);
    expect(waitsOn(kase, user('window_clerk'))).toBe(false);
  });

  it('a case sent back for correction waits on the applicant at the counter, not on the reviewer', () => {
    const sentBack = {
      ...kase,
      correction: {
        step: 'review',
        by: 'taishan.reviewer',
        at: '',
        missingMaterials: ['x'],
        reason: null,
        note: null,
        pausedDueDate: null,
      },
    } as CaseView;
    expect(waitsOn(sentBack, user('reviewer'))).toBe(false);
    expect(waitsOn(sentBack, user('window_clerk'))).toBe(true);
  });
});
