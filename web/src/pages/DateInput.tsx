/**
 * A date field that reads and writes YYYY-MM-DD whatever the browser's locale (a native date
 * input shows 03/01/2026 in an English browser and 2026/3/1 in a Chinese one). Typed digits are
 * shaped as the clerk types (20260301 → 2026-03-01); the form's schema judges the result.
 */
import type { InputHTMLAttributes } from 'react';

export function normaliseDate(text: string): string {
  const t = text
    .trim()
    .replace(/[./年月]/g, '-')
    .replace(/日$/, '');
  const digits = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (digits) return `${digits[1]}-${digits[2]}-${digits[3]}`;
  const parts = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (parts) return `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}`;
  return text.trim();
}

export function DateInput({
  value,
  onChange,
  ...rest
}: { value: string; onChange: (v: string) => void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>) {
  return (
    <input
      type="text"
      inputMode="numeric"
      placeholder="YYYY-MM-DD"
      maxLength={10}
      autoComplete="off"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      onBlur={(e) => onChange(normaliseDate(e.target.value))}
      {...rest}
    />
  );
}
