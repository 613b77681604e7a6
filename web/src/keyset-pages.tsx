/**
 * Paging through a keyset-paged list of the API (`nextCursor`, issue 18 "every list in the workbench
 * pages through the server"): the cursors of the pages before this one are kept so 上一页 goes back,
 * a change of the filters starts again at the first page, and the total comes from the server.
 */
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';

export interface KeysetPage<T> {
  total: number;
  pageSize: number;
  items: T[];
  nextCursor: string | null;
}

export function useKeysetPages<T>(fetchPage: (cursor: string | undefined) => Promise<KeysetPage<T>>, filterKey: string) {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<KeysetPage<T> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const cursor = cursors.at(-1);
  // a new filter starts again at the first page
  useEffect(() => setCursors([undefined]), [filterKey]);
  useEffect(() => {
    let cancelled = false;
    fetchPage(cursor)
      .then((p) => {
        if (cancelled) return;
        setPage(p);
        setError(null);
      })
      .catch((e) => {
        if (!cancelled) setError(e instanceof ApiError ? e.message : String(e));
      });
    return () => {
      cancelled = true;
    };
    // fetchPage is a new function each render; what it fetches is named by filterKey and the cursor
  }, [filterKey, cursor, reloads]);
  const reload = useCallback(() => setReloads((n) => n + 1), []);
  const next = useCallback(() => {
    if (page?.nextCursor) setCursors((c) => [...c, page.nextCursor!]);
  }, [page]);
  const previous = useCallback(() => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)), []);
  return { page, error, pageNo: cursors.length, next, previous, reload };
}

/** 上一页 / 下一页 with where the page is; shown only when the list has more than one page. */
export function Pager({
  pageNo,
  page,
  onPrevious,
  onNext,
  unit,
}: {
  pageNo: number;
  page: KeysetPage<unknown>;
  onPrevious: () => void;
  onNext: () => void;
  unit: string;
}) {
  if (pageNo === 1 && !page.nextCursor) return null;
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  return (
    <nav className="pager" aria-label="翻页">
      <button type="button" disabled={pageNo === 1} onClick={onPrevious}>
        上一页
      </button>{' '}
      <span>
        第 {pageNo} 页，共 {pages} 页（每页 {page.pageSize} {unit}）
      </span>{' '}
      <button type="button" disabled={!page.nextCursor} onClick={onNext}>
        下一页
      </button>
    </nav>
  );
}
