'use client';

import { useEffect, useState, type ReactNode } from 'react';

import { CodeBlock, type CodeLanguage } from '@/components/ui/code-block';
import { CopyButton } from '@/components/ui/copy-button';

/**
 * A code block with a one-click copy of the exact string (never the highlighted DOM), a visible
 * confirmation, and room for controls such as a format switch. Shared by every "paste this on your
 * site" screen.
 */
export function CopyableCode({
  code,
  label,
  language = 'html',
  // Soft-wrapped by default: every character stays in view, and the copy is the exact string anyway.
  wrap = true,
  busy,
  toolbar,
  copyLabel = 'Copy code',
  footer,
}: {
  code: string;
  /** Names the code region, e.g. "Monitoring code". */
  label: string;
  language?: CodeLanguage;
  wrap?: boolean;
  busy?: boolean;
  toolbar?: ReactNode;
  copyLabel?: string;
  footer?: ReactNode;
}) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 4000);
    return () => clearTimeout(t);
  }, [copied]);
  // A new code (another option) must be copied again; the confirmation spoke of the old one.
  const [copiedCode, setCopiedCode] = useState(code);
  if (copiedCode !== code) {
    setCopiedCode(code);
    setCopied(false);
  }

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">{toolbar}</div>
        {/* ml-auto keeps the button on the right when the row wraps. */}
        <div className="ml-auto flex flex-wrap items-center justify-end gap-3">
          {copied ? (
            <span className="text-sm font-medium text-emerald-800">
              Copied {code.length.toLocaleString('en')} characters, exactly as shown.
            </span>
          ) : null}
          <CopyButton
            text={code}
            label={copyLabel}
            copiedLabel="Copied"
            variant="primary"
            onCopied={() => setCopied(true)}
          />
        </div>
      </div>
      <CodeBlock code={code} label={label} language={language} wrap={wrap} busy={busy} />
      {footer}
    </div>
  );
}
