import { appRouter } from "./root.ts";

export type { ErrorData, ErrorShape, FieldErrors } from "./error-shape.ts";

/**
 * The procedures as a client sees them, for @invite/client's bundled declarations.
 * `typeof appRouter` names the server's Context (the database client, the services), and a
 * declaration bundler keeps whatever a type names; this value's type is written out in full
 * when declarations are emitted, so it holds only procedures: their inputs and outputs. Only
 * its type is ever used (`import type`); nothing imports this module at run time.
 */
export const procedures = appRouter._def.record;
