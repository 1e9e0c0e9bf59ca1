/**
 * Expands ${env:NAME} and ${env:NAME:-default} in every string of a parsed YAML document, as
 * the OpenTelemetry Collector does. `$${` escapes a literal `${`. A missing variable without a
 * default is an error naming it, never a silent empty string.
 */
export class MissingEnvError extends Error {}

const PATTERN = /\$\$\{|\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

function expandString(text: string, env: NodeJS.ProcessEnv, path: string): string {
  return text.replace(PATTERN, (match, name: string | undefined, fallback: string | undefined) => {
    if (match === '$${') return '${';
    const value = env[name!];
    if (value !== undefined) return value;
    if (fallback !== undefined) return fallback;
    throw new MissingEnvError(`${path}: environment variable ${name} is not set (write \${env:${name}:-default} to give a default)`);
  });
}

export function expandEnv(value: unknown, env: NodeJS.ProcessEnv, path = ''): unknown {
  if (typeof value === 'string') {
    const expanded = expandString(value, env, path || '(root)');
    // A whole-value reference to a number or boolean keeps its type, like the Collector.
    if (expanded !== value && /^\$\{env:[^}]+\}$/.test(value)) {
      if (/^-?\d+(\.\d+)?$/.test(expanded)) return Number(expanded);
      if (expanded === 'true' || expanded === 'false') return expanded === 'true';
    }
    return expanded;
  }
  if (Array.isArray(value)) return value.map((v, i) => expandEnv(v, env, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, path ? `${path}.${k}` : k)]));
  }
  return value;
}
