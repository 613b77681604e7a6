/** Component tests: a stubbed global fetch per test (the page talks to nothing else), and JSON answers. */
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi, type Mock } from 'vitest';

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Registers the hooks; `fetch()` gives this test's mock. `answer` is its default implementation. */
export function stubFetch(answer?: (url: string, init?: RequestInit) => Promise<Response>): { fetch(): Mock } {
  let mock: Mock;
  beforeEach(() => {
    mock = answer ? vi.fn(answer) : vi.fn();
    vi.stubGlobal('fetch', mock);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });
  return { fetch: () => mock };
}
