import type { ReactNode } from 'react';

import { Tabs } from '@/components/ui/tabs';

export interface PlacementGuide {
  id: string;
  /** The tab's name, e.g. "WordPress". */
  label: string;
  intro?: ReactNode;
  steps: ReactNode[];
  /** Pitfalls worth a second look, shown after the steps. */
  watchOut?: ReactNode[];
}

/** Step-by-step guides for where a snippet goes (plain HTML, CMS, tag manager), one tab each. */
export function PlacementGuides({ label, guides }: { label: string; guides: PlacementGuide[] }) {
  return (
    <Tabs
      label={label}
      items={guides.map((guide) => ({
        id: guide.id,
        label: guide.label,
        content: <GuideBody guide={guide} />,
      }))}
    />
  );
}

function GuideBody({ guide }: { guide: PlacementGuide }) {
  return (
    <div className="flex flex-col gap-4 text-sm text-slate-800">
      {guide.intro ? <p>{guide.intro}</p> : null}
      <ol className="flex flex-col gap-2.5">
        {guide.steps.map((step, i) => (
          <li key={i} className="flex gap-3">
            <span
              aria-hidden="true"
              className="bg-brand-50 text-brand-800 ring-brand-100 grid size-6 shrink-0 place-items-center rounded-full text-xs font-semibold ring-1"
            >
              {i + 1}
            </span>
            <span className="min-w-0 pt-0.5">{step}</span>
          </li>
        ))}
      </ol>
      {guide.watchOut?.length ? (
        <div className="rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-amber-900">
          <p className="font-semibold">Watch out</p>
          <ul className="mt-1 list-disc space-y-1 pl-5">
            {guide.watchOut.map((note, i) => (
              <li key={i}>{note}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Inline code in guide text. */
export function Code({ children }: { children: ReactNode }) {
  return (
    <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-[0.85em] text-slate-900">
      {children}
    </code>
  );
}
