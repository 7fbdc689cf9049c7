/**
 * Query execution compiled by graphql-jit instead of interpreted by graphql-js, plugged into Apollo
 * Server through its gateway interface (the one documented hook for a custom executor). Apollo still
 * parses, validates and caches documents, runs our plugins (limits, roles, metrics) and formats errors;
 * only execution changes. A compiled query is kept per query hash (the one Apollo computes for its
 * document store), so an explained 20-item feed, ~300 fields, runs as straight-line code rather than a
 * generic walk with a type check per field. A document graphql-jit cannot compile runs on graphql-js,
 * so the compiler only ever accelerates.
 */
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  defaultFieldResolver,
  execute,
  GraphQLError,
  isObjectType,
  print,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { RequestContext } from './context';
import { isCacheable, plainFields, type ResultCache } from './result-cache';

/** One query's execution plan: its compiled form (null: graphql-js runs it) and whether results may be cached. */
export interface QueryPlan {
  key: string;
  compiled: CompiledQuery | null;
  cacheable: boolean;
}

/**
 * Plans by (query hash, operation name), at most `capacity` of them (oldest dropped first): clients
 * send a handful of distinct queries, each compiled and classified once.
 */
export class JitCache {
  private readonly plans = new Map<string, QueryPlan>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly capacity = 1000,
    /** Whether an operation's results may be cached (result-cache.ts); none by default. */
    private readonly classify: (document: DocumentNode, operationName: string | null | undefined) => boolean = () =>
      false,
  ) {}

  plan(
    document: DocumentNode,
    operationName: string | null | undefined,
    queryHash: string = print(document),
  ): QueryPlan {
    const key = `${queryHash}\u0000${operationName ?? ''}`;
    let plan = this.plans.get(key);
    if (!plan) {
      let compiled: CompiledQuery | null = null;
      try {
        const c = compileQuery(this.schema, document, operationName ?? undefined);
        if (isCompiledQuery(c)) compiled = c;
      } catch {
        compiled = null;
      }
      plan = { key, compiled, cacheable: this.classify(document, operationName) };
      if (this.plans.size >= this.capacity) this.plans.delete(this.plans.keys().next().value as string);
      this.plans.set(key, plan);
    }
    return plan;
  }

  /** Runs the query by its plan (looked up when not given): compiled, or on graphql-js when jit cannot compile it. */
  async run(
    document: DocumentNode,
    operationName: string | null | undefined,
    context: unknown,
    variables: Record<string, unknown> | undefined,
    plan = this.plan(document, operationName),
  ): Promise<ExecutionResult> {
    if (!plan.compiled)
      return execute({
        schema: this.schema,
        document,
        operationName,
        contextValue: context,
        variableValues: variables,
      });
    const result = await plan.compiled.query(undefined, context, variables ?? {});
    if (!result.errors) return result;
    // Without data, the errors are the request's own: variables that do not coerce (bad input).
    const requestLevel = result.data === undefined;
    return {
      ...result,
      errors: result.errors.map((e) =>
        standardError(e, requestLevel && e.message.startsWith('Variable "$') ? 'BAD_USER_INPUT' : undefined),
      ),
    };
  }
}

/**
 * graphql-jit's errors pass `instanceof GraphQLError` but may lack `extensions`, which Apollo's error
 * formatting reads unguarded; re-create them as graphql-js errors (path, locations, original error and
 * its extensions kept), so typed errors reach our formatter exactly as under graphql-js. Variables that
 * do not coerce get BAD_USER_INPUT, as Apollo gives them under graphql-js.
 */
function standardError(e: GraphQLError, code?: string): GraphQLError {
  const extensions = code ? { ...e.extensions, code } : e.extensions;
  const out = new GraphQLError(e.message, {
    path: e.path,
    originalError: e.originalError ?? undefined,
    ...(extensions ? { extensions } : {}),
  });
  if (e.locations) (out as { locations?: unknown }).locations = e.locations;
  return out;
}

/**
 * graphql-jit reads a field without a resolver as a plain property and, unlike graphql-js, neither awaits
 * it when it holds a promise (our connections carry DataLoader promises in such properties) nor calls it
 * when it is a function (lazy totals). Such fields get graphql-js's own default resolver, whose result
 * graphql-jit then treats like any resolver's.
 */
export function withPropertyResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) field.resolve ??= defaultFieldResolver;
  }
  return schema;
}

/**
 * A gateway that serves one fixed, locally executable schema through compiled queries; with a result
 * cache, cacheable feed queries (result-cache.ts) are answered from it while their dependencies hold.
 */
export function jitGateway(schema: GraphQLSchema, results?: ResultCache): GatewayInterface {
  const plain = plainFields(schema); // before withPropertyResolvers fills in default resolvers
  const cache = new JitCache(
    withPropertyResolvers(schema),
    1000,
    results ? (document, op) => isCacheable(schema, plain, document, op) : undefined,
  );
  let listener: Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0] | undefined;
  const executor: GatewayExecutor = async (rc) => {
    const operationName = rc.operationName ?? rc.request.operationName;
    const plan = cache.plan(rc.document, operationName, rc.queryHash);
    if (!plan.cacheable || !results)
      return cache.run(rc.document, operationName, rc.context, rc.request.variables, plan);
    const context = rc.context as RequestContext;
    const key = `${plan.key}\u0000${context.principal.role}\u0000${JSON.stringify(rc.request.variables ?? {})}`;
    const hit = results.get(key);
    if (hit) return hit;
    const deps: [string, string][] = [['entities', results.current('entities')]];
    context.dependsOn = (dep) => deps.push([dep, results.current(dep)]);
    const result = await cache.run(rc.document, operationName, context, rc.request.variables, plan);
    if (deps.length > 1) results.set(key, result, deps);
    return result;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      listener = callback;
      return () => {
        listener = undefined;
      };
    },
    async load() {
      listener?.({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return { executor };
    },
    async stop() {
      listener = undefined;
    },
  };
}
