import type { z } from "zod";
import type { FieldErrors } from "../error-shape.ts";

/** Problems a message names; `fieldErrors` has every one. */
const NAMED_AT_MOST = 5;
/** A path segment can be a key the caller chose (a record's): never echo more of it than this. */
const SEGMENT_AT_MOST = 40;

function segment(key: PropertyKey): string {
  const text = String(key);
  return text.length > SEGMENT_AT_MOST ? `${text.slice(0, SEGMENT_AT_MOST)}…` : text;
}

function asSentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * What was wrong with the input, as sentences a person can read: each problem once, after
 * the field it is about ("email: Enter a valid email address. password: Use at least 12
 * characters."). Our schemas' messages are written for people; zod's own ("Invalid input:
 * expected string, received number") read well enough after the field's name.
 */
export function validationMessage(error: z.ZodError): string {
  const sentences = new Set<string>();
  for (const issue of error.issues) {
    const path = issue.path.map(segment).join(".");
    sentences.add(path ? `${path}: ${asSentence(issue.message)}` : asSentence(issue.message));
  }
  if (sentences.size === 0) return "The input is not valid.";
  const named = [...sentences].slice(0, NAMED_AT_MOST);
  const more = sentences.size - named.length;
  return [...named, ...(more > 0 ? [`And ${more} more.`] : [])].join(" ");
}

/**
 * Each field's messages, by the first segment of the problem's path (as zod's flattenError),
 * built through a Map so a key like "__proto__" from a record's input stays a plain key.
 */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const byField = new Map<string, string[]>();
  for (const issue of error.issues) {
    const field = issue.path[0];
    if (field === undefined) continue;
    const key = String(field);
    const messages = byField.get(key);
    if (messages) messages.push(issue.message);
    else byField.set(key, [issue.message]);
  }
  return Object.fromEntries(byField);
}
