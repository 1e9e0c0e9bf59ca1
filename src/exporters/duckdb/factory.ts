import type { CommitListener } from '../../pipeline/commit.js';
import type { Database } from '../../storage/database.js';
import type { DuckdbExporterConfig } from './config.js';
import { DuckdbExporter } from './exporter.js';

export const duckdbExporterType = 'duckdb';

export function createDuckdbExporter(
  config: DuckdbExporterConfig,
  db: Database,
  listeners: readonly CommitListener[] = [],
  observeCommit?: (seconds: number) => void,
): DuckdbExporter {
  return new DuckdbExporter(config, db, listeners, observeCommit);
}
