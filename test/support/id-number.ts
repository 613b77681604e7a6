/** Valid ID numbers (GB 11643) for fixtures: the service refuses a wrong check digit, birth date or region. */
import { randomInt } from 'node:crypto';
import type { IsoDate } from '../../domain/dates';
import { idNumberCheckChar } from '../../domain/id-number';

/** The ID number of `region` (6-digit address code), `birthDate` and sequence `seq` (0–999), with its check character. */
export function idNumberOf(region: string, birthDate: IsoDate, seq: number): string {
  const first17 = `${region}${birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
  if (!/^\d{17}$/.test(first17)) throw new Error(`idNumberOf: bad parts ${region} ${birthDate} ${seq}`);
  return first17 + idNumberCheckChar(first17);
}

/** A random valid ID number of `region` born on `birthDate` (default: a random day in 1940–1959). */
export function randomIdNumber(opts: { region?: string; birthDate?: IsoDate } = {}): string {
  const birthDate = opts.birthDate ?? new Date(Date.UTC(1940, 0, 1) + randomInt(20 * 365) * 86_400_000).toISOString().slice(0, 10);
  return idNumberOf(opts.region ?? '440703', birthDate, randomInt(1000));
}
