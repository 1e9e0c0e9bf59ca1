/** What PUT /v1/agents/:name takes: the agent registry's profile of an agent. */
export interface Profile {
  display_name?: string;
  department?: string;
  role?: string;
  human_equivalent_monthly_cost_usd?: number;
}

/** Registers agents through the service's own registry endpoint (open auth: admin for all). */
export async function registerAgents(apiUrl: string, profiles: Record<string, Profile>): Promise<void> {
  for (const [name, profile] of Object.entries(profiles)) {
    const res = await fetch(`${apiUrl}/v1/agents/${encodeURIComponent(name)}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(profile) });
    if (res.status !== 200) throw new Error(`PUT /v1/agents/${name}: HTTP ${res.status} ${await res.text()}`);
  }
}
