/** 医疗救助对象: the date question sent with the ID number in the body and its reason shown; the enrolments with their ledgers. */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../api';
import { json, stubFetch } from '../test-fetch';
import { Assistance } from './Assistance';

const clerk: User = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan', displayName: '台山窗口' };

const stub = stubFetch(async (url) => {
  if (url === '/assistance/recipient-on-date')
    return json({
      date: '2026-05-01',
      recipient: true,
      category: 'minimum_living',
      categoryName: '最低生活保障对象',
      kind: 'income',
      identities: [
        {
          identityId: 'p:minimum_living:2026-03-10',
          agency: 'taishan',
          category: 'minimum_living',
          categoryName: '最低生活保障对象',
          kind: 'income',
          recognizedOn: '2026-03-10',
          terminatedOn: null,
          department: 'civil_affairs',
          benefitFrom: '2026-03-10',
          benefitTo: null,
          article: '001 §10(一)',
          version: 1,
          receivedOn: '2026-03-11',
        },
      ],
      reason: '最低生活保障对象（收入型），待遇享受期 2026-03-10 至今（001 §10(一)），民政部门认定于 2026-03-10',
    });
  return json({
    total: 1,
    page: 1,
    pageSize: 20,
    items: [
      {
        id: 'subsidised-enrolment:p:minimum_living:2026-03-10',
        person: { name: '黄小梅', idNumber: '440781********1234' },
        categoryName: '最低生活保障对象',
        receivedOn: '2026-03-11',
        status: 'registered',
        statusName: '已登记参保',
        pathName: '未参加基本医疗保险：标识身份并办理当年度参保登记（001 §5(一)）',
        dueDate: null,
        breachedAt: null,
        years: [{ year: 2026, amountFen: 40000, delivery: 'sent', entryId: '7' }],
      },
    ],
  });
});

describe('Assistance', () => {
  it('asks whether the person is a recipient on the date, the ID number in the body, and shows why', async () => {
    render(<Assistance user={clerk} />);
    fireEvent.change(screen.getByLabelText('身份证号码'), { target: { value: '440781196001011234' } });
    fireEvent.change(screen.getByLabelText('日期'), { target: { value: '2026-05-01' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect(await screen.findByText('是医疗救助对象：最低生活保障对象')).toBeTruthy();
    expect(screen.getByText(/待遇享受期 2026-03-10 至今/)).toBeTruthy();
    const call = stub.fetch().mock.calls.find(([u]) => u === '/assistance/recipient-on-date')!;
    expect(call[1]!.method).toBe('POST');
    expect(JSON.parse(call[1]!.body as string)).toEqual({ idNumber: '440781196001011234', date: '2026-05-01' });
  });

  it("lists the agency's subsidised enrolments with each year's payment ledger", async () => {
    render(<Assistance user={clerk} />);
    expect(await screen.findByText('黄小梅')).toBeTruthy();
    expect(screen.getByText('已登记参保')).toBeTruthy();
    expect(screen.getByText(/2026年 400.00 元 已推送/)).toBeTruthy();
  });
});
