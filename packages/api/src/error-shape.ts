import type { TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODE_NUMBER } from "@trpc/server";
import type { Reason } from "@invite/schemas";

/** A VALIDATION_FAILED error's messages by input field (its first path segment), every message of each. */
export type FieldErrors = Record<string, string[]>;

/** `error.data` of every failure the API answers: tRPC's own fields (no stack), and ours. */
export interface ErrorData {
  code: TRPC_ERROR_CODE_KEY;
  httpStatus: number;
  /** The procedure, e.g. "invitation.create". */
  path?: string;
  /** The stable, machine-readable reason; null for a failure with none (an internal error). */
  reason: Reason | null;
  /** Extra facts some reasons carry for the UI, e.g. how long a RATE_LIMITED caller waits. */
  details: Record<string, unknown> | null;
  /** Only with VALIDATION_FAILED from the input's schema; null otherwise. */
  fieldErrors: FieldErrors | null;
}

/** The error every procedure answers with: tRPC's shape, with `data` as above. */
export interface ErrorShape {
  code: TRPC_ERROR_CODE_NUMBER;
  /** A sentence for a person: what went wrong and, where it helps, what to do. */
  message: string;
  data: ErrorData;
}
