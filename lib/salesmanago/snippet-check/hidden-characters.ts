import type { Finding } from './types';

/**
 * Characters in pasted code that look like nothing (zero-width spaces, joiners, bidi controls) or like
 * a Latin letter they are not (Cyrillic and Greek look-alikes). Each is named the way Unicode names it,
 * so a person can find it, where a plain "different client ID" would show two identical-looking IDs.
 */
const INVISIBLE: Record<string, string> = {
  '\u00AD': 'SOFT HYPHEN',
  '\u061C': 'ARABIC LETTER MARK',
  '\u200B': 'ZERO WIDTH SPACE',
  '\u200C': 'ZERO WIDTH NON-JOINER',
  '\u200D': 'ZERO WIDTH JOINER',
  '\u200E': 'LEFT-TO-RIGHT MARK',
  '\u200F': 'RIGHT-TO-LEFT MARK',
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2060': 'WORD JOINER',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
};

// White space to JavaScript, so harmless between tokens; named only inside a word or a string.
const SPACE_LIKE: Record<string, string> = {
  '\u00A0': 'NO-BREAK SPACE',
  '\u2007': 'FIGURE SPACE',
  '\u202F': 'NARROW NO-BREAK SPACE',
  '\uFEFF': 'ZERO WIDTH NO-BREAK SPACE (byte order mark)',
};

const CYRILLIC = 'CYRILLIC';
const GREEK = 'GREEK';
// [look-alike, the Latin letter it passes for, script, letter name]
const LOOKALIKES: Record<string, { latin: string; name: string }> = Object.fromEntries(
  (
    [
      ['\u0430', 'a', CYRILLIC, 'SMALL LETTER A'],
      ['\u0435', 'e', CYRILLIC, 'SMALL LETTER IE'],
      ['\u043E', 'o', CYRILLIC, 'SMALL LETTER O'],
      ['\u0440', 'p', CYRILLIC, 'SMALL LETTER ER'],
      ['\u0441', 'c', CYRILLIC, 'SMALL LETTER ES'],
      ['\u0443', 'y', CYRILLIC, 'SMALL LETTER U'],
      ['\u0445', 'x', CYRILLIC, 'SMALL LETTER HA'],
      ['\u0456', 'i', CYRILLIC, 'SMALL LETTER BYELORUSSIAN-UKRAINIAN I'],
      ['\u0458', 'j', CYRILLIC, 'SMALL LETTER JE'],
      ['\u0455', 's', CYRILLIC, 'SMALL LETTER DZE'],
      ['\u0501', 'd', CYRILLIC, 'SMALL LETTER KOMI DE'],
      ['\u04BB', 'h', CYRILLIC, 'SMALL LETTER SHHA'],
      ['\u0410', 'A', CYRILLIC, 'CAPITAL LETTER A'],
      ['\u0412', 'B', CYRILLIC, 'CAPITAL LETTER VE'],
      ['\u0415', 'E', CYRILLIC, 'CAPITAL LETTER IE'],
      ['\u041A', 'K', CYRILLIC, 'CAPITAL LETTER KA'],
      ['\u041C', 'M', CYRILLIC, 'CAPITAL LETTER EM'],
      ['\u041D', 'H', CYRILLIC, 'CAPITAL LETTER EN'],
      ['\u041E', 'O', CYRILLIC, 'CAPITAL LETTER O'],
      ['\u0420', 'P', CYRILLIC, 'CAPITAL LETTER ER'],
      ['\u0421', 'C', CYRILLIC, 'CAPITAL LETTER ES'],
      ['\u0422', 'T', CYRILLIC, 'CAPITAL LETTER TE'],
      ['\u0425', 'X', CYRILLIC, 'CAPITAL LETTER HA'],
      ['\u03B1', 'a', GREEK, 'SMALL LETTER ALPHA'],
      ['\u03BF', 'o', GREEK, 'SMALL LETTER OMICRON'],
      ['\u03BD', 'v', GREEK, 'SMALL LETTER NU'],
      ['\u03C1', 'p', GREEK, 'SMALL LETTER RHO'],
      ['\u0391', 'A', GREEK, 'CAPITAL LETTER ALPHA'],
      ['\u0392', 'B', GREEK, 'CAPITAL LETTER BETA'],
      ['\u0395', 'E', GREEK, 'CAPITAL LETTER EPSILON'],
      ['\u0397', 'H', GREEK, 'CAPITAL LETTER ETA'],
      ['\u0399', 'I', GREEK, 'CAPITAL LETTER IOTA'],
      ['\u039A', 'K', GREEK, 'CAPITAL LETTER KAPPA'],
      ['\u039C', 'M', GREEK, 'CAPITAL LETTER MU'],
      ['\u039D', 'N', GREEK, 'CAPITAL LETTER NU'],
      ['\u039F', 'O', GREEK, 'CAPITAL LETTER OMICRON'],
      ['\u03A1', 'P', GREEK, 'CAPITAL LETTER RHO'],
      ['\u03A4', 'T', GREEK, 'CAPITAL LETTER TAU'],
      ['\u03A7', 'X', GREEK, 'CAPITAL LETTER CHI'],
    ] as const
  ).map(([char, latin, script, letter]) => [char, { latin, name: `${script} ${letter}` }]),
);

export type HiddenCharacter = {
  offset: number;
  /** E.g. `U+200B ZERO WIDTH SPACE` or `U+0430 CYRILLIC SMALL LETTER A, which looks like "a"`. */
  name: string;
  /** What it passes for: "" for an invisible character, the Latin letter for a look-alike. */
  shownAs: string;
};

const codePoint = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
const isBlank = (char: string | undefined) => char === undefined || /\s/.test(char);

/** Invisible characters in `text` and, with `lookalikes`, letters that pass for Latin ones. */
export function findHiddenCharacters(text: string, opts: { lookalikes?: boolean } = {}): HiddenCharacter[] {
  const found: HiddenCharacter[] = [];
  for (let i = 0; i < text.length; i++) {
    const char = text.charAt(i);
    const invisible = Object.hasOwn(INVISIBLE, char) ? INVISIBLE[char] : undefined;
    const spaceLike =
      Object.hasOwn(SPACE_LIKE, char) && !isBlank(text[i - 1]) && !isBlank(text[i + 1])
        ? SPACE_LIKE[char]
        : undefined;
    if (invisible ?? spaceLike) {
      found.push({ offset: i, name: `${codePoint(char)} ${invisible ?? spaceLike}`, shownAs: '' });
      continue;
    }
    const lookalike = opts.lookalikes && Object.hasOwn(LOOKALIKES, char) ? LOOKALIKES[char] : undefined;
    if (lookalike) {
      found.push({
        offset: i,
        name: `${codePoint(char)} ${lookalike.name}, which looks like "${lookalike.latin}"`,
        shownAs: lookalike.latin,
      });
    }
  }
  return found;
}

/** The text as a person sees it: invisible characters gone, look-alikes read as their Latin letter. */
export function asSeen(text: string): string {
  let out = '';
  let last = 0;
  for (const hidden of findHiddenCharacters(text, { lookalikes: true })) {
    out += text.slice(last, hidden.offset) + hidden.shownAs;
    last = hidden.offset + 1;
  }
  return out + text.slice(last);
}

/**
 * One finding naming each invisible character in a script that parsed as it is (the repair pass
 * reports the ones that broke the parse). `skip` ranges are named elsewhere (the client ID).
 */
export function hiddenCharactersFinding(
  content: string,
  skip: readonly [number, number][],
  position: (offset: number) => { line: number; column: number },
): Finding | undefined {
  const found = findHiddenCharacters(content).filter(
    (h) => !skip.some(([a, b]) => h.offset >= a && h.offset < b),
  );
  if (found.length === 0) return undefined;
  const named = found.slice(0, 8).map((h) => {
    const at = position(h.offset);
    return `${h.name} at line ${at.line}, column ${at.column}`;
  });
  const more = found.length > 8 ? ` and ${found.length - 8} more` : '';
  return {
    kind: 'invisible-characters',
    severity: 'warning',
    line: position(found[0]!.offset).line,
    message: `The code has characters you cannot see: ${named.join('; ')}${more}. Inside a name, a string or an address they make it a different one, although it looks the same.`,
    fix: 'Copy the code again from this console through a plain-text editor, or retype the line by hand.',
    expected: 'no invisible characters',
    found: found
      .map((h) => h.name)
      .slice(0, 8)
      .join('; '),
  };
}
