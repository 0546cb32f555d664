import type { AnyTRPCRouter, TRPCError as TRPCErrorType } from "@trpc/server";
import type { TRPCRequestInfo } from "@trpc/server/http";
import {
  emptyObject,
  getErrorShape,
  getHTTPStatusCode,
  getProcedureAtPath,
  getTRPCErrorFromUnknown,
  isAsyncIterable,
  isObject,
  isPromise,
  transformTRPCResponse,
  TRPCError,
} from "@trpc/server/unstable-core-do-not-import";

type Procedure = NonNullable<Awaited<ReturnType<typeof getProcedureAtPath>>>;
type Config = AnyTRPCRouter["_def"]["_config"];
type ErrorReport = { error: TRPCErrorType; path: string | undefined; input: unknown; ctx: unknown; type: string };
type CallResult = [TRPCErrorType, undefined] | [undefined, { data: unknown }];

export interface PlainCalls {
  router: AnyTRPCRouter;
  maxBatchSize: number;
  method: "GET" | "POST";
  /** The procedure path(s) after the mount point, as in the URL. */
  path: string;
  url: URL;
  signal: AbortSignal;
  /** The JSON body of a POST, parsed (throws as `Request.json()` would). */
  readBody: () => unknown;
  createContext: (info: TRPCRequestInfo) => Promise<unknown>;
  onError: (report: ErrorReport) => void;
}

/**
 * The answer tRPC's `resolveResponse` (11.22) gives a plain call, computed without Fetch
 * objects: queries over GET and mutations over POST, batched or not, answered as one JSON text.
 * It follows resolveResponse step by step (contentType.ts's input parsing and its memo, the
 * context made once, every call run at once, error shapes, status codes, the transformer), with
 * tRPC's own functions for each step. Anything else (a procedure that is not there or of the
 * other type, a batch over the limit, a path with escapes, connection params) answers `null`,
 * before any procedure or context runs, and resolveResponse itself takes the request.
 */
export async function resolvePlainCalls(calls: PlainCalls): Promise<{ status: number; body: string } | null> {
  const { router, maxBatchSize, method, path, url, signal } = calls;
  const { searchParams } = url;
  if (path.includes("%") || searchParams.get("connectionParams") !== null) return null;
  const isBatchCall = searchParams.get("batch") === "1";
  const paths = isBatchCall ? path.split(",") : [path];
  if (isBatchCall && paths.length > maxBatchSize) return null;
  const type = method === "GET" ? "query" : "mutation";
  const procedures = await Promise.all(paths.map((p) => getProcedureAtPath(router, p)));
  if (!procedures.every((procedure): procedure is Procedure => procedure?._def.type === type)) return null;

  const config: Config = router._def._config;
  const inputs = memo(async () => {
    let raw: unknown = undefined;
    if (method === "GET") {
      const query = searchParams.get("input");
      if (query) raw = JSON.parse(query);
    } else {
      raw = calls.readBody();
    }
    const result: Record<number, unknown> = emptyObject();
    if (raw === undefined) return result;
    if (!isBatchCall) {
      result[0] = config.transformer.input.deserialize(raw);
      return result;
    }
    if (!isObject(raw)) throw new TRPCError({ code: "BAD_REQUEST", message: '"input" needs to be an object when doing a batch call' });
    for (const index of paths.keys()) {
      const input = raw[index];
      if (input !== undefined) result[index] = config.transformer.input.deserialize(input);
    }
    return result;
  });
  const info = {
    isBatchCall,
    accept: null,
    calls: paths.map((p, index) => ({
      batchIndex: index,
      path: p,
      procedure: procedures[index]!,
      getRawInput: async () => (await inputs.read())[index],
      result: () => inputs.result()?.[index],
    })),
    type,
    connectionParams: null,
    signal,
    url,
  } satisfies TRPCRequestInfo;

  let context: [TRPCErrorType, undefined] | [undefined, unknown];
  try {
    context = [undefined, await calls.createContext(info)];
  } catch (cause) {
    context = [getTRPCErrorFromUnknown(cause), undefined];
  }
  const ctx = context[1];
  const results = await Promise.all(
    info.calls.map(async (call): Promise<CallResult> => {
      try {
        if (context[0]) throw context[0];
        const data = await call.procedure({ path: call.path, getRawInput: call.getRawInput, ctx, type, signal, batchIndex: call.batchIndex });
        return [undefined, { data }];
      } catch (cause) {
        const error = getTRPCErrorFromUnknown(cause);
        calls.onError({ error, path: call.path, input: call.result(), ctx, type });
        return [error, undefined];
      }
    }),
  );

  if (!isBatchCall) {
    const [error, result] = results[0]!;
    const call = info.calls[0]!;
    if (result && isDataStream(result.data)) {
      // resolveResponse throws this past the call, and answers it without a path or input.
      const streamError = new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message: STREAM_LIKE });
      calls.onError({ error: streamError, path: undefined, input: undefined, ctx, type });
      return answer(config, { error: getErrorShape({ config, error: streamError, type, path: undefined, input: undefined, ctx }) });
    }
    return answer(
      config,
      error ? { error: getErrorShape({ config, ctx, error, input: call.result(), path: call.path, type }) } : { result: { data: result!.data } },
    );
  }
  return answer(
    config,
    results.map(([error, result], index) => {
      const call = info.calls[index]!;
      // In a batch, a stream-like result is that call's error, not reported to onError.
      const failure = error ?? (isDataStream(result!.data) ? new TRPCError({ code: "UNSUPPORTED_MEDIA_TYPE", message: STREAM_LIKE }) : null);
      if (failure) return { error: getErrorShape({ config, ctx, error: failure, input: call.result(), path: call.path, type }) };
      return { result: { data: result!.data } };
    }),
  );
}

const STREAM_LIKE = "Cannot use stream-like response in non-streaming request - use httpBatchStreamLink";

function answer(config: Config, json: Parameters<typeof getHTTPStatusCode>[0]): { status: number; body: string } {
  return { status: getHTTPStatusCode(json), body: JSON.stringify(transformTRPCResponse(config, json)) };
}

/** resolveResponse's test (not exported by tRPC): a value only a streaming link can carry. */
function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  return Object.values(value).some(isPromise) || Object.values(value).some(isAsyncIterable);
}

/** tRPC's `memo` (contentType.ts): read once, shared by every call, failures as tRPC words them. */
function memo<T>(load: () => Promise<T>) {
  const unset = Symbol("unset");
  let value: T | typeof unset = unset;
  let pending: Promise<T> | null = null;
  return {
    async read(): Promise<T> {
      if (value !== unset) return value;
      pending ??= load().catch((cause: unknown) => {
        if (cause instanceof TRPCError) throw cause;
        throw new TRPCError({ code: "BAD_REQUEST", message: cause instanceof Error ? cause.message : "Invalid input", cause });
      });
      value = await pending;
      pending = null;
      return value;
    },
    result: (): T | undefined => (value !== unset ? value : undefined),
  };
}
