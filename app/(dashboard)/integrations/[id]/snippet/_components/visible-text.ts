/**
 * Makes characters a reader cannot see visible, for showing what a checker found: zero-width and
 * other invisible characters, non-breaking spaces and tabs become `⟨U+200B⟩`-style marks.
 */
const INVISIBLE =
  /[\u00A0\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u2000-\u200F\u2028-\u202F\u205F-\u206F\u3000\u3164\uFEFF\uFFA0\t]/g;

export function visibleText(text: string): string {
  return text.replace(
    INVISIBLE,
    (char) => `⟨U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩`,
  );
}
