/** Find a person: the query sent to the server, the people found with masked numbers, the person page. */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../api';
import { json, stubFetch } from '../test-fetch';
import { PeopleSearch, PersonPage } from './People';

const clerk: User = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan', displayName: '台山窗口' };

const stub = stubFetch(async (url) => {
  if (url === '/people/search')
    return json({
      people: [{ personKey: '0123456789abcdef', name: '黄五', idNumber: '440781********1238', records: 2, processes: ['政务服务事项'] }],
    });
  return json({
    personKey: '0123456789abcdef',
    name: '黄五',
    idNumber: '440781195803041238',
    idNumberShown: 'full',
    records: [
      {
        process: 'service_case',
        processTitle: '政务服务事项',
        id: 'service-case:1:A',
        path: '/cases/x',
        jurisdiction: 'taishan',
        status: 'open',
        reference: 'A',
      },
    ],
    assistanceIdentities: [],
    notices: [],
  });
});

describe('People', () => {
  it('searches on the server and links each person found to their page', async () => {
    location.hash = '#/people';
    render(<PeopleSearch user={clerk} />);
    fireEvent.change(screen.getByLabelText('身份证号、姓名或申请编号'), { target: { value: '440781195803041238' } });
    fireEvent.click(screen.getByRole('button', { name: '查找' }));
    const link = await screen.findByRole('link', { name: '黄五' });
    expect(link.getAttribute('href')).toBe('#/people/0123456789abcdef');
    expect(screen.getByText('440781********1238')).toBeTruthy();
    // the ID number travels in the body, never in the URL (issue 13 §10)
    const [url, init] = stub.fetch().mock.calls[0]!;
    expect(url).toBe('/people/search');
    expect(init).toMatchObject({ method: 'POST', body: JSON.stringify({ q: '440781195803041238' }) });
  });

  it("shows the person's records with links to their pages", async () => {
    render(<PersonPage personKey="0123456789abcdef" user={clerk} />);
    expect((await screen.findByRole('link', { name: 'A' })).getAttribute('href')).toBe('#/cases/service-case%3A1%3AA');
    expect(screen.getByText('440781195803041238')).toBeTruthy();
  });
});
