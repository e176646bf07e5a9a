'use client';

import { useEffect, useRef } from 'react';
import { toast } from 'sonner';

import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { LocalTime } from '@/components/ui/local-time';
import { Spinner } from '@/components/ui/spinner';
import type { IntegrationView, VerificationCheck } from '@/lib/data/integrations';
import { useUpdateIntegration, useVerifyIntegration } from '@/lib/queries/integrations';

export function VerificationCard({
  integration,
  autoVerify,
}: {
  integration: IntegrationView;
  autoVerify: boolean;
}) {
  const canManage = useCan('integrations:manage');
  const verify = useVerifyIntegration(integration.id);
  const started = useRef(false);

  useEffect(() => {
    if (autoVerify && !started.current) {
      started.current = true;
      verify.mutate();
      // Drop ?verify=1 so a reload does not check again.
      window.history.replaceState(null, '', window.location.pathname);
    }
  }, [autoVerify, verify]);

  // Other controls (replace secret, pick owner) verify too, and an edit since makes a result stale:
  // show the newest result that still speaks of the current settings.
  const stored = integration.verification;
  const fresh = verify.data && verify.data.at >= integration.updatedAt ? verify.data : undefined;
  const result = fresh && (!stored || fresh.at >= stored.at) ? fresh : stored;

  return (
    <Card>
      <CardHeader
        title="Verification"
        description="A live, signed call to SALESmanago that checks each part separately."
        actions={
          canManage ? (
            <Button size="sm" onClick={() => verify.mutate()} loading={verify.isPending}>
              {verify.isPending ? 'Verifying…' : 'Verify now'}
            </Button>
          ) : null
        }
      />
      <CardBody className="flex flex-col gap-4">
        {verify.isPending ? (
          <Spinner label="Calling SALESmanago…" className="text-sm text-slate-700" />
        ) : verify.isError ? (
          <Alert tone="danger" title="The check could not run.">
            {verify.error.message}
          </Alert>
        ) : null}
        {result ? (
          <>
            <Alert
              tone={result.status === 'ok' ? 'success' : 'danger'}
              title={result.status === 'ok' ? 'Everything works.' : 'Something needs fixing.'}
            >
              Checked <LocalTime ms={result.at} seconds />.
            </Alert>
            <ul aria-label="Verification checks" className="flex flex-col gap-3">
              {result.checks.map((check) => (
                <CheckRow key={check.name} check={check} />
              ))}
            </ul>
          </>
        ) : !verify.isPending ? (
          <p className="text-sm text-slate-600">
            Not verified yet.{' '}
            {canManage
              ? 'Press “Verify now” to check the endpoint, credentials, owner and clock.'
              : 'Ask an admin to verify it.'}
          </p>
        ) : null}
        {integration.accountUsers.length ? (
          <OwnerPicker integration={integration} users={integration.accountUsers} />
        ) : null}
      </CardBody>
    </Card>
  );
}

const CHECK_STATE = {
  passed: { mark: '✓', className: 'bg-emerald-600 text-white', word: 'passed' },
  failed: { mark: '✗', className: 'bg-red-600 text-white', word: 'failed' },
  // Did not run because an earlier check failed: saying "failed" would send the marketer after a second
  // problem that may not exist.
  notChecked: { mark: '–', className: 'bg-slate-200 text-slate-700', word: 'not checked' },
} as const;

function stateOf(check: VerificationCheck): keyof typeof CHECK_STATE {
  if (check.ok) return 'passed';
  // Results stored before `notChecked` existed say it only in words.
  return check.notChecked || check.message.startsWith('Not checked because') ? 'notChecked' : 'failed';
}

function CheckRow({ check }: { check: VerificationCheck }) {
  const state = CHECK_STATE[stateOf(check)];
  return (
    <li className="flex gap-3">
      <span
        aria-hidden="true"
        className={`mt-0.5 grid size-5 shrink-0 place-items-center rounded-full text-xs font-bold ${state.className}`}
      >
        {state.mark}
      </span>
      <div className="min-w-0">
        <p
          className={`text-sm font-medium ${stateOf(check) === 'notChecked' ? 'text-slate-600' : 'text-slate-900'}`}
        >
          {check.label}
          <span className="sr-only">: {state.word}</span>
        </p>
        <p className="text-sm break-words text-slate-700">{check.message}</p>
      </div>
    </li>
  );
}

function OwnerPicker({ integration, users }: { integration: IntegrationView; users: string[] }) {
  const canManage = useCan('integrations:manage');
  const update = useUpdateIntegration(integration.id);
  const verify = useVerifyIntegration(integration.id);
  return (
    <div>
      <h3 className="text-sm font-medium text-slate-900">Users of this account</h3>
      <ul className="mt-2 flex flex-col gap-1.5">
        {users.map((u) => {
          const current = u.toLowerCase() === integration.owner.toLowerCase();
          return (
            <li key={u} className="flex items-center justify-between gap-2 text-sm">
              <span className="truncate text-slate-800">{u}</span>
              {current ? (
                <span className="text-xs font-medium text-emerald-800">Owner</span>
              ) : canManage ? (
                <Button
                  variant="secondary"
                  size="sm"
                  loading={update.isPending && update.variables?.owner === u}
                  onClick={() =>
                    update.mutate(
                      { owner: u },
                      {
                        onSuccess: () => {
                          toast.success(`Owner set to ${u}. Verifying again…`);
                          verify.mutate();
                        },
                      },
                    )
                  }
                >
                  Use as owner
                </Button>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
