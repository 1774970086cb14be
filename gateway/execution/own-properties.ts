// Own-property access for merged subgraph data, where a response name may also be a property of Object.prototype.
//
// Subgraph answers are parsed JSON (plain objects), so `data.constructor` reads Object's
// constructor unless the answer has its own. The executor and the result shaping read and
// write such names as own properties, as @apollo/gateway does.

export type Data = Record<string, unknown>;

/** Names every plain object inherits: only these can be "in" an object without being its own. */
export const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));
export const hasOwn = (object: object, name: string): boolean => Object.prototype.hasOwnProperty.call(object, name);
/** The object's own value for `name`, never an inherited one. */
export const ownValue = (object: Data, name: string): unknown => (hasOwn(object, name) ? object[name] : undefined);
