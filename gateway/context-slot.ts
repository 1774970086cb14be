// A typed slot on the GraphQL context object, under a symbol: how per-request state rides along, out of the way of policy plugins.

export interface ContextSlot<T> {
  attach<C extends object>(context: C, value: T): C;
  of(context: unknown): T | undefined;
}

export function contextSlot<T>(name: string): ContextSlot<T> {
  const key = Symbol.for(name);
  return {
    attach(context, value) {
      (context as Record<symbol, unknown>)[key] = value;
      return context;
    },
    of: (context) => (context && typeof context === 'object' ? ((context as Record<symbol, unknown>)[key] as T | undefined) : undefined),
  };
}
