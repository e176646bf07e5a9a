'use client';

import { useState, type FormEvent } from 'react';
import { toast } from 'sonner';

import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CopyButton } from '@/components/ui/copy-button';
import type { IntegrationView } from '@/lib/data/integrations';
import { ApiError } from '@/lib/queries/fetcher';
import { useRotateCollectorKey, useUpdateIntegration } from '@/lib/queries/integrations';
import { forgeableTypesWarning } from '@/lib/validations/collector';
import { AllowedOrigins } from './allowed-origins';
import { Technical } from '@/components/shell/technical-details';
import { AllowedTypes } from './allowed-types';

type Draft = { enabled: boolean; allowedOrigins: string[]; allowedTypes: string[] };
const pick = (i: IntegrationView): Draft => ({
  enabled: i.collector.enabled,
  allowedOrigins: i.collector.allowedOrigins,
  allowedTypes: i.collector.allowedTypes,
});

export function CollectorSettingsForm({ integration }: { integration: IntegrationView }) {
  const canManage = useCan('integrations:manage');
  const update = useUpdateIntegration(integration.id);
  const rotate = useRotateCollectorKey(integration.id);
  const [draft, setDraft] = useState<Draft>(() => pick(integration));
  const [synced, setSynced] = useState(integration.updatedAt);
  if (synced !== integration.updatedAt && !update.isPending) {
    setSynced(integration.updatedAt);
    setDraft(pick(integration));
  }
  const errors = update.error instanceof ApiError ? update.error.fieldErrors : {};
  const dirty = JSON.stringify(draft) !== JSON.stringify(pick(integration));
  const warning = forgeableTypesWarning(draft.allowedTypes);

  function submit(e: FormEvent) {
    e.preventDefault();
    update.mutate({ collector: draft }, { onSuccess: () => toast.success('Website events settings saved.') });
  }

  return (
    <Card>
      <CardHeader
        title="Website events"
        description="The address the website sends events to, and what it accepts."
      />
      <CardBody>
        <form onSubmit={submit} noValidate className="flex flex-col gap-5">
          {update.error && !Object.keys(errors).length ? (
            <Alert tone="danger">{update.error.message}</Alert>
          ) : null}
          <label className="flex items-start gap-2 text-sm text-slate-800">
            <input
              type="checkbox"
              className="accent-brand-600 mt-0.5"
              disabled={!canManage}
              checked={draft.enabled}
              onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
            />
            <span>
              <span className="font-medium">Accept events from websites</span>
              <span className="block text-slate-600">
                When off, every website event is refused and nothing is stored
                <Technical> (the collector answers HTTP 404)</Technical>.
              </span>
            </span>
          </label>
          {draft.enabled && draft.allowedOrigins.length === 0 ? (
            <Alert tone="warning">
              No website is allowed yet, so every event will be refused. Add the shop’s origin below.
            </Alert>
          ) : null}
          <Technical>
            <div>
              <p className="text-sm font-medium text-slate-800">Collector address</p>
              <p className="mt-1 font-mono text-xs break-all text-slate-700">{integration.collector.url}</p>
              <div className="mt-2 flex flex-wrap gap-2">
                <CopyButton text={integration.collector.url} label="Copy address" />
                {canManage ? (
                  <Button
                    variant="ghost"
                    size="sm"
                    loading={rotate.isPending}
                    onClick={() =>
                      rotate.mutate(undefined, {
                        onSuccess: () =>
                          toast.success(
                            'New website events key. Paste the new snippets on the website: the old ones are now refused.',
                          ),
                      })
                    }
                  >
                    Change key
                  </Button>
                ) : null}
              </div>
              <p className="mt-1 text-xs text-slate-600">
                The key in it is public (it is in your page source), not a password.
              </p>
            </div>
          </Technical>
          <AllowedOrigins
            value={draft.allowedOrigins}
            disabled={!canManage}
            errors={errors}
            onChange={(allowedOrigins) => setDraft({ ...draft, allowedOrigins })}
          />
          <AllowedTypes
            value={draft.allowedTypes}
            disabled={!canManage}
            errors={errors['collector.allowedTypes']}
            onChange={(allowedTypes) => setDraft({ ...draft, allowedTypes })}
          />
          {warning ? (
            <Alert tone="warning" title="Browsers can forge these events.">
              {warning}
            </Alert>
          ) : null}
          {canManage ? (
            <div className="flex gap-2">
              <Button type="submit" loading={update.isPending} disabled={!dirty}>
                Save settings
              </Button>
              {dirty ? (
                <Button variant="ghost" onClick={() => setDraft(pick(integration))}>
                  Discard
                </Button>
              ) : null}
            </div>
          ) : (
            <p className="text-sm text-slate-600">Only admins change these settings.</p>
          )}
        </form>
      </CardBody>
    </Card>
  );
}
