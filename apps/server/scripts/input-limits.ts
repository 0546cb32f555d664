// Writes docs/CONTRACT.md's "Input limits" table from the router itself: each procedure's zod
// input, as JSON Schema, in words. Run after changing an input:
//   pnpm --filter @invite/server run docs:limits
import { readFileSync, writeFileSync } from "node:fs";
import type { AnyTRPCProcedure } from "@trpc/server";
import { z } from "zod";
import { appRouter } from "@invite/api";
import { NAME_MAX, nameSchema, PASSKEY_NAME_MAX, passkeyNameSchema } from "@invite/schemas";

type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  description?: string;
};

const number = (value: number) => value.toLocaleString("en");
const range = (min: number | undefined, max: number | undefined, unit: string) =>
  min !== undefined && max !== undefined
    ? `${number(min)} to ${number(max)}${unit}`
    : max !== undefined
      ? `at most ${number(max)}${unit}`
      : min !== undefined
        ? `at least ${number(min)}${min === 1 ? unit.replace(/s$/, "") : unit}`
        : "";

/** One value's limits in words: `text, at most 254 characters`, `1 to 100 items of { … }`. */
function describe(schema: Schema): string {
  // A limit JSON Schema cannot say (code points, a refinement) is given in words with `.meta({ description })`.
  if (schema.description) return schema.description;
  if (schema.anyOf) {
    const other = schema.anyOf.filter((option) => option.type !== "null");
    const nullable = other.length < schema.anyOf.length;
    return other.map(describe).join(" or ") + (nullable ? " or null" : "");
  }
  if (schema.enum) return schema.enum.map((value) => `\`${String(value)}\``).join(" \\| ");
  if (schema.type === "integer" || schema.type === "number") {
    return [schema.type === "integer" ? "whole number" : "number", range(schema.minimum, schema.maximum, "")].filter(Boolean).join(", ");
  }
  if (schema.type === "array") {
    const count = range(schema.minItems, schema.maxItems, " items") || "a list";
    return `${count} of ${schema.items ? describe(schema.items) : "anything"}`;
  }
  if (schema.type === "object" || schema.properties) return fields(schema);
  if (schema.type === "string" || schema.minLength !== undefined || schema.maxLength !== undefined || schema.pattern) {
    if (schema.pattern) return `text matching \`${schema.pattern}\``;
    return ["text", range(schema.minLength, schema.maxLength, " characters")].filter(Boolean).join(", ");
  }
  return schema.type ?? "anything";
}

function fields(schema: Schema): string {
  const required = new Set(schema.required ?? []);
  const parts = Object.entries(schema.properties ?? {}).map(([name, field]) => {
    const optional = !required.has(name) || field.default !== undefined;
    const fallback = field.default !== undefined && field.default !== "" ? ` (default ${JSON.stringify(field.default)})` : "";
    return `${name}${optional ? "?" : ""}: ${describe(field)}${fallback}`;
  });
  return parts.length > 0 ? `{ ${parts.join("; ")} }` : "{ }";
}

/** Limits JSON Schema cannot say (a refinement), in words, by the schema that holds them. */
const inWords = new Map<unknown, string>([
  [nameSchema, `text, 1 to ${NAME_MAX} code points, trimmed, no control or direction characters`],
  [passkeyNameSchema, `text, 1 to ${PASSKEY_NAME_MAX} code points, trimmed, no control or direction characters`],
]);

/** The words for `schema`, or for what it wraps (optional, a pipe's output). */
function wordsFor(schema: z.ZodType | undefined): string | undefined {
  for (let depth = 0; schema && depth < 4; depth++) {
    const words = inWords.get(schema);
    if (words) return words;
    const def = schema._zod.def as { type: string; innerType?: z.ZodType; out?: z.ZodType };
    schema = def.type === "optional" ? def.innerType : def.type === "pipe" ? def.out : undefined;
  }
  return undefined;
}

function toSchema(input: z.ZodType): Schema {
  return z.toJSONSchema(input, {
    io: "input",
    unrepresentable: "any",
    override: (context) => {
      const words = wordsFor(context.zodSchema as unknown as z.ZodType);
      if (words) context.jsonSchema.description = words;
    },
  }) as Schema;
}

export function inputLimitsTable(): string {
  const procedures = appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>;
  const rows = Object.entries(procedures).map(([path, procedure]) => {
    const inputs = (procedure._def as unknown as { inputs: z.ZodType[] }).inputs;
    const input = inputs.length === 0 ? "none" : inputs.map((one) => describe(toSchema(one))).join(" and ");
    return `| \`${path}\` | ${procedure._def.type} | ${input} |`;
  });
  return ["| procedure | kind | input and its limits |", "| --- | --- | --- |", ...rows].join("\n");
}

const START = "<!-- input-limits:start -->";
const END = "<!-- input-limits:end -->";

if (process.argv[1] === import.meta.filename) {
  const file = new URL("../../../docs/CONTRACT.md", import.meta.url);
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/CONTRACT.md has no ${START} … ${END} section`);
  writeFileSync(file, `${text.slice(0, start + START.length)}\n${inputLimitsTable()}\n${text.slice(end)}`);
  console.log("docs/CONTRACT.md: input limits written");
}
