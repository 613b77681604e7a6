/** A zod refusal as one message per form field: the first issue of each field wins. */
export interface Issue {
  path: PropertyKey[];
  message: string;
}

export function fieldErrors<K extends string = string>(
  issues: readonly Issue[],
  opts: { key?: (path: PropertyKey[]) => string; messages?: Record<string, string> } = {},
): Partial<Record<K, string>> {
  const key = opts.key ?? ((path) => path.map(String).join('.'));
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const k = key(issue.path);
    out[k] ??= opts.messages?.[k] ?? issue.message;
  }
  return out as Partial<Record<K, string>>;
}
