import { Alert } from '@/components/ui/alert';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { SnippetCheckView } from '@/lib/integrations/snippet-check';
import type { Finding } from '@/lib/salesmanago/snippet-check';
import { visibleText } from './visible-text';

const SEVERITY: Record<Finding['severity'], { label: string; tone: BadgeTone }> = {
  error: { label: 'Must fix', tone: 'danger' },
  warning: { label: 'Should fix', tone: 'warning' },
  info: { label: 'Note', tone: 'neutral' },
};

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} bytes` : `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function CheckResults({ result }: { result: SnippetCheckView }) {
  const problems = result.findings.filter((f) => f.severity !== 'info');
  const ok = result.findings.find((f) => f.kind === 'ok');
  const listed = result.findings.filter((f) => f.kind !== 'ok');
  return (
    <section aria-label="Check result" className="flex flex-col gap-4">
      {result.status === 'ok' ? (
        <Alert tone="success" title={ok?.message ?? 'The code matches.'}>
          {listed.length ? 'Nothing to fix. Details below.' : 'Nothing to fix.'}
        </Alert>
      ) : result.status === 'not-found' ? (
        <Alert tone="danger" title="No monitoring code was found." />
      ) : (
        <Alert tone="danger" title={`${plural(problems.length, 'problem')} to fix`}>
          {result.scriptsFound > 0
            ? `Found ${plural(result.scriptsFound, 'monitoring code')}. Fix the problems below, or replace the code on your site with a fresh copy.`
            : 'Fix the problems below, or replace the code on your site with a fresh copy.'}
        </Alert>
      )}
      {result.source ? <SourceLine source={result.source} /> : null}
      {listed.length || result.status === 'not-found' ? (
        <ol
          aria-label="Findings"
          className="flex flex-col divide-y divide-slate-200 rounded-md border border-slate-200"
        >
          {(result.status === 'not-found' ? result.findings : listed).map((f, i) => (
            <FindingRow key={i} finding={f} />
          ))}
        </ol>
      ) : null}
    </section>
  );
}

function SourceLine({ source }: { source: NonNullable<SnippetCheckView['source']> }) {
  return (
    <p className="text-sm break-all text-slate-700">
      Read <span className="font-mono">{source.finalUrl}</span> ({formatBytes(source.bytes)})
      {source.finalUrl !== source.url ? (
        <>
          , redirected from <span className="font-mono">{source.url}</span>
        </>
      ) : null}
      .
    </p>
  );
}

function FindingRow({ finding }: { finding: Finding }) {
  const severity = SEVERITY[finding.severity];
  return (
    <li className="flex flex-col gap-2 px-4 py-3 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={severity.tone}>{severity.label}</Badge>
        {finding.line !== undefined ? (
          <span className="text-xs font-medium text-slate-600">Line {finding.line}</span>
        ) : null}
      </div>
      <p className="text-slate-900">{finding.message}</p>
      {finding.expected !== undefined || finding.found !== undefined ? (
        <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[auto_1fr]">
          {finding.expected !== undefined ? <Value term="Expected" value={finding.expected} /> : null}
          {finding.found !== undefined ? <Value term="Found" value={finding.found} /> : null}
        </dl>
      ) : null}
      <p className="text-slate-700">
        <span className="font-medium text-slate-900">Fix: </span>
        {finding.fix}
      </p>
    </li>
  );
}

function Value({ term, value }: { term: string; value: string }) {
  return (
    <>
      <dt className="text-xs font-medium text-slate-600 sm:pt-0.5">{term}</dt>
      <dd className="min-w-0">
        <code className="block rounded bg-slate-50 px-2 py-1 font-mono text-xs [overflow-wrap:anywhere] whitespace-pre-wrap text-slate-900 ring-1 ring-slate-200">
          {visibleText(value)}
        </code>
      </dd>
    </>
  );
}
