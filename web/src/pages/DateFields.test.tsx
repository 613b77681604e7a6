/**
 * The older pages' date fields are the shared DateInput (issue 18 "dates entered and shown as
 * YYYY-MM-DD whatever the browser's locale"): a text field, never the locale's date picker, that
 * shapes what the clerk types into YYYY-MM-DD.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../api';
import { json, stubFetch } from '../test-fetch';
import { RecipientQuery } from './Assistance';
import { FamilyBed } from './FamilyBed';
import { SpecialDisease } from './SpecialDisease';

const hospital: User = { username: 'taishan.hospital', role: 'institution', jurisdiction: 'taishan', displayName: '台山定点医院' };
stubFetch(async (url: string) =>
  url === '/special-disease/diseases' ? json([]) : json({ total: 0, page: 1, pageSize: 50, items: [], nextCursor: null }),
);

function typed(label: RegExp | string, text: string): HTMLInputElement {
  const input = screen.getByLabelText(label) as HTMLInputElement;
  expect(input.type).toBe('text');
  expect(input.placeholder).toBe('YYYY-MM-DD');
  fireEvent.change(input, { target: { value: text } });
  fireEvent.blur(input);
  return input;
}

describe('date fields', () => {
  it('医疗救助对象: the date question', () => {
    render(<RecipientQuery />);
    expect(typed('日期', '2026.5.1').value).toBe('2026-05-01');
  });
  it('家庭病床: the dates of the records', async () => {
    render(<FamilyBed user={hospital} />);
    await screen.findByText('暂无申请');
    expect(typed('记录1：日期', '20251201').value).toBe('2025-12-01');
  });
  it('门诊特定病种: the period start', () => {
    render(<SpecialDisease user={hospital} onCreated={() => {}} />);
    expect(typed(/^有效期起始日/, '2026年3月2日').value).toBe('2026-03-02');
  });
});
