import { LoadingRows } from '@/components/ui/skeleton';

export default function Loading() {
  return <LoadingRows rows={4} label="Loading…" />;
}
