import { describe, expect, it } from 'vitest';

import { parseSnippetQuery, snippetOptionsSchema } from '@/lib/validations/snippet';
import { commandLines, DEFAULT_DRAFT, draftFieldErrors, draftFromOptions, draftQuery } from './snippet';

const options = (input: object) => snippetOptionsSchema.parse(input);

describe('draftQuery', () => {
  it('round-trips any saved options through the query the API reads', () => {
    for (const saved of [
      options({}),
      options({ smapp: 7, smcustom: true, smbanners: true, cookieLifetimeDays: 30 }),
      options({ clientIdPlaceholder: true, popups: true, format: 'minified' }),
      options({ extraCommands: ["sm('webPush', ['abc', '1']);", "sm('event', { name: 'x y' });"] }),
    ]) {
      const parsed = parseSnippetQuery(new URLSearchParams(draftQuery(draftFromOptions(saved))));
      expect(parsed.success && parsed.data).toEqual(saved);
    }
  });

  it('names every flag, so the API never mixes in the saved options', () => {
    const query = new URLSearchParams(draftQuery(draftFromOptions(options({}))));
    expect([...query.keys()]).toEqual(['smcustom', 'smbanners', 'smclientid', 'popups', 'format']);
  });

  it('passes half-typed values through for the API to answer with a field error', () => {
    const draft = { ...draftFromOptions(options({})), smapp: ' 1x ', commands: "\nsm('a')\n\n  \nsm(" };
    const query = new URLSearchParams(draftQuery(draft));
    expect(query.get('smapp')).toBe('1x');
    expect(query.getAll('cmd')).toEqual(["sm('a')", 'sm(']);
    expect(commandLines(draft)).toEqual(["sm('a')", 'sm(']);
    const parsed = parseSnippetQuery(query);
    expect(parsed.success).toBe(false);
  });
});

describe('draftFieldErrors', () => {
  it('ignores keys named like Object.prototype members instead of filing them under a field', () => {
    const errors = draftFieldErrors({ constructor: ['a'], toString: ['b'], smapp: ['c'] });
    expect(Object.keys(errors)).toEqual(['smapp']);
  });

  it('puts the API errors on the form fields, numbering command lines from 1', () => {
    expect(
      draftFieldErrors({
        smapp: ['Use a whole number.'],
        'cmd.1': ['Not a call.'],
        clt: ['Too long.'],
        other: ['x'],
      }),
    ).toEqual({
      smapp: ['Use a whole number.'],
      commands: ['Line 2: Not a call.'],
      cookieLifetimeDays: ['Too long.'],
    });
  });

  it('DEFAULT_DRAFT is the draft of the default options', () => {
    expect(draftFromOptions(options({}))).toEqual(DEFAULT_DRAFT);
  });
});
