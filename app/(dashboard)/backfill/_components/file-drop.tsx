'use client';

import { useId, useState } from 'react';

import { cn } from '@/components/ui/cn';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * A file picker that also takes a dropped file. The real <input type="file"> stays in the page (visually
 * hidden, still focusable), so keyboards and screen readers use it as they use any file input.
 */
export function FileDrop({ file, onFile }: { file: File | null; onFile: (file: File) => void }) {
  const id = useId();
  const [over, setOver] = useState(false);
  return (
    <div className="flex flex-col gap-2">
      <label
        htmlFor={id}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          const dropped = e.dataTransfer.files[0];
          if (dropped) onFile(dropped);
        }}
        className={cn(
          'flex cursor-pointer flex-col items-center gap-1 rounded-lg border-2 border-dashed border-slate-300 bg-slate-50 px-6 py-10 text-center',
          'has-[:focus-visible]:ring-brand-600 hover:border-brand-600 has-[:focus-visible]:ring-2',
          over && 'border-brand-600 bg-brand-50',
        )}
      >
        <span className="text-base font-semibold text-slate-900">CSV file</span>
        <span className="text-sm text-slate-700">
          Drop it here, or <span className="text-brand-700 underline">choose a file</span>
        </span>
        <span className="text-xs text-slate-600">
          Separated by commas, semicolons or tabs; UTF-8 text; up to 100 MB.
        </span>
        <input
          id={id}
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/plain,text/tab-separated-values"
          className="sr-only"
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            if (chosen) onFile(chosen);
          }}
        />
      </label>
      <p role="status" className="text-sm text-slate-700">
        {file ? (
          <>
            Chosen: <span className="font-medium">{file.name}</span> ({formatBytes(file.size)})
          </>
        ) : null}
      </p>
    </div>
  );
}
