import fs from 'node:fs';
import path from 'node:path';

/**
 * Copies everything the process prints into a file as well (LOG_FILE). The end-to-end suite scans
 * that file to prove no secret is ever logged, including by Next itself.
 */
export function teeOutputTo(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.createWriteStream(file, { flags: 'a' });
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      out.write(chunk as string);
      return original(chunk, ...rest);
    }) as typeof stream.write;
  }
}
