import { cn } from '@/components/ui/cn';

export type Step = 'upload' | 'map' | 'import';

const STEPS: Array<[Step, string]> = [
  ['upload', 'Upload the file'],
  ['map', 'Map and check'],
  ['import', 'Import'],
];

/** Where the person is in the three steps; the current one is announced as such. */
export function Steps({ current }: { current: Step }) {
  const at = STEPS.findIndex(([s]) => s === current);
  return (
    <ol aria-label="Steps" className="mb-6 flex flex-wrap gap-2 text-sm">
      {STEPS.map(([step, label], i) => (
        <li
          key={step}
          aria-current={i === at ? 'step' : undefined}
          className={cn(
            'flex items-center gap-2 rounded-full border px-3 py-1',
            i === at
              ? 'border-brand-600 bg-brand-50 text-brand-800 font-medium'
              : 'border-slate-200 text-slate-600',
            i < at && 'text-slate-800',
          )}
        >
          <span aria-hidden="true">{i < at ? '✓' : i + 1}</span>
          {label}
        </li>
      ))}
    </ol>
  );
}
