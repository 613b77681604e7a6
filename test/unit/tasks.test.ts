/** The task registry and cursor (domain/tasks.ts, domain/processes.ts `tasks`). */
import { processes } from '../../domain/processes';
import { decodeCursor, encodeCursor, stagesOf } from '../../domain/tasks';

test('every process with open work declares where it waits (a task source, or null for none): no process drops out of the inbox', () => {
  for (const p of Object.values(processes)) {
    if (p.openStatuses.length) expect([p.name, p.tasks === undefined]).toEqual([p.name, false]);
    if (p.tasks) {
      expect(Object.keys(p.tasks.stages).length).toBeGreaterThan(0);
      for (const stage of Object.values(p.tasks.stages)) expect(stage.roles.length).toBeGreaterThan(0);
    }
  }
});

test('a service case at review waits on reviewers; sent back for correction, on the counter clerk', () => {
  const source = processes.service_case.tasks!;
  expect(stagesOf(source, 'reviewer')).toEqual(['review']);
  expect(stagesOf(source, 'window_clerk')).toEqual(['accept', 'correction']);
  expect(stagesOf(processes.fund_request.tasks!, 'fiscal')).toEqual(['submitted']);
});

test('a cursor round-trips; anything else is refused rather than guessed', () => {
  for (const c of [
    { dueDate: '2026-12-01', id: 'service-case:442189209003:A-1' },
    { dueDate: null, id: 'x' },
  ]) {
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  }
  expect(decodeCursor('garbage')).toBeNull();
  expect(decodeCursor(Buffer.from('["2026-13", "x"]').toString('base64url'))).toBeNull();
  expect(decodeCursor(Buffer.from('[null, ""]').toString('base64url'))).toBeNull();
});
