'use client';

import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { flushSync } from 'react-dom';

import { SendingPausedNotice } from '@/components/incidents/sending-notice';
import { IntegrationWarning } from '@/components/integrations/integration-warning';
import { Technical, TechnicalDetailsToggle, useTechnicalDetails } from '@/components/shell/technical-details';
import { Alert } from '@/components/ui/alert';
import { buttonClass } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { focusFirstInvalid } from '@/components/ui/focus-invalid';
import { Field, inputClass } from '@/components/ui/field';
import { LoadError } from '@/components/ui/load-error';
import { useOpenedOnce } from '@/components/ui/opened-once';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingRows } from '@/components/ui/skeleton';
import type { DeliveryDetail } from '@/lib/data/deliveries';
import type { DryRunResult } from '@/lib/delivery/compose';
import { deliveryQuery } from '@/lib/queries/deliveries';
import { detailLabelsQuery, useSendEvent } from '@/lib/queries/events';
import { ApiError } from '@/lib/queries/fetcher';
import { integrationsQuery } from '@/lib/queries/integrations';
import { EVENT_TYPE_INFO, type EventType } from '@/lib/salesmanago/event-types';
import { ContactFields } from './_components/contact-fields';
import { DateField } from './_components/date-field';
import type { DuplicateInfo } from './_components/duplicate-dialog';
import { EventFields } from './_components/event-fields';
import { MagicContacts } from './_components/magic-contacts';
import { SendActions } from './_components/send-actions';
import { SendResult } from './_components/send-result';
import { TemplatesBar } from './_components/templates-bar';
import { TypePicker } from './_components/type-picker';
import { UpdateMode } from './_components/update-mode';
import { loadEventParser, useEventParser } from './event-parser';
import { emptyState, fromEvent, toEventInput, withExample, type ComposerState } from './form-state';

// Parts a person may never see (the request preview waits behind "Technical details", the dialogs behind
// a click or a refused send): loaded when first shown, not with the page.
const RequestPreview = dynamic(() => import('./_components/request-preview').then((m) => m.RequestPreview), {
  ssr: false,
});
const DuplicateDialog = dynamic(
  () => import('./_components/duplicate-dialog').then((m) => m.DuplicateDialog),
  { ssr: false },
);
const DetailLabelsDialog = dynamic(
  () => import('./_components/detail-labels-dialog').then((m) => m.DetailLabelsDialog),
  { ssr: false },
);

export function ComposerPageClient({
  initialIntegrationId,
  initialType,
  fromId,
  missingFrom,
}: {
  initialIntegrationId: number | null;
  initialType: EventType;
  fromId: number | null;
  missingFrom: boolean;
}) {
  const integrations = useQuery(integrationsQuery());
  const from = useQuery({ ...deliveryQuery(fromId ?? 0), enabled: !!fromId });
  const [integrationId, setIntegrationId] = useState(initialIntegrationId);
  const [state, setState] = useState<ComposerState>(() =>
    from.data ? fromEvent(from.data.event, emptyState(initialType)) : emptyState(initialType),
  );
  const [showErrors, setShowErrors] = useState(false);
  const [result, setResult] = useState<DeliveryDetail | DryRunResult | null>(null);
  const [duplicate, setDuplicate] = useState<DuplicateInfo | null>(null);
  const [labelsOpen, setLabelsOpen] = useState(false);
  const duplicateOpened = useOpenedOnce(!!duplicate);
  const labelsOpened = useOpenedOnce(labelsOpen);
  const send = useSendEvent();
  const labels = useQuery({ ...detailLabelsQuery(integrationId ?? 0), enabled: !!integrationId });

  const integration = integrations.data?.find((i) => i.id === integrationId);
  // The preview and the validation read the same body the API will get.
  const input = useMemo(() => toEventInput(state), [state]);
  const [technical] = useTechnicalDetails();
  // The check shows after a first send, and in the request preview (Technical details).
  const parseEvent = useEventParser(showErrors || technical);
  const parsed = useMemo(() => (parseEvent ? parseEvent(input) : null), [parseEvent, input]);
  const serverErrors = send.error instanceof ApiError ? send.error.fieldErrors : {};
  const invalid = showErrors && parsed && !parsed.ok ? parsed.fieldErrors : null;
  const errors = { ...invalid, ...serverErrors };

  function update(patch: Partial<ComposerState>) {
    setState((s) => ({ ...s, ...patch }));
    if (send.isError) send.reset();
  }

  function chooseIntegration(id: number) {
    setIntegrationId(id);
    setResult(null);
    syncUrl(id, state.type);
  }

  function chooseType(type: EventType) {
    update({ type });
    syncUrl(integrationId, type);
  }

  async function submit(dryRun: boolean, confirmDuplicate = false) {
    const checked = (parseEvent ?? (await loadEventParser()))(input);
    // Rendered now, so the first invalid field exists to be focused on the first failed submit too.
    flushSync(() => setShowErrors(true));
    if (!checked.ok || !integrationId) {
      focusFirstInvalid();
      return;
    }
    setResult(null);
    send.mutate(
      { integrationId, event: input, dryRun, confirmDuplicate, resendOf: fromId },
      {
        onSuccess: (r) => {
          setResult(r);
          setDuplicate(null);
        },
        onError: (err) => {
          if (err instanceof ApiError && err.code === 'possible_duplicate') {
            setDuplicate({
              message: err.message,
              duplicates: (err.extra.duplicates as DuplicateInfo['duplicates']) ?? [],
            });
          }
        },
      },
    );
  }

  if (integrations.isPending) return <LoadingRows label="Loading Send event…" />;
  if (integrations.isError)
    return <LoadError title="The integrations could not be loaded." error={integrations.error} />;
  if (!integration) {
    return (
      <>
        <PageHeader title="Send event" />
        <EmptyState
          title="No integration to send to"
          action={
            <Link href="/integrations" className={buttonClass('primary')}>
              Go to integrations
            </Link>
          }
        >
          Events are sent through an integration. Ask an admin to add one, or use the Sandbox integration.
        </EmptyState>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title="Send event"
        description="Compose an external event of any type, check it, and send it to SALESmanago. Every send is recorded in the history."
      />
      {missingFrom ? (
        <Alert tone="warning" className="mb-4" title="The delivery to edit was not found.">
          Starting from an empty form instead.
        </Alert>
      ) : null}
      {from.data ? (
        <Alert tone="info" className="mb-4" title={`Editing a copy of delivery #${from.data.id}.`}>
          Sending creates a new delivery linked to it; the original stays unchanged.
        </Alert>
      ) : null}
      <div
        className="grid grid-cols-1 items-start gap-6 lg:grid-cols-5"
        // Someone starting on the form will send it: fetch the checker now, without rendering again.
        onFocusCapture={() => void loadEventParser()}
      >
        <div className="flex flex-col gap-6 lg:col-span-3">
          <Card>
            <CardHeader title="What to send" />
            <CardBody className="flex flex-col gap-5">
              <Field
                label="Integration"
                hint={
                  integration.isSandbox
                    ? 'The built-in sandbox: nothing leaves this console.'
                    : integration.endpoint
                }
              >
                {(p) => (
                  <select
                    {...p}
                    className={`${inputClass} sm:w-80`}
                    value={integration.id}
                    onChange={(e) => chooseIntegration(Number(e.target.value))}
                  >
                    {integrations.data.map((i) => (
                      <option key={i.id} value={i.id}>
                        {i.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <IntegrationWarning integration={integration} />
              <SendingPausedNotice integration={integration} context="send" />
              <TypePicker value={state.type} onChange={chooseType} />
              <TemplatesBar
                integrationId={integration.id}
                currentFields={input}
                onApply={(t) => setState((s) => fromEvent({ ...t.event }, { ...s, fields: {} }))}
                onExample={() => setState((s) => withExample(s, s.type))}
              />
            </CardBody>
          </Card>
          <Card>
            <CardHeader title="Contact and date" />
            <CardBody className="flex flex-col gap-5">
              <ContactFields state={state} errors={errors} onChange={update} />
              <DateField
                value={state.dateLocal}
                errors={errors.date}
                onChange={(dateLocal) => update({ dateLocal })}
              />
              <label className="flex items-start gap-2 text-sm text-slate-800">
                <input
                  type="checkbox"
                  className="accent-brand-600 mt-0.5"
                  checked={state.forceOptIn}
                  onChange={(e) => update({ forceOptIn: e.target.checked })}
                />
                <span>
                  <span className="font-medium">Force opt-in</span>
                  <span className="block text-slate-600">
                    Creates the contact as opted in. Only with the contact’s consent.
                  </span>
                </span>
              </label>
            </CardBody>
          </Card>
          <Card>
            <CardHeader
              title={`${EVENT_TYPE_INFO[state.type].label} fields`}
              description={EVENT_TYPE_INFO[state.type].description}
            />
            <CardBody className="flex flex-col gap-6">
              <EventFields
                state={state}
                errors={errors}
                labels={labels.data ?? {}}
                onField={(f, v) => update({ fields: { ...state.fields, [f]: v } })}
                onEditLabels={() => setLabelsOpen(true)}
              />
              <UpdateMode integrationId={integration.id} state={state} errors={errors} onChange={update} />
            </CardBody>
          </Card>
          {integration.isSandbox ? (
            <MagicContacts onUse={(email) => update({ contactMode: 'email', email })} />
          ) : null}
        </div>
        <div className="flex flex-col gap-6 lg:sticky lg:top-6 lg:col-span-2">
          <SendActions
            pending={send.isPending}
            pendingDryRun={send.isPending && !!send.variables?.dryRun}
            error={
              send.error instanceof ApiError && send.error.code !== 'possible_duplicate' ? send.error : null
            }
            invalidCount={invalid ? Object.keys(invalid).length || 1 : 0}
            onValidate={() => void submit(true)}
            onSend={() => void submit(false)}
          />
          {result ? (
            <section aria-label="Result">
              <SendResult result={result} />
              {!('dryRun' in result) && result.status === 'queued' ? (
                <SendingPausedNotice integration={integration} context="delivery" />
              ) : null}
            </section>
          ) : null}
          <TechnicalDetailsToggle className="self-end" />
          <Technical>
            {parsed ? <RequestPreview integration={integration} parsed={parsed} input={input} /> : null}
          </Technical>
        </div>
      </div>
      {duplicateOpened ? (
        <DuplicateDialog
          info={duplicate}
          pending={send.isPending}
          onCancel={() => setDuplicate(null)}
          onConfirm={() => void submit(false, true)}
        />
      ) : null}
      {labelsOpened ? (
        <DetailLabelsDialog
          open={labelsOpen}
          onClose={() => setLabelsOpen(false)}
          integrationId={integration.id}
          labels={labels.data ?? {}}
          suggestions={EVENT_TYPE_INFO[state.type].detailLabels}
        />
      ) : null}
    </>
  );
}

/** Keeps the integration and type in the address, so a composer setup can be bookmarked. */
function syncUrl(integrationId: number | null, type: EventType) {
  const url = new URL(window.location.href);
  if (integrationId) url.searchParams.set('integrationId', String(integrationId));
  url.searchParams.set('type', type);
  url.searchParams.delete('from');
  window.history.replaceState(null, '', url);
}
