/** A span of the demo as plain data, before the OpenTelemetry SDK turns it into a real span. */
export interface SpanSpec {
  name: string;
  /** call: a model call (one llm_calls row); tool: execute_tool; agent: invoke_agent / invoke_workflow. */
  role: 'call' | 'tool' | 'agent';
  startMs: number;
  endMs: number;
  attributes: Record<string, string | number>;
  /** Status message of a span that ended in error. */
  error?: string;
  /** What the catalog (or the tool's per-call price) says it costs; null when nothing prices it. */
  costNanos: number | null;
  agent: string;
  children: SpanSpec[];
}

/** Every span of a tree, parents before children. */
export function* walk(span: SpanSpec): Generator<SpanSpec> {
  yield span;
  for (const child of span.children) yield* walk(child);
}
