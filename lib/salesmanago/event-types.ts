// External event types as SALESmanago's API v2 defines them (docs/salesmanago.md §3.5), with what the composer
// needs to know about each. Pure data: the composer, the validation schema and the sandbox all read it.
import type { DetailField, EventFieldName, EventTemplate } from './event-fields';

/**
 * The 25 values SALESmanago accepts as `contactExtEventType`, in the order of the official
 * api-sso-util 3.8 `Event::$accessibleContactExtEventTypes` (identical in the C# and Python SDKs).
 */
// prettier-ignore
export const EVENT_TYPES = [
  'PURCHASE', 'CART', 'VISIT', 'PHONE_CALL', 'OTHER', 'RESERVATION', 'CANCELLED', 'ACTIVATION', 'MEETING',
  'OFFER', 'DOWNLOAD', 'LOGIN', 'TRANSACTION', 'CANCELLATION', 'RETURN', 'SURVEY', 'APP_STATUS',
  'APP_TYPE_WEB', 'APP_TYPE_MANUAL', 'APP_TYPE_RETENTION', 'APP_TYPE_UPSALE', 'LOAN_STATUS', 'LOAN_ORDER',
  'FIRST_LOAN', 'REPEATED_LOAN',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** The six types SALESmanago's own support article names; the composer offers them first. */
export const COMMON_EVENT_TYPES = [
  'PURCHASE',
  'CART',
  'VISIT',
  'OFFER',
  'LOGIN',
  'OTHER',
] as const satisfies readonly EventType[];

export const ORDERED_EVENT_TYPES: readonly EventType[] = [
  ...COMMON_EVENT_TYPES,
  ...EVENT_TYPES.filter((t) => !(COMMON_EVENT_TYPES as readonly string[]).includes(t)),
];

export {
  DETAIL_FIELDS,
  EVENT_FIELD_NAMES,
  EVENT_FIELD_LABELS,
  EVENT_FIELD_LIMITS,
  LOCATION_PATTERN,
  type DetailField,
  type EventFieldName,
  type EventTemplate,
} from './event-fields';

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** WooCommerce slot meanings from the official plugin (WcEventModel.php), shown as names of the detail inputs. */
const WOO_DETAILS: Partial<Record<DetailField, string>> = {
  detail1: 'Product names (comma-separated)',
  detail2: 'Order key',
  detail3: 'Quantities (/-separated)',
  detail8: 'Language',
  detail9: 'Currency',
};

// A cart has no order key yet.
const { detail2: _orderKey, ...CART_DETAILS } = WOO_DETAILS;

export interface EventTypeInfo {
  label: string;
  /** One line: what SALESmanago uses the type for. */
  description: string;
  /** Fields that matter for this type, in form order. Every type also has type, email/contactId and date. */
  fields: EventFieldName[];
  /** Sensible example values for the composer's "use example" button. */
  template: Partial<EventTemplate>;
  /** Names for the detail slots this type conventionally uses. */
  detailLabels: Partial<Record<DetailField, string>>;
}

const SHOP = 'shop.example.com';
// The WP plugin's location is "sm_" + md5(shop URL); a readable stand-in of the same shape.
const LOCATION = 'sm_example_shop';

const orderFields: EventFieldName[] = [
  'value',
  'products',
  'externalId',
  'description',
  'location',
  'shopDomain',
  'detail1',
  'detail2',
  'detail3',
  'detail8',
  'detail9',
];
const textFields: EventFieldName[] = ['description', 'externalId', 'detail1', 'detail2'];
// APP_* and *LOAN* come from SALESmanago's lending vertical; no source explains them, so the descriptions
// stay close to the names and the template only fills neutral fields.
const appFields: EventFieldName[] = ['description', 'externalId', 'value', 'detail1', 'detail2'];

function info(
  label: string,
  description: string,
  fields: EventFieldName[],
  template: Partial<EventTemplate>,
  detailLabels: Partial<Record<DetailField, string>> = {},
): EventTypeInfo {
  return { label, description, fields, template, detailLabels };
}

export const EVENT_TYPE_INFO: Record<EventType, EventTypeInfo> = {
  PURCHASE: info(
    'Purchase',
    'A completed order: feeds eCommerce analytics, thank-you emails and purchase-based segments.',
    orderFields,
    {
      value: 249.99,
      products: 'SKU-1001,SKU-2040',
      externalId: '10045',
      description: 'Order #10045',
      location: LOCATION,
      shopDomain: SHOP,
      detail1: 'Linen shirt,Canvas tote',
      detail2: 'wc_order_8fK2mQ',
      detail3: '1/2',
      detail8: 'en',
      detail9: 'EUR',
    },
    WOO_DETAILS,
  ),
  CART: info(
    'Cart',
    'Products left in a cart: drives abandoned-cart recovery emails.',
    [
      'value',
      'products',
      'description',
      'location',
      'shopDomain',
      'detail1',
      'detail3',
      'detail8',
      'detail9',
    ],
    {
      value: 89.5,
      products: 'SKU-1001,SKU-3002',
      description: `https://${SHOP}/cart/?recover=7f3a9c`,
      location: LOCATION,
      shopDomain: SHOP,
      detail1: 'Linen shirt,Wool socks',
      detail3: '1/1',
      detail8: 'en',
      detail9: 'EUR',
    },
    CART_DETAILS,
  ),
  VISIT: info(
    'Visit',
    'A visit or a viewed product: used for browsing-based recommendations and segments.',
    ['location', 'products', 'description', 'shopDomain'],
    {
      location: LOCATION,
      products: 'SKU-1001',
      description: `https://${SHOP}/product/linen-shirt`,
      shopDomain: SHOP,
    },
  ),
  PHONE_CALL: info(
    'Phone call',
    'A phone conversation with the contact, recorded on their timeline.',
    textFields,
    { description: 'Asked about delivery times', externalId: 'CALL-8812', detail1: 'Inbound' },
    { detail1: 'Direction', detail2: 'Duration' },
  ),
  OTHER: info(
    'Other',
    'Any activity that fits no other type, available to automation rules and segments.',
    ['description', 'value', 'externalId', 'detail1', 'detail2'],
    { description: 'Newsletter preferences updated', detail1: 'Weekly digest' },
  ),
  RESERVATION: info(
    'Reservation',
    'A booking made by the contact (table, room, appointment).',
    ['description', 'value', 'externalId', 'location', 'detail1'],
    { description: 'Table for 2', value: 0, externalId: 'RES-5521', detail1: '2025-06-14 19:00' },
    { detail1: 'Reserved for' },
  ),
  CANCELLED: info(
    'Cancelled',
    'Something the contact had booked or ordered was cancelled.',
    ['description', 'externalId', 'value'],
    { description: 'Reservation cancelled by the customer', externalId: 'RES-5521' },
  ),
  ACTIVATION: info('Activation', 'An account, card or service was activated by the contact.', textFields, {
    description: 'Loyalty card activated',
    externalId: 'CARD-0042',
  }),
  MEETING: info(
    'Meeting',
    'A meeting with the contact, e.g. with a sales representative.',
    ['description', 'location', 'externalId', 'detail1'],
    { description: 'Product demo', externalId: 'MTG-311', detail1: 'Online' },
    { detail1: 'Place' },
  ),
  OFFER: info(
    'Offer',
    'An offer sent to or viewed by the contact: used for offer follow-ups.',
    ['products', 'value', 'description', 'externalId', 'location'],
    {
      products: 'SKU-1001,SKU-2040',
      value: 199,
      description: 'Spring offer, 20% off',
      externalId: 'OFFER-2025-031',
      location: LOCATION,
    },
  ),
  DOWNLOAD: info(
    'Download',
    'A file the contact downloaded, e.g. a price list or an e-book.',
    ['description', 'detail1', 'externalId'],
    { description: 'Price list 2025 (PDF)', detail1: `https://${SHOP}/files/price-list-2025.pdf` },
    { detail1: 'File address' },
  ),
  LOGIN: info(
    'Login',
    "The contact signed in to their account: shows activity and feeds 'recently active' segments.",
    ['description', 'location', 'shopDomain'],
    { description: 'Signed in to the customer account', location: LOCATION, shopDomain: SHOP },
  ),
  TRANSACTION: info(
    'Transaction',
    'A financial transaction other than a shop order, e.g. a payment.',
    ['value', 'externalId', 'description', 'detail1'],
    { value: 120, externalId: 'TX-77120', description: 'Invoice payment', detail1: 'Bank transfer' },
    { detail1: 'Payment method' },
  ),
  CANCELLATION: info(
    'Cancellation',
    'An order was cancelled: keeps revenue analytics correct.',
    ['externalId', 'value', 'products', 'description', 'location'],
    {
      externalId: '10045',
      value: 249.99,
      products: 'SKU-1001,SKU-2040',
      description: 'Order #10045 cancelled',
      location: LOCATION,
    },
  ),
  RETURN: info(
    'Return',
    'Products from an order were returned: keeps revenue analytics correct.',
    ['externalId', 'value', 'products', 'description', 'location'],
    {
      externalId: '10045',
      value: 49.99,
      products: 'SKU-2040',
      description: 'Return of Canvas tote from order #10045',
      location: LOCATION,
    },
  ),
  SURVEY: info(
    'Survey',
    'The contact answered a survey.',
    ['description', 'detail1', 'detail2', 'externalId'],
    { description: 'Post-purchase satisfaction survey', detail1: '9', detail2: 'Fast delivery' },
    { detail1: 'Score', detail2: 'Comment' },
  ),
  APP_STATUS: info(
    'Application status',
    'The status of an application (e.g. for a loan) changed.',
    appFields,
    { description: 'Application accepted', externalId: 'APP-1207', detail1: 'ACCEPTED' },
    { detail1: 'Status' },
  ),
  APP_TYPE_WEB: info(
    'Application: web',
    'An application (e.g. for a loan) submitted through the website.',
    appFields,
    { description: 'Online application', externalId: 'APP-1207', value: 5000 },
  ),
  APP_TYPE_MANUAL: info(
    'Application: manual',
    'An application entered manually, e.g. by an agent.',
    appFields,
    { description: 'Application entered at the branch', externalId: 'APP-1208', value: 3000 },
  ),
  APP_TYPE_RETENTION: info(
    'Application: retention',
    'An application made through a retention campaign.',
    appFields,
    { description: 'Retention campaign application', externalId: 'APP-1209', value: 2000 },
  ),
  APP_TYPE_UPSALE: info(
    'Application: upsell',
    'An application for a bigger or additional product (upsell).',
    appFields,
    { description: 'Limit increase application', externalId: 'APP-1210', value: 8000 },
  ),
  LOAN_STATUS: info(
    'Loan status',
    'The status of a loan changed.',
    appFields,
    { description: 'Loan repaid', externalId: 'LN-3301', detail1: 'REPAID' },
    { detail1: 'Status' },
  ),
  LOAN_ORDER: info('Loan order', 'A loan was ordered.', appFields, {
    description: 'Loan ordered',
    externalId: 'LN-3302',
    value: 5000,
  }),
  FIRST_LOAN: info('First loan', "The contact's first loan was granted.", appFields, {
    description: 'First loan granted',
    externalId: 'LN-3303',
    value: 1000,
  }),
  REPEATED_LOAN: info('Repeated loan', 'A returning contact took another loan.', appFields, {
    description: 'Repeat loan granted',
    externalId: 'LN-3304',
    value: 3000,
  }),
};
