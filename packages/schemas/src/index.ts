export * from "./redirect.ts";
export * from "./password.ts";
export * from "./reasons.ts";
export * from "./fields.ts";
export * from "./invitation.ts";
export * from "./member.ts";
export * from "./sign-up.ts";
