import { sandboxStore } from '@/lib/data/sandbox';
import { handleSandboxApi } from '@/lib/sandbox/api';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

// The sandbox is reached only over HTTP, exactly like a real SALESmanago endpoint (product.md).
export async function POST(req: Request, ctx: { params: Promise<{ path: string[] }> }): Promise<Response> {
  const { path } = await ctx.params;
  const reply = handleSandboxApi(`/api/${path.join('/')}`, await req.text(), sandboxStore);
  if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
  const body = reply.raw ?? JSON.stringify(reply.json);
  return new Response(body, {
    status: reply.status,
    headers: {
      'content-type': 'application/json;charset=UTF-8',
      'cache-control': 'no-store',
      ...reply.headers,
    },
  });
}
