import { EVENT_TYPE_INFO, isEventType } from './event-types';

const CURRENCY_LABEL = /currency|waluta/i;

/**
 * The detail slots that may hold an event's currency, in the order they are read: SALESmanago has no
 * currency field, so shops put it in a detail slot named so (detail9 by the convention the composer
 * suggests, or the integration's own names, which win over the type's convention for the same slot).
 */
export function currencySlots(type: unknown, detailLabels: Partial<Record<string, string>> = {}): string[] {
  const conventional =
    typeof type === 'string' && isEventType(type) ? EVENT_TYPE_INFO[type].detailLabels : {};
  const labels: Partial<Record<string, string>> = { ...conventional, ...detailLabels };
  const slots = [...new Set([...Object.keys(detailLabels), ...Object.keys(conventional)])];
  return slots.filter((s) => CURRENCY_LABEL.test(labels[s] ?? ''));
}

/** The event's currency: the first currency slot with a value; '' when the event names none. */
export function currencyOf(
  event: Record<string, unknown>,
  detailLabels: Partial<Record<string, string>> = {},
): string {
  const slot = currencySlots(event.type, detailLabels).find(
    (s) => typeof event[s] === 'string' && event[s] !== '',
  );
  const value = slot ? event[slot] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}
