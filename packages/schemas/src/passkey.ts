import { z } from "zod";
import { invitationTokenSchema } from "./invitation.ts";
import { signUpTokenSchema } from "./sign-up.ts";
import { inviteeNameSchema, nameSchema } from "./fields.ts";

/*
 * What the browser's WebAuthn calls answer (@simplewebauthn/browser's RegistrationResponseJSON
 * and AuthenticationResponseJSON), bounded: every field is base64url of a size no authenticator
 * exceeds, so a hostile body is refused before anything is decoded or verified.
 */

const base64url = (max: number, min = 0) =>
  z
    .string()
    .min(min)
    .max(max, "Too long.")
    .regex(/^[A-Za-z0-9_-]*$/, "Not base64url.")
    .meta({ description: `base64url text, ${min ? `${min} to ${max}` : `at most ${max}`} characters` });

/** A credential id is at most 1023 bytes (WebAuthn Level 3): 1364 characters of base64url. */
const credentialId = base64url(1364, 1);

/** "internal", "hybrid", "usb"…: kept as hints for the next ceremony; a newer browser may name new ones. */
const transports = z
  .array(z.string().max(32).regex(/^[a-z-]+$/).meta({ description: "text of a to z and -, at most 32 characters" }))
  .max(8)
  .optional();

/** We ask for no extension, so whatever the browser reports of them is dropped unread. */
const clientExtensionResults = z
  .unknown()
  .transform(() => ({}))
  .meta({ description: "anything (dropped unread)" });

export const registrationResponseSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url(4096),
    attestationObject: base64url(16384),
    authenticatorData: base64url(8192).optional(),
    transports,
    publicKeyAlgorithm: z.number().int().min(-65536).max(65535).optional(),
    publicKey: base64url(4096).optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults,
});

export const authenticationResponseSchema = z.object({
  id: credentialId,
  rawId: credentialId,
  type: z.literal("public-key"),
  response: z.object({
    clientDataJSON: base64url(4096),
    authenticatorData: base64url(8192),
    signature: base64url(1024),
    userHandle: base64url(128).optional(),
  }),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
  clientExtensionResults,
});

/** The attempt an options call started: 24 base32 characters, sent back with the answer. */
export const passkeyAttemptSchema = z.string().min(1).max(64);

/** What a person calls a passkey ("Work laptop"): 1 to 64 code points, showable characters. */
export const PASSKEY_NAME_MAX = 64;
export const passkeyNameSchema = inviteeNameSchema.refine((name) => [...name].length <= PASSKEY_NAME_MAX, "Name is too long.");

export const passkeyRegisterInput = z.object({
  attemptId: passkeyAttemptSchema,
  response: registrationResponseSchema,
  name: passkeyNameSchema.optional(),
});

export const passkeyAcceptOptionsInput = z.object({ invitation: invitationTokenSchema });

export const passkeyAcceptInput = z.object({
  invitation: invitationTokenSchema,
  attemptId: passkeyAttemptSchema,
  response: registrationResponseSchema,
  /** The invitee's name, as with a password accept. */
  name: nameSchema.optional(),
});

/** A sign-up link's token (open sign-up, or the proof a shareable invitation link emailed). */
export const passkeySignUpOptionsInput = z.object({ token: signUpTokenSchema });

export const passkeyCompleteSignUpInput = z.object({
  token: signUpTokenSchema,
  attemptId: passkeyAttemptSchema,
  response: registrationResponseSchema,
  name: nameSchema,
});

export const passkeySignInInput = z.object({
  attemptId: passkeyAttemptSchema,
  response: authenticationResponseSchema,
});

export const passkeyIdInput = z.object({ id: z.string().min(1).max(64) });
export const passkeyRenameInput = z.object({ id: z.string().min(1).max(64), name: passkeyNameSchema });

/*
 * What the options calls answer: WebAuthn's PublicKeyCredentialCreationOptionsJSON and
 * PublicKeyCredentialRequestOptionsJSON as plain types of our own (the typed client names no
 * WebAuthn library), to hand as they are to the browser (`startRegistration({ optionsJSON })`).
 */
type UserVerification = "discouraged" | "preferred" | "required";
interface CredentialDescriptor {
  id: string;
  /** "public-key". */
  type: string;
  transports?: string[];
}

export interface PasskeyCreationOptions {
  rp: { name: string; id?: string };
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: Array<{ alg: number; type: "public-key" }>;
  timeout?: number;
  excludeCredentials?: CredentialDescriptor[];
  authenticatorSelection?: {
    authenticatorAttachment?: "platform" | "cross-platform";
    requireResidentKey?: boolean;
    residentKey?: "discouraged" | "preferred" | "required";
    userVerification?: UserVerification;
  };
  hints?: string[];
  attestation?: "direct" | "enterprise" | "indirect" | "none";
  extensions?: object;
}

export interface PasskeyRequestOptions {
  challenge: string;
  timeout?: number;
  rpId?: string;
  allowCredentials?: CredentialDescriptor[];
  userVerification?: UserVerification;
  hints?: string[];
  extensions?: object;
}
