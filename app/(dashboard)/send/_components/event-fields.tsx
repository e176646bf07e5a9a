'use client';

import { useId, useState } from 'react';

import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Field, inputClass, textareaClass } from '@/components/ui/field';
import {
  DETAIL_FIELDS,
  EVENT_FIELD_LABELS,
  EVENT_FIELD_LIMITS,
  type DetailField,
} from '@/lib/salesmanago/event-fields';
import { EVENT_TYPE_INFO } from '@/lib/salesmanago/event-types';
import { visibleDetails, type ComposerState, type TextField } from '../form-state';

const MAIN_FIELDS = ['value', 'products', 'externalId', 'description', 'location', 'shopDomain'] as const;

const HINTS: Record<(typeof MAIN_FIELDS)[number], string> = {
  value: 'The amount, e.g. 249.99 or 249,99.',
  products: `Product IDs separated by commas (at most ${EVENT_FIELD_LIMITS.products} characters).`,
  externalId: 'Your own number for it (the order number for a purchase). The duplicate guard watches it.',
  description: `Free text (at most ${EVENT_FIELD_LIMITS.description} characters).`,
  location: `The shop ID that links the event to a product feed: letters, digits, / _ - . (at most ${EVENT_FIELD_LIMITS.location}).`,
  shopDomain: 'The shop’s domain, e.g. shop.example.com.',
};

const TYPE_LABELS: Partial<Record<string, Partial<Record<TextField, string>>>> = {
  CART: { description: 'Description (cart recovery URL)' },
};

type Props = {
  state: ComposerState;
  errors: Record<string, string[]>;
  labels: Partial<Record<DetailField, string>>;
  onField: (field: TextField, value: string) => void;
  onEditLabels: () => void;
};

export function EventFields({ state, errors, labels, onField, onEditLabels }: Props) {
  const info = EVENT_TYPE_INFO[state.type];
  const [showAll, setShowAll] = useState(false);
  const [extra, setExtra] = useState<DetailField[]>([]);
  const addId = useId();
  const main = MAIN_FIELDS.filter(
    (f) => showAll || info.fields.includes(f) || (state.fields[f] ?? '') !== '',
  );
  const hidden = MAIN_FIELDS.length - main.length;
  const details = visibleDetails(state, labels, extra);
  const addable = DETAIL_FIELDS.filter((f) => !details.includes(f));
  const label = (f: TextField) => TYPE_LABELS[state.type]?.[f] ?? EVENT_FIELD_LABELS[f];
  // The type's example values show as placeholders: guidance without sending example data by accident.
  const example = (f: TextField) => {
    const v = info.template[f];
    return v === undefined ? undefined : `e.g. ${v}`;
  };

  return (
    <div className="flex flex-col gap-6">
      <div className="grid gap-4 sm:grid-cols-2">
        {main.map((f) => (
          <Field
            key={f}
            label={label(f)}
            optional
            hint={HINTS[f]}
            errors={errors[f]}
            className={f === 'description' ? 'sm:col-span-2' : undefined}
          >
            {(p) =>
              f === 'description' ? (
                <textarea
                  {...p}
                  rows={2}
                  className={textareaClass}
                  placeholder={example(f)}
                  value={state.fields[f] ?? ''}
                  onChange={(e) => onField(f, e.target.value)}
                />
              ) : (
                <input
                  {...p}
                  inputMode={f === 'value' ? 'decimal' : undefined}
                  className={cn(
                    inputClass,
                    f === 'value' || f === 'externalId' || f === 'location' ? 'font-mono' : '',
                  )}
                  placeholder={example(f)}
                  value={state.fields[f] ?? ''}
                  onChange={(e) => onField(f, e.target.value)}
                />
              )
            }
          </Field>
        ))}
      </div>
      {hidden > 0 || showAll ? (
        <div>
          <Button variant="ghost" size="sm" onClick={() => setShowAll((v) => !v)} aria-expanded={showAll}>
            {showAll
              ? 'Show only the fields this type uses'
              : `Show ${hidden} more field${hidden > 1 ? 's' : ''}`}
          </Button>
        </div>
      ) : null}

      <fieldset className="flex flex-col gap-3">
        <legend className="flex w-full flex-wrap items-center justify-between gap-2 text-sm font-medium text-slate-800">
          Detail slots
          <Button variant="secondary" size="sm" onClick={onEditLabels}>
            Name detail slots…
          </Button>
        </legend>
        <p className="text-xs text-slate-600">
          detail1 to detail20 hold extra information (at most {EVENT_FIELD_LIMITS.detail} characters each).
          Name them once per integration, e.g. detail9 = Currency, and the names are reused here.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          {details.map((f) => (
            <Field
              key={f}
              label={
                <>
                  {labels[f] ?? info.detailLabels[f] ?? EVENT_FIELD_LABELS[f]}{' '}
                  <span className="font-mono text-xs font-normal text-slate-600">{f}</span>
                </>
              }
              optional
              errors={errors[f]}
            >
              {(p) => (
                <input
                  {...p}
                  className={inputClass}
                  placeholder={example(f)}
                  value={state.fields[f] ?? ''}
                  onChange={(e) => onField(f, e.target.value)}
                />
              )}
            </Field>
          ))}
        </div>
        {addable.length ? (
          <div className="flex items-center gap-2">
            <label htmlFor={addId} className="text-sm whitespace-nowrap text-slate-700">
              Add a slot
            </label>
            <select
              id={addId}
              className={cn(inputClass, 'w-44')}
              value=""
              onChange={(e) => e.target.value && setExtra((x) => [...x, e.target.value as DetailField])}
            >
              <option value="">Choose…</option>
              {addable.map((f) => (
                <option key={f} value={f}>
                  {labels[f] ? `${f} · ${labels[f]}` : f}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </fieldset>
    </div>
  );
}
