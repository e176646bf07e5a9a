import type { IncomingMessage } from 'node:http';

/** Reads at most `max` bytes; beyond that it stops and reports the body as too large. */
export function readCapped(req: IncomingMessage, max: number): Promise<{ body: string; tooLarge: boolean }> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > max) {
      req.resume();
      resolve({ body: '', tooLarge: true });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        resolve({ body: '', tooLarge: true });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve({ body: Buffer.concat(chunks).toString('utf8'), tooLarge: false }));
    req.on('error', reject);
  });
}
