import { formatUsdNanos } from '../../util/money.js';
import type { BudgetStatus } from '../engine/status.js';

function hours(h: number): string {
  return h >= 10 ? `${Math.round(h)} h` : `${Math.round(h * 10) / 10} h`;
}

/** Share of spend above which one agent/model pair is called out as the thing to change. */
const DOMINANT_SHARE = 0.5;

/** What a person reading the alert can do about it, most urgent first. */
export function recommendations(s: BudgetStatus): string[] {
  const out: string[] = [];
  const name = s.budget.name;
  if (s.state === 'exceeded') {
    if (s.budget.policy === 'hard') {
      out.push(
        s.endMs === null
          ? `Run ${s.runId ?? ''} is stopped by "${name}": the budget check answers 402 for it. Raise limit_usd to let it continue.`
          : `Calls under "${name}" are stopped until ${new Date(s.endMs).toISOString()}: the budget check answers 402. Raise limit_usd to resume sooner.`,
      );
    } else {
      out.push(`Spend is ${s.percent}% of the limit of "${name}" and nothing stops it: set policy to hard to block further calls, or raise limit_usd.`);
    }
  } else if (s.projection.willExceed && s.projection.hoursUntilDepleted !== null) {
    out.push(
      `At ${formatUsdNanos(s.projection.rateNanosPerHour)}/h "${name}" runs out in about ${hours(s.projection.hoursUntilDepleted)}, before the period ends: slow the agent down, switch to a cheaper model, or raise limit_usd.`,
    );
  }
  const top = s.drivers[0];
  if (top && s.spentNanos > 0 && top.costNanos >= DOMINANT_SHARE * s.spentNanos) {
    const share = Math.round((top.costNanos / s.spentNanos) * 100);
    const who = top.model === null ? `agent ${top.agent}` : `${top.model} (agent ${top.agent})`;
    out.push(`${who} accounts for ${share}% of the spend: route routine steps to a cheaper model or cache repeated prompts.`);
  }
  if (s.unpricedCalls > 0) {
    out.push(`${s.unpricedCalls} calls have no price, so their cost is missing from this budget: add a pricing override for their models.`);
  }
  return out;
}
