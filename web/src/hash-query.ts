/**
 * Filters live in the hash's query (`#/care?status=under_review`), so Back to a list brings its
 * filters back and a filtered list can be bookmarked. Changing a filter replaces the history entry
 * (no entry per keystroke) and tells the shell nothing: the route stays the same.
 */
import { useCallback, useState } from 'react';

export function hashPath(hash: string = location.hash): string {
  return (hash.replace(/^#/, '') || '/').split('?')[0]!;
}

export function hashQuery(hash: string = location.hash): URLSearchParams {
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}

/** The hash of `path` with the non-empty values of `q`. */
export function hashWith(path: string, q: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) params.set(k, v);
  const s = params.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

/** The filters of this page, read from and written to the hash. */
export function useHashQuery<K extends string>(keys: readonly K[]): [Record<K, string>, (patch: Partial<Record<K, string>>) => void] {
  const read = () => {
    const q = hashQuery();
    return Object.fromEntries(keys.map((k) => [k, q.get(k) ?? ''])) as Record<K, string>;
  };
  const [values, setValues] = useState<Record<K, string>>(read);
  const set = useCallback((patch: Partial<Record<K, string>>) => {
    setValues((old) => {
      const next = { ...old, ...patch };
      history.replaceState(history.state, '', hashWith(hashPath(), next));
      return next;
    });
  }, []);
  return [values, set];
}
