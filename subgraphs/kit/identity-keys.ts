// Client of the identity key service: maps unified customer IDs to a system's native keys and back, one batched call at a time.
import { JsonClient } from '../../runtime/json-client.ts';
import { UpstreamError } from './errors.ts';
import { failureReason } from '../../runtime/resilience/call-policy.ts';
import type { SourceSystemId } from './source-system.ts';

export interface KeysByCustomerResponse {
  /** For each requested ID: the surviving customer ID (after merges) and its native keys in the system. */
  customers: Record<string, { customerId: string; nativeIds: string[] } | null>;
}

export interface CustomersByKeyResponse {
  customers: Record<string, string | null>;
}

export class IdentityKeys {
  private readonly client: JsonClient;
  private readonly system: SourceSystemId;
  private readonly onCall: () => void;

  constructor(identityUrl: string, system: SourceSystemId, onCall: () => void = () => {}) {
    this.client = new JsonClient(identityUrl, { timeoutMs: 3_000 });
    this.system = system;
    this.onCall = onCall;
  }

  /** Native keys of each customer in this system, in request order; unknown customers get []. */
  async nativeIds(customerIds: readonly string[]): Promise<string[][]> {
    this.onCall();
    const response = await this.request<KeysByCustomerResponse>('/keys/by-customer', { system: this.system, customerIds });
    return customerIds.map((id) => response.customers[id]?.nativeIds ?? []);
  }

  /** The unified customer ID of each native key, in request order; unlinked keys get null. */
  async customerIds(nativeIds: readonly string[]): Promise<(string | null)[]> {
    this.onCall();
    const response = await this.request<CustomersByKeyResponse>('/keys/by-source', { system: this.system, nativeIds });
    return nativeIds.map((id) => response.customers[id] ?? null);
  }

  private async request<T>(path: string, body: unknown): Promise<T> {
    try {
      return await this.client.post<T>(path, body);
    } catch (error) {
      throw new UpstreamError('identity', failureReason(error), error);
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
