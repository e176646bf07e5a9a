import { describe, expect, it } from 'vitest';
import { parseSnippetQuery, snippetOptionsSchema } from './snippet';

function issuesOf(input: unknown): { path: string; message: string }[] {
  const result = snippetOptionsSchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

describe('snippetOptionsSchema', () => {
  it('fills the defaults: no flags, no commands, readable', () => {
    expect(snippetOptionsSchema.parse({})).toEqual({
      smcustom: false,
      smbanners: false,
      clientIdPlaceholder: false,
      popups: false,
      extraCommands: [],
      format: 'readable',
    });
  });

  it('rejects unknown keys, so a typo in an option is not silently ignored', () => {
    expect(issuesOf({ smCustom: true })[0]?.message).toMatch(/unrecognized/i);
  });

  it('accepts only a positive whole number as the application id', () => {
    expect(snippetOptionsSchema.parse({ smapp: 3 }).smapp).toBe(3);
    for (const bad of [0, -1, 1.5, '1']) expect(issuesOf({ smapp: bad })[0]?.path).toBe('smapp');
  });

  it('keeps the cookie lifetime between 1 day and 10 years', () => {
    expect(snippetOptionsSchema.parse({ cookieLifetimeDays: 1 }).cookieLifetimeDays).toBe(1);
    expect(snippetOptionsSchema.parse({ cookieLifetimeDays: 3650 }).cookieLifetimeDays).toBe(3650);
    expect(issuesOf({ cookieLifetimeDays: 0 })[0]?.message).toMatch(/at least 1 day/);
    expect(issuesOf({ cookieLifetimeDays: 3651 })[0]?.message).toMatch(/at most 3650/);
    expect(issuesOf({ cookieLifetimeDays: 2.5 })[0]?.path).toBe('cookieLifetimeDays');
  });

  it('rewrites extra commands into one canonical, plain-data form', () => {
    const parsed = snippetOptionsSchema.parse({
      extraCommands: [
        '  sm("webPush", ["uuid","1"])  ',
        "sm('event', {name: 'a', 'x-y': [1, -2.5, null, true]}) // note",
      ],
    });
    expect(parsed.extraCommands).toEqual([
      "sm('webPush', ['uuid', '1']);",
      "sm('event', { name: 'a', 'x-y': [1, -2.5, null, true] });",
    ]);
  });

  it('rejects a command that is not one sm(...) call of plain data, with a message saying why', () => {
    const cases: [string, RegExp][] = [
      ["sm('a'); alert(1)", /exactly one command/],
      ['alert(1)', /single call of sm/],
      ["window.sm('a')", /single call of sm/],
      ["sm?.('a')", /single call of sm/],
      ['sm()', /command name in quotes/],
      ['sm(1)', /command name in quotes/],
      ["sm('a', document.cookie)", /property lookup/],
      ["sm('a', x)", /a name \(x\)/],
      ["sm('a', function () {})", /a function/],
      ["sm('a', () => 1)", /a function/],
      ["sm('a', fetch('/x'))", /function call/],
      ["sm('a', `t`)", /backticks/],
      ["sm('a', {x})", /no value/],
      ["sm('a', {[k]: 1})", /key: value/],
      ["sm('a', {get x() { return 1 }})", /key: value/],
      ["sm('a', ...list)", /spread/],
      ["sm('a', [1,,2])", /empty slot/],
      ["sm('a', /re/)", /Arguments may only be/],
      ["sm('a', 1n)", /Arguments may only be/],
      ["sm('a', -x)", /Arguments may only be/],
      ["sm('a', 1 + 2)", /expression/],
      ["sm('a'", /not valid JavaScript/],
      ['', /empty/],
    ];
    for (const [command, message] of cases) {
      const issues = issuesOf({ extraCommands: [command] });
      expect(issues[0]?.path, command).toBe('extraCommands.0');
      expect(issues[0]?.message, command).toMatch(message);
    }
  });

  it('limits commands to 10 of at most 500 characters', () => {
    const command = "sm('a');";
    expect(issuesOf({ extraCommands: Array(10).fill(command) })).toEqual([]);
    expect(issuesOf({ extraCommands: Array(11).fill(command) })[0]?.message).toMatch(/At most 10/);
    const long = `sm('${'x'.repeat(494)}');`;
    expect(long.length).toBe(501);
    expect(issuesOf({ extraCommands: [long] })[0]?.message).toMatch(/at most 500/);
  });
});

describe('parseSnippetQuery', () => {
  it('reads every option from the query string', () => {
    const query = new URLSearchParams(
      'smapp=1&smcustom=1&smbanners=true&clt=30&smclientid=1&popups=1&format=minified' +
        `&cmd=${encodeURIComponent("sm('webPush', ['uuid', '1'])")}&cmd=${encodeURIComponent("sm('x')")}`,
    );
    const result = parseSnippetQuery(query);
    expect(result.success && result.data).toEqual({
      smapp: 1,
      smcustom: true,
      smbanners: true,
      cookieLifetimeDays: 30,
      clientIdPlaceholder: true,
      popups: true,
      extraCommands: ["sm('webPush', ['uuid', '1']);", "sm('x');"],
      format: 'minified',
    });
  });

  it('gives the defaults for an empty query and ignores unknown parameters', () => {
    const result = parseSnippetQuery(new URLSearchParams('utm_source=x&smapp=&clt='));
    expect(result.success && result.data).toEqual(snippetOptionsSchema.parse({}));
  });

  it('treats 0/false/off as off and a bare flag as on', () => {
    const result = parseSnippetQuery(new URLSearchParams('smcustom=0&smbanners=off&popups'));
    expect(result.success && [result.data.smcustom, result.data.smbanners, result.data.popups]).toEqual([
      false,
      false,
      true,
    ]);
  });

  it('names the query parameter in each problem', () => {
    const result = parseSnippetQuery(
      new URLSearchParams('smapp=abc&clt=99999&popups=maybe&format=pretty&cmd=alert(1)'),
    );
    expect(result.success).toBe(false);
    const paths = result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    expect(paths.sort()).toEqual(['clt', 'cmd.0', 'format', 'popups', 'smapp']);
  });
});
