import type { TokentallyConfig } from '../../config/schema.js';

export type DuckdbExporterConfig = TokentallyConfig['exporters']['duckdb'];
