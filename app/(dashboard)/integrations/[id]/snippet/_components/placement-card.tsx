import { Code, PlacementGuides, type PlacementGuide } from '@/components/snippet/placement-guides';
import { Card, CardBody, CardHeader } from '@/components/ui/card';

const ONE_COPY =
  'One monitoring code per page: two copies (say, one pasted by hand and one from a plugin or tag) break tracking.';

const GUIDES: PlacementGuide[] = [
  {
    id: 'html',
    label: 'HTML',
    intro: 'For a site whose HTML files or templates you, or your developer, edit directly.',
    steps: [
      <>Copy the code with the Copy code button above.</>,
      <>
        Open the template every page shares (often a footer or layout file such as <Code>footer.html</Code> or{' '}
        <Code>footer.php</Code>) in a code or plain-text editor, not a word processor.
      </>,
      <>
        Paste the code on its own lines just before the closing <Code>&lt;/body&gt;</Code> tag.
      </>,
      <>Save and publish the file, then clear any page cache or CDN so visitors get the new page.</>,
      <>Open a page of your site, then come back here and check it under Check my code.</>,
    ],
    watchOut: [
      ONE_COPY,
      'Editors that "tidy up" text change quotes and line breaks. Paste through a plain-text editor if in doubt.',
    ],
  },
  {
    id: 'wordpress',
    label: 'WordPress',
    intro: "Use one way only: SALESmanago's plugin, a header-and-footer plugin, or the theme.",
    steps: [
      <>
        If SALESmanago&apos;s WordPress plugin is installed and connected, it adds the monitoring code itself:
        do not add it again. Otherwise go on.
      </>,
      <>
        Install and activate a header-and-footer plugin such as WPCode (&quot;Insert Headers and
        Footers&quot;).
      </>,
      <>
        Open <strong>Code Snippets → Header &amp; Footer</strong>, paste the code unchanged into the{' '}
        <strong>Footer</strong> box, and save.
      </>,
      <>Clear the cache of your caching plugin or host (WP Rocket, LiteSpeed Cache, W3 Total Cache…).</>,
      <>Open your site, then check it under Check my code.</>,
    ],
    watchOut: [
      <>
        Never paste the code into the block editor, a paragraph or a Text widget: they turn quotes into curly
        ones and wrap lines in <Code>&lt;p&gt;</Code>, and the code stops working.
      </>,
      <>
        Editing <Code>footer.php</Code> in the theme instead? Use a child theme: a theme update overwrites the
        file and removes the code.
      </>,
      ONE_COPY,
    ],
  },
  {
    id: 'gtm',
    label: 'Google Tag Manager',
    intro:
      'If your site already loads a Google Tag Manager container, Tag Manager can add the code to every page.',
    steps: [
      <>
        In Tag Manager, open your container&apos;s workspace and choose <strong>Tags → New</strong>.
      </>,
      <>
        Click <strong>Tag Configuration</strong>, choose <strong>Custom HTML</strong> and paste the code
        unchanged.
      </>,
      <>
        Click <strong>Triggering</strong> and choose <strong>All Pages</strong>.
      </>,
      <>Name the tag, for example &quot;SALESmanago monitoring code&quot;, and save it.</>,
      <>
        Click <strong>Preview</strong>, open your site and check that the tag fired; then{' '}
        <strong>Submit</strong> and publish the version.
      </>,
    ],
    watchOut: [
      'A tag is not in the HTML your server sends, so a page address check cannot see it. Check the code copied from the tag with Paste code instead, or, for the sandbox, watch the Installation panel.',
      'If a consent tool controls your tags, the tag runs only after the visitor agrees.',
      ONE_COPY,
    ],
  },
];

export function PlacementCard() {
  return (
    <Card>
      <CardHeader title="Where to put it" description="Step by step, for the way your site is built." />
      <CardBody>
        <PlacementGuides label="Where to put the monitoring code" guides={GUIDES} />
      </CardBody>
    </Card>
  );
}
