'use client';

import Link from 'next/link';

import { CopyableCode } from '@/components/snippet/copyable-code';
import { Alert } from '@/components/ui/alert';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { LoadingRows } from '@/components/ui/skeleton';
import type { IntegrationView } from '@/lib/data/integrations';
import type { SnippetFormat } from '@/lib/validations/snippet';
import type { SnippetDraftState } from './use-snippet-draft';

const FORMATS: Array<{ value: SnippetFormat; label: string }> = [
  { value: 'readable', label: 'Readable' },
  { value: 'minified', label: 'One line' },
];

export function CodeCard({ integration, state }: { integration: IntegrationView; state: SnippetDraftState }) {
  const { snippet, error, updating, draft } = state;
  return (
    <Card>
      <CardHeader
        title="Monitoring code"
        description={
          <>
            Paste it once on every page, just before <code className="font-mono">&lt;/body&gt;</code>. Do not
            change any character of it.
          </>
        }
      />
      <CardBody className="flex flex-col gap-4">
        {error && snippet ? (
          <Alert tone="warning" title="The code below does not include your latest change yet.">
            {error.message}
          </Alert>
        ) : null}
        {snippet ? (
          <CopyableCode
            code={snippet.html}
            label="Monitoring code"
            busy={updating}
            toolbar={<FormatSwitch value={draft.format} onChange={(format) => state.update({ format })} />}
            footer={
              <>
                <p className="text-xs text-slate-600">
                  {updating ? 'Updating the code…' : `${lineCount(snippet.html)}. `}
                  {updating ? null : (
                    <>
                      It loads <span className="font-mono break-all">{snippet.smJsUrl}</span>.
                    </>
                  )}
                </p>
                {snippet.clientIdLine ? <ClientIdGuide line={snippet.clientIdLine} /> : null}
              </>
            }
          />
        ) : error ? (
          <Alert
            tone="danger"
            title="The code could not be made."
            actions={
              <Link href={`/integrations/${integration.id}`} className="font-medium underline">
                Settings
              </Link>
            }
          >
            {error.message}
          </Alert>
        ) : (
          <LoadingRows rows={4} label="Loading the monitoring code…" />
        )}
      </CardBody>
    </Card>
  );
}

function lineCount(code: string): string {
  const n = code.split('\n').length;
  return n === 1 ? 'One line' : `${n} lines`;
}

function FormatSwitch({ value, onChange }: { value: SnippetFormat; onChange: (f: SnippetFormat) => void }) {
  return (
    <fieldset className="flex items-center gap-2">
      <legend className="sr-only">Format of the code</legend>
      <span aria-hidden="true" className="text-sm text-slate-700">
        Format
      </span>
      <div className="inline-flex rounded-md ring-1 ring-slate-300">
        {FORMATS.map((f) => (
          <label
            key={f.value}
            className="has-[:checked]:bg-brand-600 has-[:focus-visible]:outline-brand-500 cursor-pointer px-3 py-1.5 text-sm font-medium text-slate-700 first:rounded-l-md last:rounded-r-md has-[:checked]:text-white has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2"
          >
            <input
              type="radio"
              name="snippet-format"
              value={f.value}
              checked={value === f.value}
              onChange={() => onChange(f.value)}
              className="sr-only"
            />
            {f.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function ClientIdGuide({ line }: { line: string }) {
  return (
    <div className="border-brand-100 bg-brand-50 flex flex-col gap-3 rounded-md border p-4 text-sm text-slate-800">
      <div className="space-y-1">
        <p className="font-semibold text-slate-900">Identify logged-in visitors</p>
        <p>
          For a visitor who is logged in to your shop, have your site print this line inside the script, right
          after the <code className="font-mono">var _smid = …;</code> line, with{' '}
          <code className="font-mono">CONTACT_ID</code> replaced by the visitor&apos;s SALESmanago contact ID.
          Leave the line out for everyone else, and print only IDs made of letters, digits, - and _.
        </p>
      </div>
      <CopyableCode
        code={line}
        label="Line for logged-in visitors"
        language="javascript"
        copyLabel="Copy line"
      />
    </div>
  );
}
