/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (start-up does this too). */
import { applyMigrations } from '../prisma/migrate';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('db:migrate: set DATABASE_URL (make start applies migrations to the embedded database itself)');
  process.exit(2);
}
applyMigrations(url).then(
  (applied) => console.log(applied.length ? `applied: ${applied.join(', ')}` : 'up to date'),
  (e) => {
    console.error(`db:migrate: ${e.message}`);
    process.exit(1);
  },
);
