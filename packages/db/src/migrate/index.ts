export {
  ensureDatabase,
  type MigrateOptions,
  type MigrateResult,
  MigrationError,
  type MigrationErrorKind,
  maintenanceUrl,
  migrate,
  quoteIdent,
} from './migrate.ts';
export { DEFAULT_MIGRATIONS_DIR, type MigrationFile, readMigrations, sha256Hex } from './migration-files.ts';
