import type { ActivityRecord, ActivityType } from '../../pipeline/records.js';
import type { DecodedSpan } from '../../pipeline/span.js';
import { F } from './attribute-keys.js';
import { errorTypeOf, spanOriginOf, statusOf } from './span-facts.js';
import type { SpanReader } from './span-reader.js';

export type ActivityRole = 'tool' | 'agent' | 'cost';

const EVENT_TYPE: Readonly<Record<ActivityRole, ActivityType>> = {
  tool: 'tool_call',
  agent: 'agent_invocation',
  cost: 'cost',
};

/**
 * The activity row of a tool, agent or explicit-cost span. Agent and workflow spans never carry
 * money: what they report (usage, even a `tokentally.cost.usd`) is the sum of their children,
 * already counted on the children, so it stays in the attributes JSON and `costNanos` is null.
 * Tool and cost spans carry their explicit cost here, and only here.
 */
export function buildActivityRecord(
  span: DecodedSpan,
  reader: SpanReader,
  role: ActivityRole,
  costNanos: number | null,
  tenant: string,
): ActivityRecord {
  // Field by field, not a spread: a record built by spreading another object gets a slow
  // dictionary-mode layout in V8, and every later stage reading it slowed ~3x (measured).
  const o = spanOriginOf(span, reader, tenant);
  const cost = role === 'agent' ? null : costNanos;
  return {
    traceId: o.traceId,
    spanId: o.spanId,
    parentSpanId: o.parentSpanId,
    startUs: o.startUs,
    endUs: o.endUs,
    tenant: o.tenant,
    runId: o.runId,
    agent: o.agent,
    sessionId: o.sessionId,
    taskType: o.taskType,
    eventType: EVENT_TYPE[role],
    name: nameOf(span, reader, role),
    status: statusOf(span),
    errorType: errorTypeOf(span, reader),
    costNanos: cost,
    priceSource: cost === null ? 'unpriced' : 'explicit',
    attributesJson: reader.activityAttributesJson(role === 'agent'),
  };
}

function nameOf(span: DecodedSpan, reader: SpanReader, role: ActivityRole): string {
  switch (role) {
    case 'tool':
      return reader.string(F.toolName) ?? span.name;
    case 'agent':
      return reader.string(F.agentName) ?? reader.string(F.agentId) ?? span.name;
    case 'cost':
      return reader.string(F.costName) ?? span.name;
  }
}
