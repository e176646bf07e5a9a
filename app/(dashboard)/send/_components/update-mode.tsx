'use client';

import { useQuery } from '@tanstack/react-query';

import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Field, inputClass } from '@/components/ui/field';
import { LocalTime } from '@/components/ui/local-time';
import { deliveriesQuery } from '@/lib/queries/deliveries';
import type { ComposerState } from '../form-state';

/**
 * The CART flow (salesmanago.md §3.4): add a CART event once, then update it by its eventId while the cart
 * changes. Offers the eventIds this integration already got back for the same contact.
 */
export function UpdateMode({
  integrationId,
  state,
  errors,
  onChange,
}: {
  integrationId: number;
  state: ComposerState;
  errors: Record<string, string[]>;
  onChange: (patch: Partial<ComposerState>) => void;
}) {
  const contact = (state.contactMode === 'email' ? state.email : state.contactId).trim();
  const recent = useQuery({
    ...deliveriesQuery({ integrationId, q: contact, type: [state.type], status: ['succeeded'], limit: 5 }),
    enabled: state.updateMode && contact.length > 2,
  });
  const withIds = (recent.data?.items ?? []).filter((d) => d.smEventId && d.operation === 'add');

  return (
    <div className="flex flex-col gap-3">
      <label className="flex items-start gap-2 text-sm text-slate-800">
        <input
          type="checkbox"
          className="accent-brand-600 mt-0.5"
          checked={state.updateMode}
          onChange={(e) => onChange({ updateMode: e.target.checked })}
        />
        <span>
          <span className="font-medium">Update an existing event</span>
          <span className="block text-slate-600">
            E.g. the cart changed: SALESmanago replaces every field of the event with the ones sent now.
          </span>
        </span>
      </label>
      {state.updateMode ? (
        <>
          <Field
            label="SALESmanago event ID"
            errors={errors.eventId}
            hint="The eventId SALESmanago returned when the event was added."
          >
            {(p) => (
              <input
                {...p}
                className={cn(inputClass, 'font-mono')}
                spellCheck={false}
                value={state.eventId}
                onChange={(e) => onChange({ eventId: e.target.value })}
              />
            )}
          </Field>
          {withIds.length ? (
            <div>
              <p className="text-sm text-slate-700">Recent {state.type} events of this contact:</p>
              <ul className="mt-1 flex flex-col gap-1">
                {withIds.map((d) => (
                  <li key={d.id} className="flex flex-wrap items-center gap-2 text-sm">
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() => onChange({ eventId: d.smEventId ?? '' })}
                    >
                      Use
                    </Button>
                    <span className="font-mono text-xs">{d.smEventId}</span>
                    <LocalTime ms={d.createdAt} className="text-slate-600" />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
