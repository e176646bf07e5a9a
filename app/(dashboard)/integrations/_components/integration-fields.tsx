'use client';

import { Field, InputField, inputClass } from '@/components/ui/field';

type ConnectionKey = 'name' | 'endpoint' | 'clientId' | 'owner';
type CredentialKey = 'apiKey' | 'apiSecret';

interface Props<K extends string> {
  values: Partial<Record<K, string>>;
  errors: Record<string, string[]>;
  onChange: (field: K, value: string) => void;
  ownerOptions?: string[];
}

export function ConnectionFields({ values, errors, onChange, ownerOptions = [] }: Props<ConnectionKey>) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label="Name" hint="For you: e.g. the shop or brand." errors={errors.name}>
        {(p) => (
          <input
            {...p}
            className={inputClass}
            value={values.name ?? ''}
            onChange={(e) => onChange('name', e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Endpoint"
        hint="The host you see after logging in, e.g. app3.salesmanago.com."
        errors={errors.endpoint}
      >
        {(p) => (
          <input
            {...p}
            className={`${inputClass} font-mono`}
            placeholder="app3.salesmanago.com"
            spellCheck={false}
            autoCapitalize="off"
            value={values.endpoint ?? ''}
            onChange={(e) => onChange('endpoint', e.target.value)}
          />
        )}
      </Field>
      <Field label="Client ID" hint="Also goes into the monitoring code as _smid." errors={errors.clientId}>
        {(p) => (
          <input
            {...p}
            className={`${inputClass} font-mono`}
            spellCheck={false}
            autoCapitalize="off"
            value={values.clientId ?? ''}
            onChange={(e) => onChange('clientId', e.target.value)}
          />
        )}
      </Field>
      <Field
        label="Owner email"
        hint={
          ownerOptions.length
            ? 'Pick one of the account’s users, or type an email.'
            : 'A SALESmanago user of this account: contacts are assigned to them.'
        }
        errors={errors.owner}
      >
        {(p) => (
          <>
            <input
              {...p}
              type="email"
              list={ownerOptions.length ? `${p.id}-owners` : undefined}
              className={inputClass}
              value={values.owner ?? ''}
              onChange={(e) => onChange('owner', e.target.value)}
            />
            {ownerOptions.length ? (
              <datalist id={`${p.id}-owners`}>
                {ownerOptions.map((o) => (
                  <option key={o} value={o} />
                ))}
              </datalist>
            ) : null}
          </>
        )}
      </Field>
    </div>
  );
}

/** Write-only secrets: masked, never autofilled or spell-checked. */
const CREDENTIALS: Array<[CredentialKey, string]> = [
  ['apiKey', 'API key'],
  ['apiSecret', 'API secret'],
];

export function CredentialFields({ values, errors, onChange }: Props<CredentialKey>) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      {CREDENTIALS.map(([key, label]) => (
        <InputField
          key={key}
          label={label}
          errors={errors[key]}
          type="password"
          autoComplete="off"
          spellCheck={false}
          inputClassName="font-mono"
          value={values[key] ?? ''}
          onValueChange={(value) => onChange(key, value)}
        />
      ))}
    </div>
  );
}
