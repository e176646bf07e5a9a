import { Skeleton } from '@/components/ui/skeleton';

/** The overview's shape while its numbers load: five cards and a chart, so nothing jumps when they arrive. */
export function OverviewSkeleton() {
  return (
    <div role="status" className="flex flex-col gap-6">
      <span className="sr-only">Loading the overview…</span>
      <Skeleton className="h-6 w-40" />
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-5">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} className="h-28" />
        ))}
      </div>
      <Skeleton className="h-80" />
    </div>
  );
}
