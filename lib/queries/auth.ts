import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';

import { safeNextPath } from '@/lib/request-path';
import type { LoginInput, SetupInput } from '@/lib/validations/auth';
import { apiFetch, type ApiError } from './fetcher';

/** Signs in, then opens `next` (the page that sent the reader to sign in). */
export const useSignIn = (next: string) => useStartSession<LoginInput>('/api/auth/login', next);

/** Creates the first admin, who is signed in at once, then opens the integrations. */
export const useSetupAdmin = () => useStartSession<SetupInput>('/api/auth/setup', '/integrations');

/**
 * Both end in a new session cookie: on success the screen goes to `to` and the router refreshes, so
 * server components render again for the signed-in user. apiFetch turns every failure (network
 * included) into an ApiError, so the forms can show its field errors.
 */
function useStartSession<TInput>(path: string, to: string) {
  const router = useRouter();
  return useMutation<void, ApiError, TInput>({
    mutationFn: (input) => apiFetch<void>(path, { method: 'POST', json: input }),
    onSuccess: () => {
      // Checked here too, not only by the page that passed it: this is where the browser navigates.
      router.replace(safeNextPath(to, window.location.origin));
      router.refresh();
    },
  });
}
