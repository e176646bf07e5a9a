import { afterEach, describe, expect, it, vi } from 'vitest';

import { logError } from './log';

describe('logError', () => {
  afterEach(() => vi.restoreAllMocks());

  it("names a wrapped driver error's reason and code, never its detail, and keeps secrets out", () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    const cause = Object.assign(new Error('deadlock detected'), {
      code: '40P01',
      detail: 'Process 12 waits for ShareLock on transaction 34; row (apiKey=abc)',
    });
    logError('recording a delivery answer', new Error('Failed query: update "attempts" …', { cause }));
    logError('signing', new Error('bad request', { cause: new Error('apiKey: "k-123" refused') }));
    expect(lines[0]).toBe(
      '[console] recording a delivery answer: Error: Failed query: update "attempts" … (cause: deadlock detected [40P01])',
    );
    expect(lines.join('\n')).not.toContain('ShareLock');
    expect(lines.join('\n')).not.toContain('k-123');
  });
});
