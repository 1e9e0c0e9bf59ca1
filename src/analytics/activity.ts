import type { Reader, Row } from '../storage/reader.js';
import { runNamed } from './named-sql.js';
import { num, str, usd } from './row-values.js';

export const ACTIVITY_TYPES = ['tool_call', 'agent_invocation', 'error', 'cost'] as const;

export interface ActivityRequest {
  tenant: string;
  fromMs: number;
  toMs: number;
  agent?: string;
  eventType?: (typeof ACTIVITY_TYPES)[number];
  runId?: string;
  sessionId?: string;
  limit: number;
  offset: number;
}

function event(r: Row) {
  return {
    event_type: str(r, 'event_type'),
    name: str(r, 'name'),
    start_time: str(r, 'start_time'),
    end_time: str(r, 'end_time'),
    duration_ms: num(r, 'duration_ms'),
    agent: str(r, 'agent'),
    run_id: str(r, 'run_id'),
    session_id: str(r, 'session_id'),
    task_type: str(r, 'task_type'),
    status: str(r, 'status'),
    error_type: str(r, 'error_type'),
    cost: r.cost === null ? null : usd(r, 'cost'),
    price_source: str(r, 'price_source'),
    trace_id: str(r, 'trace_id'),
    span_id: str(r, 'span_id'),
    parent_span_id: str(r, 'parent_span_id'),
    attributes: parseAttributes(str(r, 'attributes')),
  };
}

/** Stored as JSON text; answered as the object it is. */
function parseAttributes(text: string | null): unknown {
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** One page of the activity log, newest first. */
export async function activityLog(reader: Reader, req: ActivityRequest) {
  const params = {
    tenant: req.tenant,
    from_us: req.fromMs * 1000,
    to_us: req.toMs * 1000,
    agent: req.agent ?? null,
    event_type: req.eventType ?? null,
    run_id: req.runId ?? null,
    session_id: req.sessionId ?? null,
  };
  const [rows, [count]] = await Promise.all([runNamed(reader, 'activity_list', { ...params, limit: req.limit, offset: req.offset }), runNamed(reader, 'activity_count', params)]);
  return { events: rows.map(event), total: num(count, 'event_count') };
}
