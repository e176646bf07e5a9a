import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const { getDb, openDb, setDbForTests } = await import('@/db');
const { startDeliveryThread } = await import('./thread-host');
const { THREAD_STOP, THREAD_WAKE } = await import('./thread-protocol');
const { wakeWorker } = await import('./worker');

setDbForTests(openDb(':memory:'));
const autoCheckpoint = () => getDb().$client.pragma('wal_autocheckpoint', { simple: true });

// Stand-ins for dist/delivery-thread.cjs: they note what happens to them in a log file.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thread-host-'));
const log = path.join(dir, 'log.txt');

function threadFile(body: string): string {
  const file = path.join(dir, `thread-${Math.random().toString(36).slice(2)}.cjs`);
  fs.writeFileSync(
    file,
    `const { parentPort } = require('node:worker_threads');
     const fs = require('node:fs');
     const note = (what) => fs.appendFileSync(${JSON.stringify(log)}, what + '\\n');
     note('start');
     parentPort.on('message', (m) => {
       note(m);
       if (m === ${JSON.stringify(THREAD_STOP)}) process.exit(0);
     });
     ${body}`,
  );
  return file;
}

const notes = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : []);

async function until(check: () => boolean, ms = 5000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out; notes: ${notes().join(', ')}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterEach(() => fs.rmSync(log, { force: true }));

describe('the delivery thread host', () => {
  it('passes wake-ups from the main thread to the worker thread, and stops it', async () => {
    const host = startDeliveryThread(threadFile(''));
    await until(() => notes().includes('start'));
    wakeWorker();
    await until(() => notes().includes(THREAD_WAKE));
    // The thread does the checkpoints while it runs; the main connection again once it is gone.
    expect(autoCheckpoint()).toBe(0);
    await host.stop();
    expect(notes()).toEqual(['start', THREAD_WAKE, THREAD_STOP]);
    expect(autoCheckpoint()).toBe(1000);
  });

  it('starts a thread that ended by itself again', async () => {
    const host = startDeliveryThread(threadFile(`setTimeout(() => process.exit(3), 50);`));
    await until(() => notes().filter((n) => n === 'start').length >= 2);
    await host.stop();
  });

  it('stops at once while a thread that ended waits to be started again, and does not start it', async () => {
    const host = startDeliveryThread(threadFile(`process.exit(3);`));
    await until(() => notes().includes('start'));
    await new Promise((r) => setTimeout(r, 100));
    await host.stop();
    await new Promise((r) => setTimeout(r, 1200));
    expect(notes()).toEqual(['start']);
  });
});
