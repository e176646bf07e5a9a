'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { Spinner } from '@/components/ui/spinner';
import type { IntegrationView } from '@/lib/data/integrations';
import { installationQuery } from '@/lib/queries/snippet';

/** After this long on the screen with no visit, suggest what to check. */
export const HINT_AFTER_MS = 2 * 60_000;

const waitingSince = new Map<number, number>();

export function InstallationCard({ integration }: { integration: IntegrationView }) {
  return (
    <Card>
      <CardHeader title="Installation" description="Whether the code has been seen running on a page." />
      <CardBody>
        {integration.isSandbox ? (
          <SandboxDetection id={integration.id} />
        ) : (
          <PageCheckDetection id={integration.id} />
        )}
      </CardBody>
    </Card>
  );
}

/**
 * A real account: SALESmanago's sm.js reports visits to SALESmanago, not here, so what the console knows
 * is the last page check that found the code, and it looks at that page again every 6 hours.
 */
function PageCheckDetection({ id }: { id: number }) {
  const { data } = useQuery(installationQuery(id));
  const checkLink = (
    <a href="#check" className="text-brand-700 font-medium underline">
      Check my code
    </a>
  );
  if (data?.lastSeen)
    return (
      <div role="status" className="flex flex-col gap-2 text-sm">
        <p className="font-semibold text-emerald-800">✓ Code found</p>
        <p className="text-slate-800">
          A page check found the code on <span className="font-mono break-all">{data.lastSeen.url}</span> at{' '}
          <LocalTime ms={data.lastSeen.at} seconds />.
        </p>
        <p className="text-xs text-slate-600">
          The console looks at that page again every 6 hours, and opens an incident if the code stays missing.
        </p>
      </div>
    );
  return (
    <p className="text-sm text-slate-700">
      SALESmanago&apos;s own sm.js reports visits to SALESmanago, not to this console. To confirm the code is
      on your site, enter a page address under {checkLink}: once a check finds it, the console looks at that
      page again every 6 hours and tells you if the code disappears.
    </p>
  );
}

function SandboxDetection({ id }: { id: number }) {
  const { data, isError, error } = useQuery(installationQuery(id));
  const [late, setLate] = useState(false);
  const waiting = !data?.lastSeen;
  useEffect(() => {
    if (!waiting) return;
    // Counted from when this integration's screen first started waiting, so a re-render or remount
    // (e.g. after a refetch) does not restart the two minutes.
    const since = waitingSince.get(id) ?? Date.now();
    waitingSince.set(id, since);
    const t = setTimeout(() => setLate(true), Math.max(0, since + HINT_AFTER_MS - Date.now()));
    return () => clearTimeout(t);
  }, [waiting, id]);

  if (isError && !data)
    return (
      <Alert tone="danger" title="The installation status could not be loaded.">
        {error.message} The screen tries again by itself.
      </Alert>
    );
  if (data?.lastSeen) {
    const { url, at } = data.lastSeen;
    return (
      <div role="status" className="flex flex-col gap-2 text-sm">
        <p className="font-semibold text-emerald-800">✓ Code seen</p>
        <p className="text-slate-800">
          The code ran on <span className="font-mono break-all">{url}</span> at <LocalTime ms={at} seconds />.
        </p>
        <p className="text-xs text-slate-600">Each new page view with the code updates this.</p>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-3 text-sm">
      <Spinner label="Waiting for the first visit…" className="font-medium text-slate-800" />
      <p className="text-slate-700">
        Put the code on a page and open that page in a browser. This panel updates by itself a few seconds
        later.
      </p>
      <p className="text-slate-700">
        Open the page from a web address (http:// or https://, a local server is fine). A page opened from a
        file on your computer (file://) has no website address, so it cannot report a visit.
      </p>
      {late ? (
        <Alert tone="warning" title="Nothing yet after two minutes. Check that:">
          <ul className="list-disc space-y-1 pl-5">
            <li>the code is pasted just before &lt;/body&gt; on the page you opened;</li>
            <li>you see the new page, not a cached one (clear the cache plugin or CDN, then reload);</li>
            <li>no cookie-consent tool is holding scripts back until the visitor agrees;</li>
            <li>the browser&apos;s developer console shows no errors;</li>
            <li>
              the code is unchanged:{' '}
              <a href="#check" className="font-medium underline">
                check it
              </a>
              .
            </li>
          </ul>
        </Alert>
      ) : null}
    </div>
  );
}
