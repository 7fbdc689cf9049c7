/** Minimal GraphQL-over-HTTP client for e2e tests. */
export interface GqlResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

export function client(baseUrl: string) {
  return async <T = any>(query: string, variables: Record<string, unknown> = {}): Promise<GqlResponse<T>> => {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResponse<T>;
    return { ...body, status: res.status };
  };
}

export function codes(r: GqlResponse<unknown>): (string | undefined)[] {
  return (r.errors ?? []).map((e) => e.extensions?.code);
}

/**
 * A test's setup write, as a client would send it: retried while the service answers UNAVAILABLE (it asks
 * to try again shortly: on a loaded machine Neo4j can miss its 5 s deadline), and thrown on any other
 * error, so a setup that did not happen fails there and not in a later assertion.
 */
export async function setupWrite<T = any>(
  gql: ReturnType<typeof client>,
  query: string,
  variables: Record<string, unknown> = {},
  tries = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const r = await gql<T>(query, variables);
    if (!r.errors?.length) return r.data!;
    if (attempt >= tries || !codes(r).every((c) => c === 'UNAVAILABLE')) {
      throw new Error(`setup write failed: ${JSON.stringify(r.errors)}`);
    }
    await new Promise((done) => setTimeout(done, 500 * attempt));
  }
}
