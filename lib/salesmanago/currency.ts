import { EVENT_TYPE_INFO, isEventType } from './event-types';

/**
 * SALESmanago has no currency field: shops put it in a detail slot named so (detail9 by the convention the
 * composer suggests, or the integration's own names). '' when the event names none.
 */
export function currencyOf(
  event: Record<string, unknown>,
  detailLabels: Partial<Record<string, string>> = {},
): string {
  const type = event.type;
  const conventional =
    typeof type === 'string' && isEventType(type) ? EVENT_TYPE_INFO[type].detailLabels : {};
  // The integration's own names win over the type's convention for the same slot.
  const labels: Partial<Record<string, string>> = { ...conventional, ...detailLabels };
  const slots = [...Object.keys(detailLabels), ...Object.keys(conventional)];
  const slot = slots.find(
    (s) => /currency|waluta/i.test(labels[s] ?? '') && typeof event[s] === 'string' && event[s] !== '',
  );
  const value = slot ? event[slot] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}
