// Turns CRM cases and activities into timeline events for the customer's journey.
import { recentEvents } from '../kit/event-log.ts';
import type { CrmActivity, CrmCase } from './source.ts';

const ACTIVITY_TYPES: Record<CrmActivity['type'], string> = {
  CAMPAIGN_RESPONSE: 'CAMPAIGN_RESPONSE',
  MEETING: 'MEETING',
  CALL: 'SALES_CALL',
};

export function crmEvents(cases: CrmCase[], activities: CrmActivity[]) {
  const events = [];
  for (const c of cases) {
    const base = { system: 'crm' as const, sourceId: c.caseId, sourceType: 'Case', sourceKey: c.caseId, channel: c.origin };
    events.push({ ...base, at: c.openedAt, type: 'CASE_OPENED', summary: `Opened case "${c.subject}" (${c.priority.toLowerCase()} priority)` });
    if (c.closedAt) events.push({ ...base, at: c.closedAt, type: 'CASE_CLOSED', summary: `Closed case "${c.subject}"` });
  }
  for (const a of activities) {
    events.push({ system: 'crm' as const, sourceId: a.activityId, sourceType: 'Contact', sourceKey: a.contactId, channel: a.type === 'CALL' ? 'PHONE' : null, at: a.at, type: ACTIVITY_TYPES[a.type], summary: a.subject });
  }
  return recentEvents(events);
}
