/**
 * The intake checklist on the new-case form (issue 18 "a materials checklist at intake from the
 * catalogue's material lists"): the chosen item's materials, ticked as handed over, the missing ones
 * named; another item starts a fresh list; a refusal on the spot starts from the checklist.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { CatalogueItem, User } from '../api';
import { json, stubFetch } from '../test-fetch';
import { NewCase } from './NewCase';

const clerk: User = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan', displayName: '台山窗口' };
const item = (code: string, seq: number, name: string, materials: string[]): CatalogueItem => ({
  code,
  seq,
  name,
  group: 'g',
  subItems: [],
  handlingLevels: [],
  steps: ['apply', 'accept', 'complete'],
  timeLimitKind: 'immediate',
  timeLimitDays: null,
  onlineTimeLimitDays: null,
  timeLimitNote: null,
  materials,
  legalBasis: [],
  remark: null,
});
const catalogue = [
  item('442189209003', 3, '退休待遇核定', ['居民身份证', '退休审批表', '银行账户']),
  item('442189209004', 4, '另一事项', ['户口簿']),
];
const stub = stubFetch(async () => json({ case: { id: 'service-case:442189209003:TS-1' } }, 201));

describe('NewCase materials checklist', () => {
  it("lists the chosen item's materials, counts what is missing, and a new item starts a fresh list", () => {
    render(<NewCase user={clerk} catalogue={catalogue} onCreated={() => {}} />);
    expect(screen.queryByRole('group', { name: /收件材料清单/ })).toBeNull();
    fireEvent.change(screen.getByLabelText('服务事项'), { target: { value: '442189209003' } });
    expect(screen.getByRole('group', { name: '收件材料清单（3 项）' })).toBeTruthy();
    expect(screen.getByText('已收 0 项，尚缺 3 项：居民身份证、退休审批表、银行账户')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('居民身份证'));
    fireEvent.click(screen.getByLabelText('银行账户'));
    expect(screen.getByText('已收 2 项，尚缺 1 项：退休审批表')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('退休审批表'));
    expect(screen.getByText('材料齐全')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('服务事项'), { target: { value: '442189209004' } });
    expect(screen.getByText('已收 0 项，尚缺 1 项：户口簿')).toBeTruthy();
    expect((screen.getByLabelText('户口簿') as HTMLInputElement).checked).toBe(false);
  });

  it('a refusal on the spot starts from the checklist: the missing materials in the reason, the received ones handed back', async () => {
    render(<NewCase user={clerk} catalogue={catalogue} onCreated={() => {}} />);
    fireEvent.change(screen.getByLabelText('服务事项'), { target: { value: '442189209003' } });
    fireEvent.click(screen.getByLabelText('居民身份证'));
    fireEvent.click(screen.getByLabelText(/当场不予受理/));
    expect((screen.getByLabelText('不予受理原因') as HTMLInputElement).value).toBe('材料不全，缺少：退休审批表、银行账户');
    expect((screen.getByLabelText('退回的材料（每行一项）') as HTMLTextAreaElement).value).toBe('居民身份证');
    fireEvent.change(screen.getByLabelText('申请编号'), { target: { value: 'TS-2026-0001' } });
    fireEvent.change(screen.getByLabelText('申请人姓名'), { target: { value: '陈一' } });
    fireEvent.change(screen.getByLabelText('身份证号码'), { target: { value: '440781196001011234' } });
    fireEvent.click(screen.getByRole('button', { name: '记录不予受理' }));
    fireEvent.click(await screen.findByRole('button', { name: '确认不予受理' }));
    await vi.waitFor(() => expect(stub.fetch()).toHaveBeenCalled());
    const body = JSON.parse(String(stub.fetch().mock.calls[0]![1]!.body)) as { counterRefusal: unknown };
    expect(body.counterRefusal).toMatchObject({ reason: '材料不全，缺少：退休审批表、银行账户', returnedMaterials: ['居民身份证'] });
  });
});
