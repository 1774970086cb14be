// One GraphQL POST from the harness (readiness probes, reference answers, id lists), and a JSON diff for error messages.

export interface PostResult {
  status: number;
  text: string;
  json: { data?: Record<string, any> | null; errors?: { message: string }[] } | undefined;
  headers: Headers;
}

export async function postGraphQL(url: string, body: string, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<PostResult> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json: PostResult['json'];
  try {
    json = JSON.parse(text) as PostResult['json'];
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json, headers: response.headers };
}

/** True for an HTTP 200 answer with data and no errors; otherwise throws with what came back (for readiness probes). */
export function answersOk(result: PostResult): boolean {
  if (result.status === 200 && result.json?.data && !result.json.errors) return true;
  throw new Error(`HTTP ${result.status}: ${result.text.slice(0, 200)}`);
}

/** The first path where two JSON values differ, or undefined when they are equal (key order ignored). */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (a === b) return undefined;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return `${path}: ${JSON.stringify(a)?.slice(0, 80)} vs ${JSON.stringify(b)?.slice(0, 80)}`;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return `${path}: array vs object`;
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${path}: ${a.length} items vs ${b.length}`;
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const key of keys) {
    const diff = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`);
    if (diff) return diff;
  }
  return undefined;
}
