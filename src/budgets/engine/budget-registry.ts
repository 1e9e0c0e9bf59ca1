import type { Budget } from '../model/budget.js';
import type { Term } from '../spend/matcher.js';

/** What forTenant returns for a tenant without budgets: asked for every committed call. */
const NO_BUDGETS: readonly Budget[] = Object.freeze([]);

/**
 * The budgets of every tenant, with what each one counts: its own (scope, target) plus those of
 * its descendants, since child budgets roll up into their parent.
 */
export class BudgetRegistry {
  private readonly byId = new Map<string, Budget>();
  private readonly byTenant = new Map<string, Budget[]>();
  private readonly terms = new Map<string, Term[]>();

  all(): Budget[] {
    return [...this.byId.values()];
  }

  forTenant(tenant: string): readonly Budget[] {
    return this.byTenant.get(tenant) ?? NO_BUDGETS;
  }

  get(id: string): Budget | undefined {
    return this.byId.get(id);
  }

  byName(tenant: string, name: string): Budget | undefined {
    return this.forTenant(tenant).find((b) => b.name === name);
  }

  /** The API names a budget by id or by name. */
  find(tenant: string, idOrName: string): Budget | undefined {
    const byId = this.byId.get(idOrName);
    return byId && byId.tenant === tenant ? byId : this.byName(tenant, idOrName);
  }

  children(parent: Budget): Budget[] {
    return this.forTenant(parent.tenant).filter((b) => b.parent === parent.name);
  }

  /** The budget and its ancestors, nearest first (cycles are refused at input, but stop anyway). */
  lineage(b: Budget): Budget[] {
    const chain: Budget[] = [];
    let current: Budget | undefined = b;
    while (current && !chain.includes(current)) {
      chain.push(current);
      current = current.parent === null ? undefined : this.byName(current.tenant, current.parent);
    }
    return chain;
  }

  termsOf(b: Budget): readonly Term[] {
    return this.terms.get(b.id) ?? [];
  }

  /** Replaces every budget at once (start-up). */
  load(budgets: Iterable<Budget>): void {
    this.byId.clear();
    for (const b of budgets) this.byId.set(b.id, b);
    this.reindex();
  }

  put(b: Budget): void {
    this.byId.set(b.id, b);
    this.reindex();
  }

  remove(id: string): void {
    this.byId.delete(id);
    this.reindex();
  }

  private reindex(): void {
    this.byTenant.clear();
    for (const b of this.byId.values()) {
      const list = this.byTenant.get(b.tenant);
      if (list) list.push(b);
      else this.byTenant.set(b.tenant, [b]);
    }
    this.terms.clear();
    for (const b of this.byId.values()) this.terms.set(b.id, this.collectTerms(b, new Set()));
  }

  private collectTerms(b: Budget, seen: Set<string>): Term[] {
    seen.add(b.id);
    const own: Term = { scope: b.scope, target: b.target };
    if (b.scope === 'org') return [own];
    const terms = [own];
    for (const child of this.children(b)) {
      if (seen.has(child.id)) continue;
      for (const t of this.collectTerms(child, seen)) {
        if (!terms.some((x) => x.scope === t.scope && x.target === t.target)) terms.push(t);
      }
    }
    return terms;
  }
}
