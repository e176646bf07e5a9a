import { describe, expect, it } from 'vitest';

import { visibleText } from './visible-text';

describe('visibleText', () => {
  it('marks invisible characters and leaves the rest alone', () => {
    expect(visibleText('var\u00A0_smid = "a\u200Bb";\uFEFF')).toBe(
      'var⟨U+00A0⟩_smid = "a⟨U+200B⟩b";⟨U+FEFF⟩',
    );
    expect(visibleText('a\tb')).toBe('a⟨U+0009⟩b');
    expect(visibleText('sm(“x”) ąę <p>')).toBe('sm(“x”) ąę <p>');
  });
});
