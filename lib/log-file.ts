import fs from 'node:fs';
import path from 'node:path';

/**
 * Copies everything the process prints into a file as well (LOG_FILE). The end-to-end suite scans
 * that file to prove no secret is ever logged, including by Next itself. Written synchronously, so the
 * last lines before an exit are kept (a graceful shutdown's, or the sentence a refused start ends with):
 * a stream's pending writes are dropped by process.exit.
 */
export function teeOutputTo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'a');
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === 'string') fs.writeSync(fd, chunk);
      else fs.writeSync(fd, chunk as Uint8Array);
      return original(chunk, ...rest);
    }) as typeof stream.write;
  }
}
