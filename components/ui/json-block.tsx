import { cn } from './cn';

/** Pretty-printed JSON (or any text) in a scrollable, labelled block. Always rendered as text. */
export function JsonBlock({
  value,
  label,
  className,
}: {
  value: unknown;
  label: string;
  className?: string;
}) {
  const text = typeof value === 'string' ? prettyIfJson(value) : JSON.stringify(value, null, 2);
  return (
    <pre
      aria-label={label}
      tabIndex={0}
      className={cn(
        'max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-relaxed whitespace-pre-wrap text-slate-800',
        className,
      )}
    >
      {text}
    </pre>
  );
}

export function prettyIfJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
