import { describe, expect, it } from 'vitest';

import { releaseThreadTurn, shareWriteTurn, takeWriteTurn } from './write-turn';

// The two threads' tags (write-turn.ts): both are played here by one thread, which is all Atomics needs.
const MAIN = 1;
const THREAD = 2;
const word = new Int32Array(shareWriteTurn());
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('the write turn between the main thread and the delivery thread', () => {
  it('is taken at once when free, and waited for while the other thread holds it', async () => {
    const endMain = await takeWriteTurn(MAIN);
    let threadHasIt = false;
    const thread = takeWriteTurn(THREAD).then((end) => {
      threadHasIt = true;
      return end;
    });
    await tick();
    expect(threadHasIt).toBe(false);
    endMain();
    const endThread = await thread;
    expect(threadHasIt).toBe(true);
    endThread();
    expect(word[0]).toBe(0);
  });

  it('is handed to the waiting thread, so the releaser cannot take it back first', async () => {
    const order: string[] = [];
    const endThread = await takeWriteTurn(THREAD);
    const main = takeWriteTurn(MAIN).then((end) => {
      order.push('main');
      end();
    });
    await tick();
    endThread();
    // The delivery thread asks again at once: the main thread, which waited, goes first.
    const again = takeWriteTurn(THREAD).then((end) => {
      order.push('thread');
      end();
    });
    await Promise.all([main, again]);
    expect(order).toEqual(['main', 'thread']);
    expect(word[0]).toBe(0);
  });

  it('is given up after the wait, leaving no one marked waiting, and then ends nothing', async () => {
    const endThread = await takeWriteTurn(THREAD);
    const started = performance.now();
    const endMain = await takeWriteTurn(MAIN, 30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
    endMain(); // not the holder: the thread keeps its turn
    expect(word[0]).toBe(THREAD);
    endThread();
    expect(word[0]).toBe(0);
  });

  it('is freed by the host when the delivery thread ended holding it', async () => {
    await takeWriteTurn(THREAD);
    const main = takeWriteTurn(MAIN);
    await tick();
    releaseThreadTurn();
    const endMain = await main;
    expect(word[0]).toBe(MAIN);
    endMain();
    expect(word[0]).toBe(0);
  });
});
