import { describe, expect, it } from 'vitest';

import { INCIDENT_THRESHOLD_DEFAULTS as T } from '@/lib/validations/incident';
import {
  backlogSignal,
  credentialsCheckDue,
  failureRateSignal,
  minuteOf,
  MINUTE_MS,
  snippetGoneSignal,
  websiteSilentSignal,
  windowFirstMinute,
} from './rules';

const HOUR = 60 * MINUTE_MS;
const NOW = Date.UTC(2026, 11, 7, 10, 14, 30);

describe('failure rate', () => {
  it('fires at exactly the threshold share of exactly the minimum number of answers', () => {
    // 20 % of 20 is 4: the edge counts.
    const at = failureRateSignal({ succeeded: 16, failed: 4 }, T);
    expect(at.state).toBe('firing');
    expect(at.affected).toBe(4);
    expect(at.summary).toBe('4 deliveries of the last 20 failed within 15 minutes (20 %).');
    expect(failureRateSignal({ succeeded: 17, failed: 3 }, T).state).toBe('clear');
  });

  it('judges nothing below the minimum number of answers, however many of them failed', () => {
    expect(failureRateSignal({ succeeded: 0, failed: 19 }, T).state).toBe('clear');
    expect(failureRateSignal({ succeeded: 0, failed: 20 }, T).state).toBe('firing');
    expect(failureRateSignal({ succeeded: 0, failed: 0 }, T).state).toBe('clear');
  });

  it('follows the integration’s own thresholds', () => {
    const strict = { ...T, failureRatePercent: 5, failureRateMinDeliveries: 100 };
    expect(failureRateSignal({ succeeded: 95, failed: 5 }, strict).state).toBe('firing');
    expect(failureRateSignal({ succeeded: 96, failed: 4 }, strict).state).toBe('clear');
  });

  it('counts the current minute and the window’s earlier ones: an answer leaves between 14 and 15 minutes later', () => {
    const first = windowFirstMinute(NOW, 15);
    expect(minuteOf(NOW) - first).toBe(14);
    // An answer at 10:00:00 is in the window at 10:14:30 and at 10:14:59.999, out at 10:15:00.
    const answer = Date.UTC(2026, 11, 7, 10, 0, 0);
    expect(minuteOf(answer)).toBeGreaterThanOrEqual(first);
    expect(minuteOf(answer)).toBeGreaterThanOrEqual(windowFirstMinute(answer + 15 * MINUTE_MS - 1, 15));
    expect(minuteOf(answer)).toBeLessThan(windowFirstMinute(answer + 15 * MINUTE_MS, 15));
    // One millisecond before that minute was never in the window at 10:14:30.
    expect(minuteOf(answer - 1)).toBeLessThan(first);
  });
});

describe('backlog', () => {
  it('fires once the oldest waiting delivery has waited the threshold, not a millisecond before', () => {
    const queue = (waited: number) => ({ oldestQueuedAt: NOW - waited, queued: 42, paused: false });
    expect(backlogSignal(queue(15 * MINUTE_MS - 1), NOW, T).state).toBe('clear');
    const firing = backlogSignal(queue(15 * MINUTE_MS), NOW, T);
    expect(firing.state).toBe('firing');
    expect(firing.affected).toBe(42);
    expect(firing.summary).toBe('42 deliveries are waiting to be sent; the oldest has waited 15 minutes.');
  });

  it('clears with an empty queue and says nothing while sending is paused', () => {
    expect(backlogSignal({ oldestQueuedAt: null, queued: 0, paused: false }, NOW, T).state).toBe('clear');
    const paused = { oldestQueuedAt: NOW - 10 * HOUR, queued: 9, paused: true };
    expect(backlogSignal(paused, NOW, T).state).toBe('unknown');
  });
});

describe('website silent (with a clock of our own)', () => {
  const site = { lastEventAt: NOW, collectorEnabled: true };

  it('is off until the first website event, and while website events are turned off', () => {
    expect(websiteSilentSignal({ ...site, lastEventAt: null }, NOW + 100 * HOUR, T).state).toBe('clear');
    expect(websiteSilentSignal({ ...site, collectorEnabled: false }, NOW + 100 * HOUR, T).state).toBe(
      'clear',
    );
  });

  it('fires six hours after the last event by default, and not before', () => {
    let clock = NOW;
    const advance = (ms: number) => (clock += ms);
    advance(6 * HOUR - 1);
    expect(websiteSilentSignal(site, clock, T).state).toBe('clear');
    advance(1);
    const firing = websiteSilentSignal(site, clock, T);
    expect(firing.state).toBe('firing');
    expect(firing.summary).toBe('The website has sent no event for 6 hours.');
    advance(2 * 24 * HOUR);
    expect(websiteSilentSignal(site, clock, T).summary).toBe('The website has sent no event for 2 days.');
    // An event arrives: the silence is over.
    expect(websiteSilentSignal({ ...site, lastEventAt: clock }, clock, T).state).toBe('clear');
  });
});

describe('monitoring code gone', () => {
  it('is off until the code was seen, then fires after the threshold without it', () => {
    expect(snippetGoneSignal(null, NOW, T).state).toBe('clear');
    expect(snippetGoneSignal(NOW - 24 * HOUR + 1, NOW, T).state).toBe('clear');
    expect(snippetGoneSignal(NOW - 24 * HOUR, NOW, T).state).toBe('firing');
  });
});

describe('credential checks are due', () => {
  const base = {
    verifiedAt: NOW - HOUR,
    createdAt: NOW - 100 * HOUR,
    lastRefusalAt: null,
    incidentOpen: false,
  };

  it('six hours after the last check, or after the integration was added when never checked', () => {
    expect(credentialsCheckDue(base, NOW)).toBe(false);
    expect(credentialsCheckDue(base, NOW + 5 * HOUR)).toBe(true);
    const fresh = { ...base, verifiedAt: null, createdAt: NOW - HOUR };
    expect(credentialsCheckDue(fresh, NOW)).toBe(false);
    expect(credentialsCheckDue(fresh, NOW + 5 * HOUR)).toBe(true);
  });

  it('at once after a refusal since the last check, or an edit while the incident is open; hourly while it is', () => {
    expect(credentialsCheckDue({ ...base, lastRefusalAt: NOW - 1 }, NOW)).toBe(true);
    expect(credentialsCheckDue({ ...base, lastRefusalAt: NOW - 2 * HOUR }, NOW)).toBe(false);
    expect(credentialsCheckDue({ ...base, verifiedAt: null, incidentOpen: true }, NOW)).toBe(true);
    expect(credentialsCheckDue({ ...base, incidentOpen: true }, NOW)).toBe(true);
    expect(credentialsCheckDue({ ...base, verifiedAt: NOW - HOUR + 1, incidentOpen: true }, NOW)).toBe(false);
  });
});
