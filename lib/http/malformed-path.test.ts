import { describe, expect, it } from 'vitest';

import { hasMalformedPath, isApiPath } from './malformed-path';

describe('hasMalformedPath', () => {
  it.each(['/api/collect/%E0%A4%A', '/api/collect/%', '/deliveries/%', '/api/deliveries/%zz', '/%C0%AF'])(
    'finds %j malformed',
    (url) => expect(hasMalformedPath(url)).toBe(true),
  );

  it.each(['/', '/deliveries/12', '/api/collect/abc?x=%', '/integrations/%E0%A4%A4', '/a%20b'])(
    'accepts %j (a query string is not the path)',
    (url) => expect(hasMalformedPath(url)).toBe(false),
  );
});

describe('isApiPath', () => {
  it('tells the JSON API from pages', () => {
    expect(isApiPath('/api/deliveries/%')).toBe(true);
    expect(isApiPath('/sandbox/api/v3/x')).toBe(true);
    expect(isApiPath('/deliveries/%')).toBe(false);
    expect(isApiPath('/apiary')).toBe(false);
  });
});
