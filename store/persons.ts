/**
 * The person register (参保人): the pseudonymous person key and the ID number it stands for. The API
 * records a person when a record names them, and hands workflows the key only, so workflow inputs
 * and histories (the Temporal store, its Web UI) carry no ID number (001 §26; issue 13 §11). Read
 * models resolve the number here, in the transaction that writes them.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { Prisma, PrismaClient } from '../generated/prisma/client';

/** A stable pseudonym of the person: workflow IDs, inputs and logs never carry the ID number itself. */
export function personKeyOf(idNumber: string): string {
  return createHash('sha256').update(`person:${idNumber}`).digest('hex').slice(0, 16);
}

/** Records the person (once) and answers their key. */
export async function recordPerson(prisma: Pick<PrismaClient, 'person'>, idNumber: string): Promise<string> {
  const personKey = personKeyOf(idNumber);
  // INSERT … ON CONFLICT DO NOTHING: two records naming a new person at once (a counter and a
  // facility) must both go on; an upsert reads first and lets the second insert fail on the key.
  await prisma.person.createMany({ data: [{ personKey, idNumber }], skipDuplicates: true });
  return personKey;
}

/**
 * The ID number of a person a workflow names: the number itself in runs started before the person
 * register (their inputs carry it), otherwise the register's. A key the register does not hold is a
 * permanent failure (the API records the person before it starts the workflow).
 */
export async function idNumberOf(
  tx: Pick<Prisma.TransactionClient, 'person'>,
  person: { idNumber?: string; personKey?: string },
): Promise<string> {
  if (person.idNumber) return person.idNumber;
  const row = person.personKey ? await tx.person.findUnique({ where: { personKey: person.personKey } }) : null;
  if (!row) {
    throw ApplicationFailure.create({
      type: 'PERSON_NOT_RECORDED',
      nonRetryable: true,
      message: `参保人登记中没有人员标识 ${person.personKey ?? '（空）'}`,
    });
  }
  return row.idNumber;
}
