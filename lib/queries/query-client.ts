import { isServer, QueryClient } from '@tanstack/react-query';

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      // Server-prefetched data is fresh for a moment, so hydration does not refetch at once.
      queries: {
        staleTime: 30_000,
        retry: (count, err) => count < 2 && (err as { status?: number }).status !== 401,
      },
    },
  });
}

let browserClient: QueryClient | undefined;

/** A new client per server request; one shared client in the browser. */
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserClient ??= makeQueryClient();
  return browserClient;
}
