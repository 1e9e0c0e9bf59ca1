import { existsSync, readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { configSchema, type TokentallyConfig } from './schema.js';
import { expandEnv, MissingEnvError } from './expand-env.js';
import { validatePipelines } from './pipelines.js';
import { validateConfig as validateBudgets } from '../budgets/factory.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[], readonly source: string) {
    super(`invalid configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

function formatIssue(issue: z.core.$ZodIssue): string {
  const where = formatPath(issue.path) || '(root)';
  if (issue.code === 'unrecognized_keys') {
    return `${where}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return `${where}: ${issue.message}`;
}

/** Validates an already-parsed document (defaults applied) and returns the typed config. */
export function parseConfig(document: unknown, source = 'configuration', env: NodeJS.ProcessEnv = process.env): TokentallyConfig {
  let expanded: unknown;
  try {
    expanded = expandEnv(document ?? {}, env);
  } catch (error) {
    if (error instanceof MissingEnvError) throw new ConfigError([error.message], source);
    throw error;
  }
  const result = configSchema.safeParse(expanded);
  if (!result.success) throw new ConfigError(result.error.issues.map(formatIssue), source);
  const problems = validatePipelines(result.data);
  try {
    validateBudgets({ budgets: result.data.budgets, alerts: result.data.alerts });
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (problems.length > 0) throw new ConfigError(problems, source);
  return result.data;
}

/**
 * Loads otel-config.yaml: YAML, then ${env:…} expansion, then the schema (defaults for every
 * section, unknown keys refused) and cross-checks. With no file, the defaults.
 */
export function loadConfig(path: string | undefined, env: NodeJS.ProcessEnv = process.env): TokentallyConfig {
  if (path === undefined) return parseConfig({}, 'defaults', env);
  if (!existsSync(path)) throw new ConfigError([`file not found: ${path}`], path);
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof YAMLParseError) throw new ConfigError([`not valid YAML: ${error.message}`], path);
    throw error;
  }
  if (document !== null && (typeof document !== 'object' || Array.isArray(document))) {
    throw new ConfigError(['the top level must be a mapping of sections (receivers, processors, exporters, service, …)'], path);
  }
  return parseConfig(document, path, env);
}
