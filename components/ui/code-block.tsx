'use client';

import hljs from 'highlight.js/lib/core';
import javascript from 'highlight.js/lib/languages/javascript';
import xml from 'highlight.js/lib/languages/xml';
import { useMemo } from 'react';

import { cn } from './cn';

// Core plus two languages keeps the bundle small; xml highlights the JavaScript inside <script> too.
hljs.registerLanguage('xml', xml);
hljs.registerLanguage('javascript', javascript);

export type CodeLanguage = 'html' | 'javascript';

/**
 * Highlighted, scrollable code. highlight.js escapes the text and only wraps it in spans, so the
 * block's text is the code itself; copy buttons should still copy the string, not the DOM.
 */
export function CodeBlock({
  code,
  language = 'html',
  label,
  wrap = false,
  busy = false,
  className,
}: {
  code: string;
  language?: CodeLanguage;
  /** Names the region for screen readers (it is focusable so keyboards can scroll it). */
  label: string;
  /** Soft-wrap long lines (a minified one-liner) instead of scrolling sideways. */
  wrap?: boolean;
  busy?: boolean;
  className?: string;
}) {
  const html = useMemo(
    () =>
      hljs.highlight(code, { language: language === 'html' ? 'xml' : 'javascript', ignoreIllegals: true })
        .value,
    [code, language],
  );
  return (
    <pre
      tabIndex={0}
      aria-label={label}
      aria-busy={busy || undefined}
      className={cn(
        'max-h-[28rem] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-4 font-mono text-[13px] leading-relaxed text-slate-800 transition-opacity',
        wrap ? '[overflow-wrap:anywhere] whitespace-pre-wrap' : 'whitespace-pre',
        busy && 'opacity-60',
        className,
      )}
    >
      <code className="hljs" dangerouslySetInnerHTML={{ __html: html }} />
    </pre>
  );
}
