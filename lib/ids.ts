/**
 * Reads a record id from text (a path segment, a query parameter): decimal digits only, a positive safe
 * integer, else undefined. `Number()` alone also reads `0x1`, `1e0`, `0b1`, ` 1 ` and `1.0` as 1, so one
 * record would answer to many spellings of its id.
 */
export function parseId(text: string | undefined | null): number | undefined {
  if (typeof text !== 'string' || !/^[0-9]{1,16}$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** For zod preprocessors: a decimal string becomes its number, any other string NaN (refused). */
export function numberFromDecimal(value: string): number {
  return /^-?[0-9]+$/.test(value.trim()) ? Number(value.trim()) : Number.NaN;
}
