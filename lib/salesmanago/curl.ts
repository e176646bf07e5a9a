// "Copy as cURL" for a SALESmanago request, for developers reproducing a delivery in a terminal. Without
// secrets the apiKey and sha become shell variables, so the command still works once they are exported.
import { randomUUID } from 'node:crypto';

import { REQUEST_HEADERS } from './requests';

export interface ToCurlOptions {
  /** Full request URL: endpoint + path. */
  url: string;
  body: unknown;
  includeSecrets: boolean;
}

export const CURL_SECRET_VARIABLES = { apiKey: 'SM_API_KEY', sha: 'SM_SHA' } as const;

/** Wraps text in single quotes for sh: inside them nothing is special except ', written as '\''. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function toCurl({ url, body, includeSecrets }: ToCurlOptions): string {
  const headers = Object.entries(REQUEST_HEADERS).map(
    ([name, value]) => `  -H ${shellQuote(`${name}: ${value}`)} \\`,
  );
  const command = (data: string) => [
    `curl -sS -X POST ${shellQuote(url)} \\`,
    ...headers,
    `  --data-raw ${data}`,
  ];

  if (includeSecrets) return command(shellQuote(JSON.stringify(body))).join('\n');

  // Each secret is swapped for a token no real value contains, the JSON is quoted, and then each token's
  // JSON string is replaced by a break out of the single quotes into "$VARIABLE", so sh expands it.
  const tokens = { apiKey: `sm-secret-${randomUUID()}`, sha: `sm-secret-${randomUUID()}` };
  let data = shellQuote(JSON.stringify(maskSecrets(body, tokens)));
  for (const key of ['apiKey', 'sha'] as const) {
    data = data.split(JSON.stringify(tokens[key])).join(`"'"$${CURL_SECRET_VARIABLES[key]}"'"`);
  }
  return [...secretsHelp(body), ...command(data)].join('\n');
}

function secretsHelp(body: unknown): string[] {
  const clientId =
    body && typeof body === 'object' && typeof (body as { clientId?: unknown }).clientId === 'string'
      ? (body as { clientId: string }).clientId
      : 'YOUR_CLIENT_ID';
  return [
    '# The API key and sha are left out. Export them first (values from Settings → Integration → API access):',
    `#   export ${CURL_SECRET_VARIABLES.apiKey}='your API key'`,
    "#   export SM_API_SECRET='your API secret'",
    '# sha is the lowercase hex SHA-1 of apiKey + clientId + apiSecret:',
    `#   export ${CURL_SECRET_VARIABLES.sha}="$(printf '%s%s%s' "$${CURL_SECRET_VARIABLES.apiKey}" ${oneLine(shellQuote(clientId))} "$SM_API_SECRET" | sha1sum | cut -d' ' -f1)"`,
  ];
}

// A newline in a comment line would end the comment and run the rest as a command.
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

function maskSecrets(value: unknown, tokens: { apiKey: string; sha: string }): unknown {
  if (Array.isArray(value)) return value.map((v) => maskSecrets(v, tokens));
  if (value === null || typeof value !== 'object') return value;
  // fromEntries defines keys, so a "__proto__" key stays a key (assigning it would set the prototype).
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key.toLowerCase() !== 'apisecret')
      .map(([key, inner]) => {
        const k = key.toLowerCase();
        return [key, k === 'apikey' ? tokens.apiKey : k === 'sha' ? tokens.sha : maskSecrets(inner, tokens)];
      }),
  );
}
