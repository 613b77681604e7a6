/**
 * The fuzz script (scripts/fuzz.ts) on a small budget, as part of the suite: schemathesis against
 * /docs/json for several roles, on a database of its own on the suite's PostgreSQL server, with the
 * suite's Temporal dev server. Fails on any 5xx or any reply outside its declared schema. A larger
 * run is `npm run fuzz -- --examples 100` (README).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { requiredEnv } from '../support/env';

const root = path.join(__dirname, '..', '..');

test('schemathesis finds no server error and no reply outside its schema, for every role', async () => {
  requiredEnv('DATABASE_URL');
  requiredEnv('TEMPORAL_ADDRESS');
  const args = [
    require.resolve('tsx/cli'),
    path.join(root, 'scripts', 'fuzz.ts'),
    '--examples',
    process.env.FUZZ_EXAMPLES ?? '4',
    '--phases',
    'examples,fuzzing',
    '--workers',
    '1',
    '--roles',
    'taishan.clerk,taishan.hospital,taishan.finance,municipal.supervisor,municipal.admin',
  ];
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      output += d.toString();
    });
    child.on('close', (c) => resolve({ code: c, output }));
  });
  const summary = output.split('\n').filter((l) => l.startsWith('fuzz:'));
  if (code !== 0) console.log(output.slice(-20_000));
  expect(summary.filter((l) => / FAILED /.test(l))).toEqual([]);
  expect(code).toBe(0);
  expect(summary.at(-1)).toMatch(/fuzz: 5 roles, \d+ requests over \d+ operations, 0 failures/);
}, 240_000);
