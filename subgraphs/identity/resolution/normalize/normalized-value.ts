// The value every normalizer returns: a matching key, a display form, and whether it is a placeholder.

export interface NormalizedValue {
  /** Canonical form used for matching and blocking (equal keys mean the same value). */
  key: string;
  /** Cleaned form shown in the golden record. */
  display: string;
  /** A placeholder, role or test value (no-email, info@, 010-0000-0000) that must not link records. */
  generic?: boolean;
}

export type Normalizer = (raw: string, options?: Record<string, unknown>) => NormalizedValue | null;
