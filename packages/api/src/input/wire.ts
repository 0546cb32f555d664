import superjson from "superjson";
import { AppError } from "../errors.ts";

/**
 * How deep a request's JSON may nest. No procedure's input goes past a few levels; the
 * procedure-level check (`storable.ts`) holds inputs to 32, this bounds the wire format
 * around them (`{ json, meta }`, a batch's index) before anything walks it recursively.
 */
export const MAX_WIRE_DEPTH = 40;

/** The only superjson annotations an input may carry: what the typed client sends. */
const ALLOWED_ANNOTATIONS = new Set(["undefined", "Date"]);

const refuse = (message: string) => new AppError("VALIDATION_FAILED", message);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Throws when a tree is nested past `max` levels. Walked with a stack of its own, so hostile
 * brackets cannot overflow the call stack; JSON.parse made the value, so it is a tree and
 * each node is visited once: the work is bounded by the input's size.
 */
function assertDepth(root: unknown, max: number): void {
  const pending: Array<[unknown, number]> = [[root, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    if (typeof value !== "object" || value === null) continue;
    if (depth >= max) throw refuse("The input is nested too deeply.");
    for (const child of Array.isArray(value) ? value : Object.values(value)) pending.push([child, depth + 1]);
  }
}

/**
 * superjson's value annotations: a tree of `[type, children?]` leaves under path keys. Only
 * the types the client sends are allowed (a Map's or Set's annotation would make superjson
 * index into it once per path step), and each annotated path stays short.
 */
function assertValueAnnotations(values: unknown): void {
  const pending: Array<[unknown, number]> = [[values, 0]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [node, segments] = next;
    if (segments > MAX_WIRE_DEPTH) throw refuse("The input is nested too deeply.");
    if (Array.isArray(node)) {
      const [type, children, ...rest] = node as unknown[];
      if (typeof type !== "string" || !ALLOWED_ANNOTATIONS.has(type) || rest.length > 0) {
        throw refuse("The input carries a value type no procedure takes.");
      }
      if (children === undefined) continue;
      if (!isPlainObject(children)) throw refuse("The input's annotations are malformed.");
      for (const [key, child] of Object.entries(children)) pending.push([child, segments + key.split(".").length]);
    } else if (isPlainObject(node)) {
      for (const [key, child] of Object.entries(node)) pending.push([child, segments + key.split(".").length]);
    } else {
      throw refuse("The input's annotations are malformed.");
    }
  }
}

/**
 * Reads one procedure's input off the wire (GET's `?input=` and POST bodies alike; tRPC runs
 * this before the procedure). superjson can describe a graph no JSON expresses: its
 * `referentialEqualities` point many paths at one object, so a few KB would stand for
 * billions of paths to every walk after it (a validator, zod, a logger). Input is data, never
 * a graph, so those are refused outright, and the rest is checked to be small and shallow
 * before superjson rebuilds it.
 */
export function deserializeInput(payload: unknown): unknown {
  if (!isPlainObject(payload)) throw refuse("Send input as the typed client does: { json, meta? }.");
  assertDepth(payload.json, MAX_WIRE_DEPTH);
  const { meta } = payload;
  if (meta !== undefined) {
    if (!isPlainObject(meta)) throw refuse("The input's annotations are malformed.");
    if ("referentialEqualities" in meta) throw refuse("Shared references are not accepted in input.");
    for (const key of Object.keys(meta)) {
      if (key !== "values" && key !== "v") throw refuse("The input's annotations are malformed.");
    }
    if (meta.v !== undefined && meta.v !== 1) throw refuse("The input's annotations are malformed.");
    if (meta.values !== undefined) assertValueAnnotations(meta.values);
  }
  return superjson.deserialize({ json: payload.json as never, meta: meta as never });
}

/** superjson both ways, with inputs read by `deserializeInput`. */
export const transformer = {
  input: { serialize: (value: unknown) => superjson.serialize(value), deserialize: deserializeInput },
  output: superjson,
};
