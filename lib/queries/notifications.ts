import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';

import type { NotificationView } from '@/lib/data/notifications';
import type { PreferencesView, WebhookView } from '@/lib/data/notification-settings';
import type { NotificationsView } from '@/lib/notifications/view';
import type {
  NotificationPreferences,
  NotificationSettings,
  SaveWebhookInput,
} from '@/lib/validations/notifications';
import { apiFetch } from './fetcher';

export const notificationKeys = { all: ['notifications'] as const };

export const notificationsQuery = () =>
  queryOptions({
    queryKey: notificationKeys.all,
    queryFn: () => apiFetch<NotificationsView>('/api/notifications'),
  });

/** Every change refreshes the whole screen's data: it is small, and the recent list follows the tests. */
function useNotificationsMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export const useSavePreferences = () =>
  useNotificationsMutation((json: NotificationPreferences) =>
    apiFetch<PreferencesView>('/api/notifications/preferences', { method: 'PUT', json }),
  );

export const useSaveNotificationSettings = () =>
  useNotificationsMutation((json: NotificationSettings) =>
    apiFetch<NotificationSettings>('/api/notifications/settings', { method: 'PUT', json }),
  );

export const useSaveWebhook = () =>
  useNotificationsMutation((json: SaveWebhookInput) =>
    apiFetch<{ webhook: WebhookView; secret?: string }>('/api/notifications/webhooks', {
      method: 'PUT',
      json,
    }),
  );

export const useRemoveWebhook = () =>
  useNotificationsMutation((id: number) =>
    apiFetch<void>(`/api/notifications/webhooks/${id}`, { method: 'DELETE' }),
  );

export const useTestWebhook = () =>
  useNotificationsMutation((id: number) =>
    apiFetch<{ notification: NotificationView }>(`/api/notifications/webhooks/${id}/test`, {
      method: 'POST',
    }),
  );

export const useTestEmail = () =>
  useNotificationsMutation(() =>
    apiFetch<{ notification: NotificationView }>('/api/notifications/test-email', { method: 'POST' }),
  );
