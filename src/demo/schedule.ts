import { MS_PER_DAY, addDays, isoWeekday, localDate } from '../util/time.js';
import { GROWTH_START, PIPELINES, type PipelineKind } from './fleet.js';
import type { Random } from './random.js';

const HOUR_MS = 3_600_000;
/** A run must have finished by "now": nothing the demo sends lies in the future. */
const LATEST_START_BEFORE_NOW_MS = 20 * 60_000;

export interface ScheduledRun {
  pipeline: PipelineKind;
  startMs: number;
}

export interface ScheduleOptions {
  /** Days of history, today included. */
  days: number;
  /** Research-report runs on a busy weekday at the end of the window; other pipelines scale from it. */
  runsPerDay: number;
  nowMs: number;
}

/**
 * When each run starts over the last `days` UTC days: a weekday pattern, office hours for the
 * content pipeline, round-the-clock support, and growth from GROWTH_START to 1 across the window.
 * Every day gets at least one support conversation (today's before now), so no day is empty.
 * Sorted by start.
 */
export function scheduleRuns(rng: Random, { days, runsPerDay, nowMs }: ScheduleOptions): ScheduledRun[] {
  const today = localDate(nowMs, 'UTC');
  const runs: ScheduledRun[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(today, i - (days - 1));
    const dayStart = Date.parse(`${date}T00:00:00Z`);
    const growth = days === 1 ? 1 : GROWTH_START + ((1 - GROWTH_START) * i) / (days - 1);
    // Today's runs stop at "now"; the rest of the day has not happened yet.
    const latestStart = Math.min(dayStart + MS_PER_DAY - 1, nowMs - LATEST_START_BEFORE_NOW_MS);
    for (const pipeline of PIPELINES) {
      const expected = runsPerDay * pipeline.volume * pipeline.weekdayWeights[isoWeekday(date) - 1]! * growth;
      const count = Math.round(expected * (0.85 + 0.3 * rng.next()));
      let scheduled = 0;
      for (let n = 0; n < count; n++) {
        const startMs = dayStart + startOffsetMs(rng, pipeline);
        if (startMs > latestStart) continue;
        runs.push({ pipeline, startMs });
        scheduled++;
      }
      if (scheduled === 0 && pipeline.name === 'support-conversation' && latestStart >= dayStart) {
        runs.push({ pipeline, startMs: dayStart + Math.floor(rng.next() * (latestStart - dayStart + 1)) });
      }
    }
  }
  return runs.sort((a, b) => a.startMs - b.startMs);
}

function startOffsetMs(rng: Random, pipeline: PipelineKind): number {
  const hour = rng.weighted(pipeline.hourWeights.map((w, h) => [h, w] as const));
  return Math.min(MS_PER_DAY - 1, hour * HOUR_MS + Math.floor(rng.next() * HOUR_MS));
}
