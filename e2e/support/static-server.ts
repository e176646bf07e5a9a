import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A page the server answers with: HTML, or a full answer (status, headers, body). */
export type StaticPage = string | { status?: number; headers?: Record<string, string>; body?: string };

export interface StaticServer {
  /** `http://127.0.0.1:<port>`: a second origin next to the console's. */
  origin: string;
  port: number;
  url(path: string): string;
  /** Adds or replaces the page at `path` (`/shop.html`). */
  set(path: string, page: StaticPage): void;
  /** Paths requested so far, in order (query strings included). */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A tiny web server for the specs, standing in for a shop's website: it serves the given pages on
 * 127.0.0.1 (never another interface) on a free port, and 404 for anything else. Like a real shop it
 * has a favicon (an empty one), so the browser logs no failed load for it.
 */
export async function startStaticServer(pages: Record<string, StaticPage> = {}): Promise<StaticServer> {
  const table = new Map(Object.entries(pages));
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const page = table.get(path.split('?')[0] ?? '/');
    if (page === undefined && path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (page === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Not found');
      return;
    }
    const answer = typeof page === 'string' ? { body: page } : page;
    res.writeHead(answer.status ?? 200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...answer.headers,
    });
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    url: (path) => `${origin}${path}`,
    set: (path, page) => void table.set(path, page),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A minimal HTML page with `body` inside <body>, as a shop's page would carry a snippet. */
export function htmlPage(body: string, title = 'Test shop'): string {
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${title}</title>\n</head>\n<body>\n<h1>${title}</h1>\n${body}\n</body>\n</html>\n`;
}
