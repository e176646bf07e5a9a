import { describe, expect, it } from 'vitest';

import { renderMonitoringCode } from '../monitoring-code';
import { checkSnippet } from '../snippet-check';
import { asSeen, findHiddenCharacters } from './hidden-characters';

const CLIENT_ID = 'ab12cd34ef56gh78';
const ENDPOINT = 'https://app3.salesmanago.com';
const code = () => renderMonitoringCode({ clientId: CLIENT_ID, endpoint: ENDPOINT, options: {} });
const check = (source: string) =>
  checkSnippet({ source, expected: { clientId: CLIENT_ID, endpoint: ENDPOINT, options: {} } });

/** 1-based line and column of the first occurrence of `needle` plus `plus` characters. */
function positionOf(source: string, needle: string, plus = 0) {
  const offset = source.indexOf(needle) + plus;
  const before = source.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`;
}

describe('findHiddenCharacters', () => {
  it('names invisible and direction-changing characters with their code point and Unicode name', () => {
    expect(findHiddenCharacters('a\u200Bb\u202Ec\u2066d\uFEFFe').map((h) => [h.offset, h.name])).toEqual([
      [1, 'U+200B ZERO WIDTH SPACE'],
      [3, 'U+202E RIGHT-TO-LEFT OVERRIDE'],
      [5, 'U+2066 LEFT-TO-RIGHT ISOLATE'],
      [7, 'U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark)'],
    ]);
  });

  it('names a no-break space inside a word or string, not between tokens', () => {
    expect(findHiddenCharacters('"a\u00A0b"').map((h) => h.name)).toEqual(['U+00A0 NO-BREAK SPACE']);
    expect(findHiddenCharacters('var\u00A0 x = 1;\n\uFEFFvar y')).toEqual([]);
  });

  it('names Cyrillic and Greek look-alikes only when asked', () => {
    expect(findHiddenCharacters('\u0430b\u03BF')).toEqual([]);
    expect(findHiddenCharacters('\u0430b\u03BF', { lookalikes: true }).map((h) => h.name)).toEqual([
      'U+0430 CYRILLIC SMALL LETTER A, which looks like "a"',
      'U+03BF GREEK SMALL LETTER OMICRON, which looks like "o"',
    ]);
    expect(asSeen('\u0430b\u200Bc\u03BF')).toBe('abco');
  });
});

describe('the checker names hidden characters instead of an identical-looking client ID', () => {
  it('a zero-width space in the client ID, with its line and column', () => {
    const source = code().replace(CLIENT_ID, 'ab12cd34\u200Bef56gh78');
    const finding = check(source).findings.find((f) => f.kind === 'client-id-mismatch');
    expect(finding?.message).toContain(`U+200B ZERO WIDTH SPACE at ${positionOf(source, '\u200B')}`);
    expect(finding?.message).not.toContain('The code uses client ID');
  });

  it('a Cyrillic letter in the client ID', () => {
    const source = code().replace(CLIENT_ID, 'ab12cd34ef56gh78'.replace('a', '\u0430'));
    const finding = check(source).findings.find((f) => f.kind === 'client-id-mismatch');
    expect(finding?.message).toContain(
      `U+0430 CYRILLIC SMALL LETTER A, which looks like "a" at ${positionOf(source, '\u0430')}`,
    );
  });

  it('a zero-width space or bidi control elsewhere in the code', () => {
    const source = code().replace('var _smid', '// n\u200Bote \u202Eabc\nvar _smid');
    const finding = check(source).findings.find((f) => f.kind === 'invisible-characters');
    expect(finding?.message).toContain(`U+200B ZERO WIDTH SPACE at ${positionOf(source, '\u200B')}`);
    expect(finding?.message).toContain(`U+202E RIGHT-TO-LEFT OVERRIDE at ${positionOf(source, '\u202E')}`);
  });

  it('nothing for a clean copy', () => {
    expect(check(code()).findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
