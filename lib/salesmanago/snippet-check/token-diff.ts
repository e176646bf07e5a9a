/**
 * A minimal token diff (longest common subsequence) plus the two clean-ups that make its hunks
 * read like what a person changed: deletions slid onto loader-part boundaries, and hunks within
 * one part merged.
 */
import type { ExpectedToken } from './expected';

export type Hunk = { aStart: number; aEnd: number; bStart: number; bEnd: number };

// Beyond this many token pairs the diff is skipped; a real loader has about 120 tokens.
const MAX_DIFF_CELLS = 4_000_000;

export function diffKeys(a: readonly string[], b: readonly string[]): Hunk[] {
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > MAX_DIFF_CELLS) return [{ aStart: 0, aEnd: n, bStart: 0, bEnd: m }];
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * width + j] ?? 0, lcs[i * width + j + 1] ?? 0);
    }
  }
  const hunks: Hunk[] = [];
  let open: Hunk | undefined;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      open = undefined;
      i++;
      j++;
      continue;
    }
    if (!open) {
      open = { aStart: i, aEnd: i, bStart: j, bEnd: j };
      hunks.push(open);
    }
    if (i < n && (j >= m || (lcs[(i + 1) * width + j] ?? 0) >= (lcs[i * width + j + 1] ?? 0)))
      open.aEnd = ++i;
    else open.bEnd = ++j;
  }
  return hunks;
}

/**
 * A deleted run of tokens can often sit in several places (deleting `sm.async = true;` before
 * `sm.src` looks the same as deleting `async = true; sm.` after `sm.`). Slide each pure deletion
 * to where it covers the fewest loader parts, preferring part boundaries, so messages name the
 * part a person actually removed.
 */
export function alignDeletions(hunks: Hunk[], expected: readonly ExpectedToken[]): Hunk[] {
  const keys = expected.map((token) => token.key);
  const score = (start: number, end: number) => {
    const parts = new Set(expected.slice(start, end).map((token) => token.part));
    const atBoundary = start === 0 || expected[start - 1]?.part !== expected[start]?.part;
    return parts.size * 2 + (atBoundary ? 0 : 1);
  };
  return hunks.map((hunk) => {
    if (hunk.bStart !== hunk.bEnd) return hunk;
    let best = hunk;
    let shift = hunk;
    while (shift.aStart > 0 && keys[shift.aStart - 1] === keys[shift.aEnd - 1]) {
      shift = {
        aStart: shift.aStart - 1,
        aEnd: shift.aEnd - 1,
        bStart: shift.bStart - 1,
        bEnd: shift.bEnd - 1,
      };
      if (score(shift.aStart, shift.aEnd) < score(best.aStart, best.aEnd)) best = shift;
    }
    shift = hunk;
    while (shift.aEnd < keys.length && keys[shift.aStart] === keys[shift.aEnd]) {
      shift = {
        aStart: shift.aStart + 1,
        aEnd: shift.aEnd + 1,
        bStart: shift.bStart + 1,
        bEnd: shift.bEnd + 1,
      };
      if (score(shift.aStart, shift.aEnd) < score(best.aStart, best.aEnd)) best = shift;
    }
    return best;
  });
}

/** Hunks that change the same loader part are one change to a person, e.g. a rewritten line. */
export function mergeByPart(hunks: Hunk[], expected: readonly ExpectedToken[]): Hunk[] {
  const partsOf = (hunk: Hunk) => {
    const tokens = expected.slice(hunk.aStart, hunk.aEnd);
    const isSemicolonOnly = tokens.every((token) => token.key.startsWith(';'));
    return new Set(isSemicolonOnly ? [] : tokens.map((token) => token.part));
  };
  const merged: Hunk[] = [];
  for (const hunk of hunks) {
    const previous = merged.at(-1);
    const shared = previous ? [...partsOf(hunk)].some((part) => partsOf(previous).has(part)) : false;
    if (previous && shared) {
      merged[merged.length - 1] = {
        aStart: previous.aStart,
        aEnd: hunk.aEnd,
        bStart: previous.bStart,
        bEnd: hunk.bEnd,
      };
    } else {
      merged.push(hunk);
    }
  }
  return merged;
}
