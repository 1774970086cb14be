// Governance plugin: PII masking by consumer. A caller without `pii:read` (e.g. with `pii:masked`) gets every PII value masked: j***@example.com, 010-****-5678.
import type { MaskSpec, PiiKind } from '../policy-defaults.ts';
import { mapStringLeaves } from '../operation/result-walk.ts';
import type { GovernancePlugin } from './hooks.ts';

export function applyMask(spec: MaskSpec, value: string): string {
  switch (spec.strategy) {
    case 'email': {
      const at = value.lastIndexOf('@');
      if (at < 1) return '***';
      const local = value.slice(0, at);
      return `${local.slice(0, Math.min(spec.keep, local.length - 1))}***${value.slice(at)}`;
    }
    case 'digits': {
      const total = (value.match(/\d/g) ?? []).length;
      if (total <= spec.keepStart + spec.keepEnd) return value.replace(/\d/g, '*');
      let seen = 0;
      return value.replace(/\d/g, (d) => {
        seen++;
        return seen <= spec.keepStart || seen > total - spec.keepEnd ? d : '*';
      });
    }
    case 'keepStart': {
      const chars = [...value];
      return chars.length <= spec.keep ? '*'.repeat(chars.length) : `${chars.slice(0, spec.keep).join('')}${chars.slice(spec.keep).map((c) => (/[\s\-/.]/.test(c) ? c : '*')).join('')}`;
    }
    case 'initials':
      return value
        .split(/(\s+)/)
        .map((part) => (/^\s+$/.test(part) || part === '' ? part : [...part][0] + '*'.repeat(Math.max(1, [...part].length - 1))))
        .join('');
    case 'redact':
      return '***';
  }
}

export function maskingPlugin(masks: Record<PiiKind, MaskSpec>): GovernancePlugin {
  return {
    name: 'masking',
    onResult(stage) {
      if (stage.principal.scopes.has('pii:read') || stage.analysis.pii.length === 0) return;
      stage.onPii((value, site) => mapStringLeaves(value, site, (s) => applyMask(masks[site.pii ?? 'other'] ?? masks.other, s)));
    },
  };
}
