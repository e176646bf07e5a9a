export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <div className="flex items-center gap-2">
      <span
        aria-hidden="true"
        className="bg-brand-600 grid size-8 place-items-center rounded-md text-sm font-bold text-white"
      >
        SM
      </span>
      {compact ? null : (
        <span className="leading-tight">
          <span className="block text-sm font-semibold text-slate-900">SALESmanago</span>
          <span className="block text-xs text-slate-600">External Events Console</span>
        </span>
      )}
    </div>
  );
}
