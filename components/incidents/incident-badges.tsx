import { Badge, type BadgeTone } from '@/components/ui/badge';
import type { IncidentCause, IncidentState } from '@/db/enums';
import { CAUSES, STATE_LABELS } from '@/lib/incidents/describe';

const STATE_TONES: Record<IncidentState, BadgeTone> = {
  open: 'danger',
  acknowledged: 'warning',
  resolved: 'success',
};

export function IncidentStateBadge({ state }: { state: IncidentState }) {
  return <Badge tone={STATE_TONES[state]}>{STATE_LABELS[state]}</Badge>;
}

export function IncidentCauseBadge({ cause }: { cause: IncidentCause }) {
  return <Badge tone="neutral">{CAUSES[cause].label}</Badge>;
}
