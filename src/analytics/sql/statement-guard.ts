/**
 * Decides whether a statement may run on the SQL endpoint, from DuckDB's own parse tree
 * (json_serialize_sql), never from the text: exactly one SELECT whose every table reference is
 * a CTE in scope or one of the public relations, whose table functions only generate rows, and
 * which calls no function with side effects. Anything the walk does not recognise is refused,
 * so a construct DuckDB adds later is closed until someone looks at it.
 */

export type Verdict = { allowed: true } | { allowed: false; reason: string };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const QUERY_NODES = new Set(['SELECT_NODE', 'SET_OPERATION_NODE', 'RECURSIVE_CTE_NODE', 'CTE_NODE']);
const PASS_THROUGH_REFS = new Set(['SUBQUERY', 'JOIN', 'EXPRESSION_LIST', 'EMPTY', 'PIVOT']);
const MODIFIERS = new Set(['ORDER_MODIFIER', 'LIMIT_MODIFIER', 'LIMIT_PERCENT_MODIFIER', 'DISTINCT_MODIFIER']);
/** ORDER BY terms carry their direction as `type`. */
const ORDER_TERMS = new Set(['ASCENDING', 'DESCENDING', 'ORDER_DEFAULT']);
/** Descriptions of a value's or a cast's type (DECIMAL_TYPE_INFO, LIST_TYPE_INFO, …). */
const TYPE_INFO = /^[A-Z_]+_TYPE_INFO$/;
/** Table functions that only generate values; every reader of files, URLs or the catalog is refused. */
const ROW_GENERATORS = new Set(['range', 'generate_series', 'unnest']);
/** Scalar functions that change state, wait, or read the server's configuration or environment. */
const DENIED_FUNCTIONS = new Set(['nextval', 'currval', 'setval', 'setseed', 'sleep_ms', 'write_log', 'current_setting', 'getenv']);
const PLAIN_NAME = /^[a-z_][a-z0-9_]*$/i;

class Refusal extends Error {}

function refuse(reason: string): never {
  throw new Refusal(reason);
}

const isObject = (v: Json | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export class StatementGuard {
  private readonly relations: ReadonlySet<string>;

  /** `relations`: the unqualified names a statement may read (the tenant-scoped views). */
  constructor(relations: Iterable<string>) {
    this.relations = new Set([...relations].map((r) => r.toLowerCase()));
  }

  /** `tree` is the JSON json_serialize_sql returned for the statement text. */
  check(tree: string): Verdict {
    try {
      const parsed = JSON.parse(tree) as Json;
      if (!isObject(parsed)) refuse('the statement could not be parsed');
      if (parsed.error === true) refuse(String(parsed.error_message ?? 'the statement could not be parsed'));
      const statements = parsed.statements;
      if (!Array.isArray(statements) || statements.length !== 1) {
        refuse(`send exactly one statement; got ${Array.isArray(statements) ? statements.length : 0}`);
      }
      this.walk(statements[0]!, new Set());
      return { allowed: true };
    } catch (error) {
      if (error instanceof Refusal) return { allowed: false, reason: error.message };
      throw error;
    }
  }

  private walk(node: Json, scope: ReadonlySet<string>): void {
    if (Array.isArray(node)) {
      for (const item of node) this.walk(item, scope);
      return;
    }
    if (!isObject(node)) return;
    if (typeof node.function_name === 'string') this.checkFunction(node);
    if (node.class === 'PARAMETER') refuse('statement parameters ($1, ?) are not supported: write the values into the statement');
    const type = typeof node.class === 'string' ? null : node.type;
    if (typeof type !== 'string') return this.walkFields(node, scope);
    if (QUERY_NODES.has(type)) return this.walkQueryNode(node, scope);
    if (MODIFIERS.has(type) || ORDER_TERMS.has(type) || TYPE_INFO.test(type) || PASS_THROUGH_REFS.has(type)) return this.walkFields(node, scope);
    switch (type) {
      case 'BASE_TABLE':
        return this.checkTable(node, scope);
      case 'TABLE_FUNCTION':
        return this.checkTableFunction(node, scope);
      case 'SHOW_REF':
        // DESCRIBE / SUMMARIZE of a query; a SHOW of a bare name could name a file.
        if (node.table_name !== '') refuse('SHOW is not supported; DESCRIBE or SUMMARIZE a table instead');
        return this.walk(node.query ?? null, scope);
      default:
        refuse(`${type.toLowerCase().replaceAll('_', ' ')} is not supported on the SQL endpoint`);
    }
  }

  private walkFields(node: JsonObject, scope: ReadonlySet<string>): void {
    for (const value of Object.values(node)) this.walk(value, scope);
  }

  /**
   * CTE scoping as DuckDB binds it: a CTE is visible in the rest of its query and in the CTEs
   * defined after it, not in its own body unless recursive. CTE names must be plain words, so
   * a reference can never fall through to a file path of the same spelling.
   */
  private walkQueryNode(node: JsonObject, outer: ReadonlySet<string>): void {
    const scope = new Set(outer);
    const ctes = isObject(node.cte_map) && Array.isArray(node.cte_map.map) ? node.cte_map.map : [];
    for (const entry of ctes) {
      if (!isObject(entry) || typeof entry.key !== 'string') refuse('malformed WITH clause');
      if (!PLAIN_NAME.test(entry.key)) refuse(`a WITH name must be a plain identifier; got "${entry.key}"`);
      this.walk(entry.value ?? null, scope);
      scope.add(entry.key.toLowerCase());
    }
    if (node.type === 'RECURSIVE_CTE_NODE' && typeof node.cte_name === 'string') scope.add(node.cte_name.toLowerCase());
    for (const [key, value] of Object.entries(node)) if (key !== 'cte_map') this.walk(value, scope);
  }

  private checkTable(node: JsonObject, scope: ReadonlySet<string>): void {
    const name = String(node.table_name ?? '');
    if (node.catalog_name || node.schema_name) {
      refuse(`"${[node.catalog_name, node.schema_name, name].filter(Boolean).join('.')}": qualified names are not allowed; read ${this.listRelations()}`);
    }
    const key = name.toLowerCase();
    if (scope.has(key) && PLAIN_NAME.test(name)) return;
    if (!this.relations.has(key)) refuse(`"${name}" is not a table you can read here (no file or network access); read ${this.listRelations()}`);
  }

  private checkTableFunction(node: JsonObject, scope: ReadonlySet<string>): void {
    const fn = isObject(node.function) ? node.function : {};
    const name = String(fn.function_name ?? '').toLowerCase();
    if (!ROW_GENERATORS.has(name) || fn.schema || fn.catalog) {
      refuse(`table function ${name}() is not allowed (no file, network or catalog access); allowed: ${[...ROW_GENERATORS].join(', ')}`);
    }
    this.walk(fn.children ?? null, scope);
  }

  private checkFunction(node: JsonObject): void {
    const name = String(node.function_name).toLowerCase();
    if (DENIED_FUNCTIONS.has(name)) refuse(`function ${name}() is not allowed on the SQL endpoint`);
  }

  private listRelations(): string {
    return [...this.relations].sort().join(', ');
  }
}

const QUERY_KEYWORDS = new Set(['SELECT', 'WITH', 'FROM', 'PIVOT', 'UNPIVOT', 'VALUES', 'TABLE']);

/**
 * Why a statement that is not a SELECT was refused, named by its leading keyword
 * (json_serialize_sql only says "Only SELECT statements can be serialized").
 */
export function nonSelectReason(sql: string): string {
  const keyword = /^[\s;(]*([a-z]+)/i.exec(sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' '))?.[1]?.toUpperCase() ?? 'this';
  const why: Record<string, string> = {
    INSERT: 'the SQL endpoint is read-only',
    UPDATE: 'the SQL endpoint is read-only',
    DELETE: 'the SQL endpoint is read-only',
    CREATE: 'the SQL endpoint is read-only',
    DROP: 'the SQL endpoint is read-only',
    ALTER: 'the SQL endpoint is read-only',
    TRUNCATE: 'the SQL endpoint is read-only',
    COPY: 'no file access from the SQL endpoint',
    EXPORT: 'no file access from the SQL endpoint',
    IMPORT: 'no file access from the SQL endpoint',
    ATTACH: 'no other databases from the SQL endpoint',
    DETACH: 'no other databases from the SQL endpoint',
    INSTALL: 'no extension loading from the SQL endpoint',
    LOAD: 'no extension loading from the SQL endpoint',
    PRAGMA: 'no settings or pragmas from the SQL endpoint',
    SET: 'no settings or pragmas from the SQL endpoint',
    RESET: 'no settings or pragmas from the SQL endpoint',
    CALL: 'no procedures from the SQL endpoint',
  };
  if (QUERY_KEYWORDS.has(keyword)) {
    return 'this query cannot be checked, so it cannot run: DuckDB rewrites it into several statements (write PIVOT with an explicit IN list)';
  }
  return `${keyword} statements are not allowed: ${why[keyword] ?? 'only a single SELECT can run on the SQL endpoint'}`;
}
