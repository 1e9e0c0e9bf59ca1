import type { BudgetConfig } from '../../config/schema.js';
import type { Clock } from '../clock.js';
import type { BudgetEngine } from '../engine/engine.js';
import { newId } from '../ids.js';
import type { BudgetDb, Statement } from '../store/db.js';
import { deleteBudget, insertBudget, updateBudget } from '../store/budgets-store.js';
import { budgetInputOf, type Budget, type BudgetSettings } from './budget.js';
import { parseBudget } from './budget-input.js';
import { InputError, ConflictError, NotFoundError } from './errors.js';
import { checkHierarchy } from './hierarchy.js';
import { checkConfigHierarchy, parseConfigBudgets } from './config-budgets.js';

/** Settings whose change alters which calls a budget (or its ancestors) counts. */
const STRUCTURAL: ReadonlyArray<keyof BudgetSettings> = ['scope', 'target', 'period', 'timezone', 'parent'];

/**
 * Creates, changes and removes budgets: validates (nothing is stored unless all of it is
 * valid), stores, then updates the in-memory registry and engine and fires any threshold the
 * change makes due. Changes run one at a time so parent allocations are checked against
 * settled state.
 */
export class BudgetAdmin {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: BudgetDb, private readonly engine: BudgetEngine, private readonly clock: Clock) {}

  create(tenant: string, input: unknown): Promise<Budget> {
    return this.serial(async () => {
      const { name, settings } = parseBudget(input);
      if (this.engine.registry.byName(tenant, name)) throw new ConflictError(`a budget named "${name}" already exists`);
      checkHierarchy({ tenant, name, id: null, settings }, this.engine.registry);
      const now = this.clock();
      const budget: Budget = { id: newId('bgt'), tenant, name, source: 'api', createdMs: now, updatedMs: now, ...settings };
      await this.db.transaction([insertBudget(budget)]);
      this.apply(budget, undefined);
      return budget;
    });
  }

  /** Merges `patch` over the stored budget; null removes an optional field (target, parent…). */
  update(tenant: string, idOrName: string, patch: unknown): Promise<Budget> {
    return this.serial(async () => {
      const current = this.find(tenant, idOrName);
      if (current.source === 'config') throw new ConflictError(`budget "${current.name}" is defined in otel-config.yaml; change it there`);
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) throw new InputError('body', 'expected a JSON object');
      const merged = budgetInputOf(current);
      for (const [key, value] of Object.entries(patch)) {
        if (value === null) delete merged[key];
        else merged[key] = value;
      }
      if (merged.name !== current.name) throw new InputError('name', 'a budget cannot be renamed; create a new one');
      const { settings } = parseBudget(merged);
      checkHierarchy({ tenant, name: current.name, id: current.id, settings }, this.engine.registry);
      const budget: Budget = { ...current, ...settings, updatedMs: this.clock() };
      await this.db.transaction([updateBudget(budget)]);
      this.apply(budget, current);
      return budget;
    });
  }

  remove(tenant: string, idOrName: string): Promise<Budget> {
    return this.serial(async () => {
      const budget = this.find(tenant, idOrName);
      if (budget.source === 'config') throw new ConflictError(`budget "${budget.name}" is defined in otel-config.yaml; remove it there`);
      const children = this.engine.registry.children(budget);
      if (children.length > 0) {
        throw new ConflictError(`budget "${budget.name}" has child budgets (${children.map((c) => c.name).join(', ')}); remove or re-parent them first`);
      }
      await this.db.transaction([deleteBudget(budget.id)]);
      const ancestors = this.engine.registry.lineage(budget).slice(1);
      this.engine.registry.remove(budget.id);
      this.engine.budgetRemoved(budget.id);
      this.engine.budgetsChanged(tenant);
      this.engine.evaluateAll(ancestors);
      return budget;
    });
  }

  /**
   * Start-up: makes the stored config budgets equal the config's budgets section. A config
   * budget keeps its id across restarts (and so its fired thresholds); one whose name an API
   * budget has taken takes that budget over, since the config is the operator's word.
   */
  async syncConfig(entries: readonly BudgetConfig[]): Promise<void> {
    const registry = this.engine.registry;
    const parsed = parseConfigBudgets(entries);
    const now = this.clock();
    const statements: Statement[] = [];
    const wanted = new Set(parsed.map((p) => `${p.tenant}\u0000${p.name}`));
    for (const { tenant, name, settings } of parsed) {
      const existing = registry.byName(tenant, name);
      const budget: Budget = existing
        ? { ...existing, ...settings, source: 'config', updatedMs: sameSettings(existing, settings) ? existing.updatedMs : now }
        : { id: newId('bgt'), tenant, name, source: 'config', createdMs: now, updatedMs: now, ...settings };
      if (!existing) statements.push(insertBudget(budget));
      else if (budget.updatedMs !== existing.updatedMs || existing.source !== 'config') statements.push(updateBudget(budget));
      registry.put(budget);
    }
    for (const b of registry.all()) {
      if (b.source === 'config' && !wanted.has(`${b.tenant}\u0000${b.name}`)) {
        statements.push(deleteBudget(b.id));
        registry.remove(b.id);
      }
    }
    checkConfigHierarchy(parsed, registry);
    if (statements.length > 0) await this.db.transaction(statements);
  }

  private find(tenant: string, idOrName: string): Budget {
    const budget = this.engine.registry.find(tenant, idOrName);
    if (!budget) throw new NotFoundError(`no budget "${idOrName}"`);
    return budget;
  }

  /** Puts a stored budget in force and fires what it makes due, in it and in its ancestors. */
  private apply(budget: Budget, before: Budget | undefined): void {
    const registry = this.engine.registry;
    const oldLineage = before ? registry.lineage(before) : [];
    registry.put(budget);
    if (!before || STRUCTURAL.some((k) => before[k] !== budget[k])) this.engine.budgetsChanged(budget.tenant);
    const affected = new Map([...oldLineage, ...registry.lineage(budget)].map((b) => [b.id, registry.get(b.id) ?? b]));
    this.engine.evaluateAll([...affected.values()]);
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function sameSettings(b: Budget, s: BudgetSettings): boolean {
  return JSON.stringify(budgetInputOf(b)) === JSON.stringify(budgetInputOf({ ...b, ...s }));
}
