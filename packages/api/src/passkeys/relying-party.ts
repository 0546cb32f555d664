import type { AuthenticationResponseJSON, RegistrationResponseJSON, WebAuthnCredential } from "@simplewebauthn/server";
import type { Services } from "../context.ts";
import { AppError } from "../errors.ts";

/**
 * The WebAuthn library and its CBOR and ASN.1 parsers take ~28 MiB: loaded on the first
 * passkey request, not at start, so a server whose users never touch passkeys stays lean.
 */
export const webAuthn = () => import("@simplewebauthn/server");

/**
 * The relying party is APP_URL's: its host is the RP id, its origin the only one a response
 * may come from (SECURITY 39). Never a Host header, as for every link we hand out.
 */
export function relyingParty(appUrl: string) {
  const url = new URL(appUrl);
  return { rpID: url.hostname, rpName: url.hostname, origin: url.origin };
}

/** What a new passkey leaves in the database: its id and public key, never anything secret. */
export interface NewPasskey {
  credentialId: string;
  publicKey: Uint8Array<ArrayBuffer>;
  counter: bigint;
  transports: string[];
  deviceType: string;
  backedUp: boolean;
}

const failed = () => new AppError("PASSKEY_VERIFICATION_FAILED");

/**
 * Checks a new passkey's answer: our challenge, our origin and RP id, user verification done
 * (SECURITY 39). Any failure is one reason; the library's words say which rule it broke.
 */
export async function verifyNewPasskey(
  services: Pick<Services, "config">,
  response: RegistrationResponseJSON,
  expectedChallenge: string,
): Promise<NewPasskey> {
  const { rpID, origin } = relyingParty(services.config.appUrl);
  const { verifyRegistrationResponse } = await webAuthn();
  const verification = await verifyRegistrationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified) throw failed();
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  return {
    credentialId: credential.id,
    publicKey: new Uint8Array(credential.publicKey),
    counter: BigInt(credential.counter),
    transports: credential.transports ?? [],
    deviceType: credentialDeviceType,
    backedUp: credentialBackedUp,
  };
}

/**
 * Checks a sign-in's answer against the stored passkey: challenge, origin, RP id, user
 * verification, signature, and a counter that only moves forward when either side keeps one.
 */
export async function verifyPasskeyUse(
  services: Pick<Services, "config">,
  response: AuthenticationResponseJSON,
  expectedChallenge: string,
  credential: WebAuthnCredential,
) {
  const { rpID, origin } = relyingParty(services.config.appUrl);
  const { verifyAuthenticationResponse } = await webAuthn();
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential,
    requireUserVerification: true,
  }).catch(() => null);
  if (!verification?.verified) throw failed();
  return verification.authenticationInfo;
}

/** The WebAuthn user handle: our user id's bytes, so a discoverable passkey names its account. */
export function userHandle(userId: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(userId);
}
