import { Code, PlacementGuides, type PlacementGuide } from '@/components/snippet/placement-guides';
import { EVENT_SNIPPET_PLACEMENT } from '@/lib/salesmanago/event-snippet';
import type { EventType } from '@/lib/salesmanago/event-types';

/** Where an event snippet goes, per kind of site; the page it belongs on depends on the type. */
function guides(type: EventType): PlacementGuide[] {
  const where = EVENT_SNIPPET_PLACEMENT[type];
  return [
    {
      id: 'html',
      label: 'HTML',
      intro: `The snippet belongs ${where}.`,
      steps: [
        <>Copy the snippet with the Copy button above.</>,
        <>
          Open the template of that page and paste it after the monitoring code, before{' '}
          <Code>&lt;/body&gt;</Code>.
        </>,
        <>Replace the example values with the real ones your page knows (order number, total, products…).</>,
        <>
          Leave email empty where the visitor is anonymous: the snippet then uses SALESmanago’s smclient
          cookie.
        </>,
        <>Open the page once, then see the event in the history (filter: source website).</>,
      ],
      watchOut: ['The monitoring code must be on the page too, or a visitor is never identified.'],
    },
    {
      id: 'wordpress',
      label: 'WordPress / WooCommerce',
      intro: `The snippet belongs ${where}.`,
      steps: [
        <>
          With a header-and-footer plugin (e.g. WPCode), add a footer snippet shown only on that page (for a
          purchase: the WooCommerce “order received” page).
        </>,
        <>
          Paste the snippet unchanged, then ask your developer to print the real values with PHP in place of
          the examples.
        </>,
        <>Clear the page cache: a cached thank-you page would send the same order twice.</>,
      ],
      watchOut: [
        'Never paste it into the block editor or a Text widget: quotes get curled and the script breaks.',
      ],
    },
    {
      id: 'gtm',
      label: 'Google Tag Manager',
      intro: 'Tag Manager can run the snippet when the right page or event happens.',
      steps: [
        <>
          Create a <strong>Custom HTML</strong> tag and paste the snippet.
        </>,
        <>
          Replace the example values with Data Layer variables, e.g. {'{{transactionId}}'} for the order
          number.
        </>,
        <>Trigger it on the page or event where it belongs: {where}.</>,
        <>Preview, check the tag fired and the event arrived in the history, then publish.</>,
      ],
    },
  ];
}

export function EventPlacement({ type }: { type: EventType }) {
  return <PlacementGuides label="Where to paste the event snippet" guides={guides(type)} />;
}
