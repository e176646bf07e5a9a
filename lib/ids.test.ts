import { describe, expect, it } from 'vitest';

import { numberFromDecimal, parseId } from './ids';

describe('parseId', () => {
  it('reads positive decimal ids', () => {
    expect(parseId('1')).toBe(1);
    expect(parseId('007')).toBe(7);
  });

  it.each([
    '0x1',
    '0b1',
    '1e0',
    '1.0',
    ' 1',
    '-1',
    '0',
    '',
    'Infinity',
    '99999999999999999',
    undefined,
    null,
  ])('refuses %j', (value) => expect(parseId(value)).toBeUndefined());
});

describe('numberFromDecimal', () => {
  it('keeps decimal text and turns anything else into NaN', () => {
    expect(numberFromDecimal('42')).toBe(42);
    expect(numberFromDecimal('0x2A')).toBeNaN();
    expect(numberFromDecimal('4.2e1')).toBeNaN();
  });
});
