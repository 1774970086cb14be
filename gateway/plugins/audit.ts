// Governance plugin: every response that delivers PII writes an audit record (caller, purpose, customers, fields, operation, time).
import { requestStateOf } from '../request-state.ts';
import type { AuditRecord, AuditSink } from '../audit/sink.ts';
import type { GovernancePlugin } from './hooks.ts';

const ID = 'id';

export function auditPlugin(sink: AuditSink): GovernancePlugin {
  return {
    name: 'audit',
    onOperation({ analysis, plan }) {
      if (analysis.pii.length === 0) return;
      // Customers are recorded by id: fetch it where the client did not select it.
      const withoutId = analysis.customers.some((c) => !c.children.some((f) => f.key === ID && f.name === ID));
      if (withoutId) plan.customerFields.set(ID, ID);
    },
    onResult(stage) {
      if (stage.analysis.pii.length === 0) return;
      const customers = new Set<string>();
      const fields = new Set<string>();
      stage.onPii((value, site, scope) => {
        if (value === null || value === undefined) return value;
        fields.add(site.coordinate);
        const id = scope ? (scope.object[stage.hiddenAlias(ID)] ?? scope.object[ID]) : undefined;
        if (typeof id === 'string') customers.add(id);
        return value;
      });
      stage.after(() => {
        if (fields.size === 0) return;
        const record: AuditRecord = {
          at: new Date().toISOString(),
          caller: stage.principal.id,
          purpose: stage.principal.purpose,
          operation: stage.operationName,
          operationHash: stage.queryHash?.slice(0, 16) ?? null,
          customers: [...customers].sort(),
          fields: [...fields].sort(),
          masked: !stage.principal.scopes.has('pii:read'),
          requestId: requestStateOf(stage.context)?.id ?? null,
        };
        sink.write(record);
      });
    },
    close: () => sink.close(),
  };
}
