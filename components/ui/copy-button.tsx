'use client';

import { useEffect, useState } from 'react';

import { Button, type ButtonVariant } from './button';

/**
 * Copies exactly `text` (not the rendered DOM, which may hold highlighting markup) and confirms
 * visibly and to screen readers.
 */
export function CopyButton({
  text,
  label = 'Copy',
  copiedLabel = 'Copied',
  variant = 'secondary',
  onCopied,
}: {
  text: string;
  label?: string;
  copiedLabel?: string;
  variant?: ButtonVariant;
  onCopied?: () => void;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(t);
  }, [state]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
      onCopied?.();
    } catch {
      setState('failed');
    }
  }

  return (
    <>
      <Button variant={variant} size="sm" onClick={copy}>
        {state === 'copied' ? `✓ ${copiedLabel}` : label}
      </Button>
      <span role="status" className="sr-only">
        {state === 'copied'
          ? `${copiedLabel} to the clipboard`
          : state === 'failed'
            ? 'Copy failed: select the text and copy it by hand'
            : ''}
      </span>
      {state === 'failed' ? (
        <span className="text-xs text-red-700">Copy failed: select and copy by hand.</span>
      ) : null}
    </>
  );
}
