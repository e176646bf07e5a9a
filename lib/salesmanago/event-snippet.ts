/**
 * The "send an external event" snippet: a short `<script>` a developer pastes after the monitoring code.
 * It posts one event to the console's public collector, which checks it, signs it on the server and
 * delivers it to SALESmanago (salesmanago.md §2: no credential may ever reach a browser). The snippet knows
 * only the collector URL and the type, so there is nothing secret it could leak.
 *
 * Pasted unchanged it sends a valid event: the example values pass the shared event schema, and the
 * contact comes from SALESmanago's `smclient` cookie (§1.5) when the page gives no email.
 */
import { EVENT_FIELD_LABELS, type EventFieldName } from './event-fields';
import { EVENT_TYPE_INFO, ORDERED_EVENT_TYPES, type EventType } from './event-types';
import { jsStringLiteral } from './monitoring-code/js-literal';

export type EventSnippetFormat = 'readable' | 'minified';

export type EventSnippetInput = {
  /** The integration's collector address, e.g. https://console.example.com/api/collect/ck_abc. */
  collectorUrl: string;
  type: EventType;
  format: EventSnippetFormat;
};

/** The types a snippet can be made for, in the composer's order (common ones first). */
export function eventSnippetTypes(): readonly EventType[] {
  return ORDERED_EVENT_TYPES;
}

/** Where on the website the snippet of each type belongs; finishes "Paste it after the monitoring code, …". */
export const EVENT_SNIPPET_PLACEMENT: Record<EventType, string> = {
  PURCHASE: 'on the order confirmation (thank-you) page',
  CART: 'where the cart changes, e.g. after add-to-cart',
  VISIT: 'on the pages whose visits matter, e.g. product pages',
  PHONE_CALL: 'where a call is requested, e.g. after a call-back form is sent',
  OTHER: 'wherever the activity you want to record happens',
  RESERVATION: 'on the booking confirmation page',
  CANCELLED: 'on the page that confirms a cancelled booking',
  ACTIVATION: 'on the page that confirms the activation',
  MEETING: 'on the page that confirms a booked meeting',
  OFFER: 'on the page that shows the offer',
  DOWNLOAD: "on the page the download starts from, or in the download link's click handler",
  LOGIN: 'on the first page after a successful sign-in',
  TRANSACTION: 'on the payment confirmation page',
  CANCELLATION: 'on the page that confirms an order cancellation',
  RETURN: 'on the page that confirms a return',
  SURVEY: 'on the page shown after the survey is submitted',
  APP_STATUS: "on the page that shows the application's new status",
  APP_TYPE_WEB: 'on the confirmation page of the online application',
  APP_TYPE_MANUAL: 'on the page where an agent confirms a manually entered application',
  APP_TYPE_RETENTION: 'on the confirmation page of a retention campaign application',
  APP_TYPE_UPSALE: 'on the confirmation page of an upsell application',
  LOAN_STATUS: "on the page that shows the loan's new status",
  LOAN_ORDER: 'on the loan order confirmation page',
  FIRST_LOAN: 'on the confirmation page of a first loan',
  REPEATED_LOAN: 'on the confirmation page of a repeat loan',
};

type Line = { depth: number; code: string; comment?: string };

const ORDER_TYPES: readonly EventType[] = ['PURCHASE', 'CANCELLATION', 'RETURN'];

/** What the developer should put in place of the example value, for the readable form's comments. */
function fieldHint(type: EventType, field: EventFieldName): string {
  const info = EVENT_TYPE_INFO[type];
  if (field.startsWith('detail')) {
    return (
      info.detailLabels[field as keyof typeof info.detailLabels] ?? `${EVENT_FIELD_LABELS[field]}, any text`
    );
  }
  switch (field) {
    case 'value':
      if (type === 'PURCHASE') return 'the order total, a number without a currency sign';
      if (type === 'CART') return 'the cart total, a number without a currency sign';
      return 'the amount, a number without a currency sign';
    case 'products':
      return 'product IDs as in your product feed, comma-separated';
    case 'externalId':
      return ORDER_TYPES.includes(type) ? 'the order number' : 'your own ID of this record';
    case 'description':
      return type === 'CART'
        ? 'the address of the cart, used in cart-recovery emails'
        : 'a short description';
    case 'location':
      return 'the shop ID of your product feed (letters, digits and / _ - . only)';
    case 'shopDomain':
      return "your shop's domain";
    default:
      return EVENT_FIELD_LABELS[field];
  }
}

function valueLiteral(value: string | number): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('An example value must be a finite number.');
    return String(value);
  }
  return jsStringLiteral(value, "'");
}

/** The example fields of a type, in its form order; only fields the type's template fills. */
function exampleLines(type: EventType): Line[] {
  const info = EVENT_TYPE_INFO[type];
  const lines: Line[] = [];
  for (const field of info.fields) {
    const value = (info.template as Partial<Record<string, string | number>>)[field];
    if (value === undefined) continue;
    lines.push({
      depth: 3,
      code: `${field}: ${valueLiteral(value)},`,
      comment: `example: ${fieldHint(type, field)}`,
    });
  }
  return lines;
}

/** Accepts only an absolute http(s) URL without credentials; returns its normalised form. */
function checkedCollectorUrl(collectorUrl: string): string {
  let url: URL;
  try {
    url = new URL(collectorUrl);
  } catch {
    throw new TypeError('The collector URL must be an absolute http(s) address.');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username !== '' || url.password !== '') {
    throw new TypeError('The collector URL must be an http(s) address without a user name or password.');
  }
  return url.href;
}

// The last property gets no comma: ES3-era browsers choke on a trailing one inside an object literal.
function withoutTrailingComma(lines: Line[]): Line[] {
  const last = lines.at(-1);
  if (!last) return lines;
  return [...lines.slice(0, -1), { ...last, code: last.code.replace(/,$/, '') }];
}

const ANONYMOUS_HINT =
  'SALESmanago event not sent: the visitor is anonymous (no email given and no smclient cookie yet).';

function scriptLines(collectorUrl: string, type: EventType): Line[] {
  const info = EVENT_TYPE_INFO[type];
  return [
    {
      depth: 1,
      code: '',
      comment: `SALESmanago external event ${type} (${info.label}), sent through your console.`,
    },
    { depth: 1, code: '', comment: `Paste it after the monitoring code, ${EVENT_SNIPPET_PLACEMENT[type]}.` },
    {
      depth: 1,
      code: '',
      comment: 'Replace the example values with real ones; the console signs the event.',
    },
    { depth: 1, code: '(function () {' },
    { depth: 2, code: 'var event = {' },
    ...withoutTrailingComma([
      { depth: 3, code: `type: ${jsStringLiteral(type, "'")},` },
      {
        depth: 3,
        code: "email: '',",
        comment: "the logged-in customer's email, or leave empty to use the smclient cookie",
      },
      ...exampleLines(type),
    ]),
    { depth: 2, code: '};' },
    { depth: 2, code: 'try {' },
    { depth: 3, code: "var email = String(event.email || '').replace(/^\\s+|\\s+$/g, '');" },
    { depth: 3, code: 'if (email) {' },
    { depth: 4, code: 'event.email = email;' },
    { depth: 3, code: '} else {' },
    { depth: 4, code: 'delete event.email;' },
    {
      depth: 4,
      code: '',
      comment: 'The monitoring code keeps the contact ID of a known visitor in the smclient cookie.',
    },
    { depth: 4, code: 'var smclient = /(?:^|;\\s*)smclient=([^;]+)/.exec(document.cookie);' },
    { depth: 4, code: 'if (!smclient) {' },
    {
      depth: 5,
      code: '',
      comment: 'SALESmanago needs to know whose event it is, and this visitor is anonymous.',
    },
    {
      depth: 5,
      code: `if (typeof console !== 'undefined') console.info(${jsStringLiteral(ANONYMOUS_HINT, "'")});`,
    },
    { depth: 5, code: 'return;' },
    { depth: 4, code: '}' },
    { depth: 4, code: 'event.contactId = decodeURIComponent(smclient[1]);' },
    { depth: 3, code: '}' },
    { depth: 3, code: 'event.pageUrl = location.href;' },
    { depth: 3, code: 'event.date = Date.now();' },
    { depth: 3, code: 'fetch(' + jsStringLiteral(collectorUrl, "'") + ', {' },
    { depth: 4, code: "method: 'POST'," },
    { depth: 4, code: 'keepalive: true,', comment: 'still sent when the visitor leaves the page' },
    { depth: 4, code: "mode: 'cors'," },
    { depth: 4, code: "credentials: 'omit',", comment: 'the collector uses no cookies' },
    {
      depth: 4,
      code: "headers: { 'Content-Type': 'text/plain' },",
      comment: 'a simple request: no preflight',
    },
    { depth: 4, code: 'body: JSON.stringify(event)' },
    { depth: 3, code: '}).catch(function () {});' },
    { depth: 2, code: '} catch (e) {' },
    { depth: 3, code: '', comment: 'Never break the page over tracking (e.g. a browser without fetch).' },
    { depth: 2, code: '}' },
    { depth: 1, code: '})();' },
  ];
}

// A line comment inside <script> must not end the element, open an HTML comment or break the line.
function safeComment(text: string): string {
  return text.replace(/[<>\r\n\u2028\u2029]/g, ' ');
}

/**
 * Renders the snippet. Readable: one statement per line, two-space indent, the example values explained
 * in comments. Minified: the same tokens on one line without comments. Every statement ends in its own
 * `;` or brace, so joining the lines never depends on automatic semicolon insertion.
 */
export function renderEventSnippet(input: EventSnippetInput): string {
  if (!Object.hasOwn(EVENT_TYPE_INFO, input.type)) {
    throw new TypeError(`Unknown event type: ${String(input.type)}.`);
  }
  const lines = scriptLines(checkedCollectorUrl(input.collectorUrl), input.type);
  if (input.format === 'minified') {
    const code = lines.filter((l) => l.code !== '').map((l) => l.code);
    return ['<script>', ...code, '</script>'].join(' ');
  }
  const body = lines.map((l) => {
    const comment = l.comment === undefined ? '' : `// ${safeComment(l.comment)}`;
    const text = l.code === '' ? comment : comment === '' ? l.code : `${l.code} ${comment}`;
    return `${'  '.repeat(l.depth)}${text}`;
  });
  return ['<script>', ...body, '</script>'].join('\n');
}
