'use client';

import { useState, type FormEvent, type ReactNode } from 'react';

import { useCan } from '@/components/shell/user-context';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Field, inputClass, textareaClass, type FieldControlProps } from '@/components/ui/field';
import { Tabs } from '@/components/ui/tabs';
import { ApiError } from '@/lib/queries/fetcher';
import { useCheckSnippet, type SnippetCheckInput } from '@/lib/queries/snippet';
import type { SnippetOptions } from '@/lib/validations/snippet';
import { CheckResults } from './check-results';

/** "Check my code": compare what is on the site (pasted, or fetched from a page) with this code. */
export function CheckCard({ id, options }: { id: number; options?: SnippetOptions }) {
  const check = useCheckSnippet(id);
  const canFetchPage = useCan('snippet:fetch-page');
  const [html, setHtml] = useState('');
  const [url, setUrl] = useState('');
  const errors = check.error instanceof ApiError ? check.error.fieldErrors : {};

  function run(e: FormEvent, input: SnippetCheckInput) {
    e.preventDefault();
    check.mutate({ ...input, ...(options ? { options } : {}) });
  }

  const otherError = check.error && !errors.html && !errors.url ? check.error.message : null;

  return (
    <div id="check" className="scroll-mt-6">
      <Card>
        <CardHeader
          title="Check my code"
          description="Compares what is on your site with the code above, character by character, and says how to fix each difference."
        />
        <CardBody className="flex flex-col gap-5">
          <Tabs
            label="What to check"
            onChange={() => check.reset()}
            items={[
              {
                id: 'paste',
                label: 'Paste code',
                content: (
                  <CheckForm
                    label="Code from your site"
                    hint="Paste the monitoring code as it is on your site, or the whole page source (View page source in the browser)."
                    errors={errors.html}
                    pending={check.isPending}
                    submit="Check code"
                    onSubmit={(e) => run(e, { html })}
                  >
                    {(p) => (
                      <textarea
                        {...p}
                        rows={8}
                        spellCheck={false}
                        autoCapitalize="off"
                        autoCorrect="off"
                        className={`${textareaClass} font-mono text-xs`}
                        value={html}
                        onChange={(e) => setHtml(e.target.value)}
                      />
                    )}
                  </CheckForm>
                ),
              },
              {
                id: 'url',
                label: 'Page address',
                content: !canFetchPage ? (
                  <p className="text-sm text-slate-700">
                    Checking a page by its address is for admins and marketers, because the console fetches
                    the page for you. Open the page in your browser, choose View page source, and paste it
                    under Paste code.
                  </p>
                ) : (
                  <CheckForm
                    label="Page address"
                    hint="A public page of your site. The console downloads it (up to 2 MB) and looks for the code in its HTML."
                    errors={errors.url}
                    pending={check.isPending}
                    submit={check.isPending ? 'Fetching the page…' : 'Check page'}
                    onSubmit={(e) => run(e, { url })}
                  >
                    {(p) => (
                      <input
                        {...p}
                        type="url"
                        inputMode="url"
                        placeholder="https://shop.example.com/"
                        spellCheck={false}
                        className={inputClass}
                        value={url}
                        onChange={(e) => setUrl(e.target.value)}
                      />
                    )}
                  </CheckForm>
                ),
              },
            ]}
          />
          {otherError ? (
            <Alert tone="danger" title="The check could not run.">
              {otherError}
            </Alert>
          ) : null}
          {check.data ? <CheckResults result={check.data} /> : null}
        </CardBody>
      </Card>
    </div>
  );
}

function CheckForm({
  label,
  hint,
  errors,
  pending,
  submit,
  onSubmit,
  children,
}: {
  label: string;
  hint: string;
  errors?: string[];
  pending: boolean;
  submit: string;
  onSubmit: (e: FormEvent) => void;
  children: (props: FieldControlProps) => ReactNode;
}) {
  return (
    <form onSubmit={onSubmit} noValidate className="flex flex-col gap-3">
      <Field label={label} hint={hint} errors={errors}>
        {children}
      </Field>
      <div>
        <Button type="submit" loading={pending}>
          {submit}
        </Button>
      </div>
    </form>
  );
}
