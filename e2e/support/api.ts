import type { APIRequestContext } from '@playwright/test';

/** The Sandbox integration's id, found the way an API user would. */
export async function sandboxIntegrationId(request: APIRequestContext): Promise<number> {
  const res = await request.get('/api/integrations');
  const { items } = (await res.json()) as { items: Array<{ id: number; isSandbox: boolean; name: string }> };
  const sandbox = items.find((i) => i.isSandbox && i.name === 'Sandbox') ?? items.find((i) => i.isSandbox);
  if (!sandbox) throw new Error('no sandbox integration');
  return sandbox.id;
}
