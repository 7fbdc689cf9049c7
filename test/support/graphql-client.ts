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

export function codes(r: GqlResponse): (string | undefined)[] {
  return (r.errors ?? []).map((e) => e.extensions?.code);
}
