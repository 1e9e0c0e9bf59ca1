import type { Clock } from '../clock.js';
import type { BudgetDb } from '../store/db.js';
import { deleteAgent, getAgent, listAgents, upsertAgent, type AgentFields } from '../store/agents-store.js';
import type { AgentProfile } from './agent-profile.js';

/** The agent registry: profiles are read rarely and changed by people, so they live in DuckDB only. */
export class AgentRegistry {
  constructor(private readonly db: BudgetDb, private readonly clock: Clock) {}

  put(tenant: string, name: string, fields: AgentFields): Promise<AgentProfile> {
    return upsertAgent(this.db, tenant, name, fields, this.clock());
  }

  get(tenant: string, name: string): Promise<AgentProfile | undefined> {
    return getAgent(this.db, tenant, name);
  }

  list(tenant: string, department: string | null, limit: number, offset: number) {
    return listAgents(this.db, tenant, department, limit, offset);
  }

  remove(tenant: string, name: string): Promise<boolean> {
    return deleteAgent(this.db, tenant, name);
  }
}
