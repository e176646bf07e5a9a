/** Rows that will not be (or were not) imported, by line of the file, in plain words. */
export function ProblemList({
  title,
  problems,
  more,
  total,
}: {
  title: string;
  problems: Array<{ line: number | null; message: string }>;
  more: boolean;
  total: number;
}) {
  if (!problems.length) return null;
  return (
    <section aria-label={title} className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold text-slate-900">
        {title} ({total.toLocaleString('en-US')})
      </h3>
      <ol
        tabIndex={0}
        aria-label={`${title}, by line`}
        className="max-h-72 overflow-y-auto rounded-md border border-slate-200 text-sm"
      >
        {problems.map((p, i) => (
          <li
            key={`${p.line}-${i}`}
            className="flex gap-3 border-b border-slate-100 px-3 py-2 last:border-b-0"
          >
            <span className="w-16 shrink-0 font-mono text-xs text-slate-600">
              {p.line === null ? '' : `Line ${p.line}`}
            </span>
            <span className="text-slate-800">{p.message}</span>
          </li>
        ))}
      </ol>
      {more ? (
        <p className="text-xs text-slate-600">
          Only the first {problems.length} are listed; fix these and check again to see the rest.
        </p>
      ) : null}
    </section>
  );
}
