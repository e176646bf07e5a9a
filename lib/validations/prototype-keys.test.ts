/**
 * Keys named like Object.prototype members, as a request body can carry them (issue 11, item 3): they
 * are unknown keys like any other, never a crash or a silently dropped key.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { ValidationError } from '@/lib/errors';
import { parseEvent } from './event';
import { parseOrThrow } from './parse';
import { parseTemplateEvent, templateSchema } from './template';

const KEYS = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf'];

// JSON.parse, as the routes read bodies: "__proto__" becomes an own key there, not the prototype.
const body = (key: string) => JSON.parse(`{"type":"PURCHASE","email":"a@example.com","${key}":1}`);

describe.each(KEYS)('the key %j', (key) => {
  it('is refused by the event schema as an unknown field, named in its own field error', () => {
    const result = parseEvent(body(key));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors)).toEqual([key]);
    expect(result.fieldErrors[key]).toHaveLength(1);
    expect(result.fieldErrors[key]![0]).toContain(`"${key}" is not a field of an external event.`);
    expect(result.message).toContain(`"${key}" is not a field of an external event.`);
    expect(JSON.parse(JSON.stringify(result.fieldErrors))).toEqual({ [key]: result.fieldErrors[key] });
  });

  it('is refused once with several problems in the same body', () => {
    const result = parseEvent({ ...body(key), value: 'ten', email: 'nope' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors).sort()).toEqual([key, 'email', 'value'].sort());
  });

  // zod itself reads no "__proto__" field from a shape, so that one cannot appear in an issue path.
  it.skipIf(key === '__proto__')('is a field error of its own when a schema names it in the path', () => {
    const schema = z.object({ [key]: z.number({ error: 'Must be a number.' }) });
    const input = JSON.parse(`{"${key}":"x"}`);
    let thrown: unknown;
    try {
      parseOrThrow(schema, input);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).fieldErrors?.[key]).toEqual(['Must be a number.']);
  });

  it('in a template is refused as an unknown field, not dropped', () => {
    const input = JSON.parse(`{"name":"T","event":{"type":"CART","${key}":1}}`);
    const { event } = parseOrThrow(templateSchema, input);
    const parsed = parseTemplateEvent(event);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(Object.keys(parsed.fieldErrors)).toEqual([key]);
  });
});
