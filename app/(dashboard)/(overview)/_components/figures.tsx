/** A card's headline numbers, side by side: a description list, so each number keeps its name. */
export function Figures({ items }: { items: Array<{ label: string; value: string }> }) {
  return (
    <dl className="flex flex-wrap gap-x-8 gap-y-2">
      {items.map((f) => (
        <div key={f.label} className="min-w-0">
          <dt className="text-sm text-slate-600">{f.label}</dt>
          <dd className="text-xl font-semibold text-slate-900 tabular-nums">{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
