import { describe, expect, it } from 'vitest';

import { createTokenSchema } from '@/lib/data/tokens';
import { backfillUploadSchema } from './backfill';
import { displayName } from './common';
import { parseEvent } from './event';
import { createIntegrationSchema } from './integration';
import { templateSchema } from './template';
import { createUserSchema, updateUserSchema } from './user';

const required = displayName({ label: 'Name', max: 20, required: 'Give it a name.' });
const optional = displayName({ label: 'Name', max: 20 });
const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.error?.issues.map((i) => i.message) ?? [];

const CONTROL = 'Name cannot contain control characters or characters that change the text direction.';
const EMPTY = 'Name looks empty: use letters, digits or signs people can see.';

describe('displayName', () => {
  it.each([
    ['  Shop PL  ', 'Shop PL'],
    ['Sklep Łódź', 'Sklep Łódź'],
    ['عربي', 'عربي'],
    ['👩‍💻 team', '👩‍💻 team'], // a zero-width joiner inside an emoji is part of visible text
    ['e\u0301', 'e\u0301'],
  ])('keeps %j as %j', (input, output) => {
    expect(required.parse(input)).toBe(output);
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a tab', 'a\tb'],
    ['a line break', 'a\nb'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['right-to-left override', 'invoice\u202Etxt.exe'],
    ['left-to-right embedding', '\u202Aabc'],
    ['right-to-left isolate', 'a\u2067b\u2069'],
    ['right-to-left mark', 'a\u200Fb'],
    ['a lone high surrogate', 'a\uD83Db'],
    ['a lone low surrogate', 'a\uDC00'],
  ])('refuses %s', (_what, input) => {
    expect(messages(required.safeParse(input))).toEqual([CONTROL]);
  });

  it.each([
    ['zero-width spaces', '\u200B\u200B\u200B'],
    ['zero-width joiners', '\u200C\u200D\u2060'],
    ['a soft hyphen', '\u00AD'],
    ['a Hangul filler', '\u3164'],
    ['a Braille blank', '\u2800'],
  ])('refuses a name made only of %s', (_what, input) => {
    expect(messages(required.safeParse(input))).toEqual([EMPTY]);
    expect(messages(optional.safeParse(input))).toEqual([EMPTY]);
  });

  it('asks for a name when it is required and missing, and takes "" as no name otherwise', () => {
    expect(messages(required.safeParse('   '))).toEqual(['Give it a name.']);
    expect(messages(required.safeParse(undefined))).toEqual(['Give it a name.']);
    expect(optional.parse('  ')).toBe('');
    // BOM, no-break and ideographic spaces are white space to trim(), so they go with it.
    expect(messages(required.safeParse('\uFEFF\u00A0\u3000'))).toEqual(['Give it a name.']);
    expect(messages(required.safeParse('\uFEFF\u200B'))).toEqual([EMPTY]);
  });

  it('counts the length after trimming', () => {
    expect(messages(required.safeParse('x'.repeat(21)))).toEqual(['Name can be at most 20 characters.']);
  });
});

describe('every name field uses it', () => {
  const bad = '\u200B\u200D';
  it.each([
    ['integration', () => createIntegrationSchema.safeParse({ name: bad }), 'name'],
    ['user', () => createUserSchema.safeParse({ name: bad }), 'name'],
    ['user update', () => updateUserSchema.safeParse({ name: 'a\u202Eb' }), 'name'],
    ['token', () => createTokenSchema.safeParse({ name: bad, role: 'viewer' }), 'name'],
    ['template', () => templateSchema.safeParse({ name: bad, event: {} }), 'name'],
    [
      'backfill file',
      () => backfillUploadSchema.safeParse({ integrationId: 1, filename: 'a\u0000.csv' }),
      'filename',
    ],
  ])('%s', (_what, parse, field) => {
    const result = parse();
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path[0])).toContain(field);
  });
});

describe('event fields forwarded to SALESmanago', () => {
  const base = { type: 'PURCHASE', email: 'a@example.com' };
  it.each([
    ['description', 'Order\u0000 42'],
    ['description', 'Order \u202E24'],
    ['detail1', 'x\u2066y'],
    ['externalId', 'A-1\u0000'],
    ['products', 'p1,\u202Dp2'],
  ])('refuse NUL and direction overrides in %s', (field, value) => {
    const result = parseEvent({ ...base, [field]: value });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.fieldErrors[field]?.[0]).toMatch(
        /cannot contain the NUL character or characters that reverse the text direction/,
      );
  });

  it('keep other text as typed', () => {
    const result = parseEvent({ ...base, description: 'Zamówienie „42” — عربي 👩‍💻' });
    expect(result.ok && result.data.description).toBe('Zamówienie „42” — عربي 👩‍💻');
  });
});
