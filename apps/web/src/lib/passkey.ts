import type { PasskeyCreationOptions, PasskeyRequestOptions } from "@invite/schemas";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/browser";

/*
 * The browser's side of passkeys. @simplewebauthn/browser is imported only when someone uses
 * one (a dynamic import), so pages that offer a passkey, the accept page above all (120 kB
 * budget), carry none of it until the button is pressed.
 */

const browser = () => import("@simplewebauthn/browser");

/** WebAuthn exists here (any current browser, on https or localhost). */
export function passkeysSupported(): boolean {
  return typeof window !== "undefined" && typeof window.PublicKeyCredential === "function";
}

/** Asks the authenticator to make a passkey for the server's options. */
export async function createPasskey(options: PasskeyCreationOptions): Promise<RegistrationResponseJSON> {
  const { startRegistration } = await browser();
  // The server's options, typed plainly by @invite/schemas; the library reads them as they are.
  return startRegistration({ optionsJSON: options as PublicKeyCredentialCreationOptionsJSON });
}

/** Asks for one of this site's passkeys; `autofill` waits for the user to pick one in the email field's suggestions. */
export async function getPasskey(options: PasskeyRequestOptions, autofill = false): Promise<AuthenticationResponseJSON> {
  const { startAuthentication } = await browser();
  return startAuthentication({ optionsJSON: options as PublicKeyCredentialRequestOptionsJSON, useBrowserAutofill: autofill });
}

/** Whether the browser can offer passkeys in the email field's autofill (conditional mediation). */
export async function autofillAvailable(): Promise<boolean> {
  if (!passkeysSupported()) return false;
  const available = await window.PublicKeyCredential.isConditionalMediationAvailable?.().catch(() => false);
  return available === true;
}

/**
 * The person closed the browser's passkey prompt, or another ceremony replaced this one: not a
 * failure to show. (The library names the browser's NotAllowedError and AbortError so.)
 */
export function passkeyCancelled(error: unknown): boolean {
  const name = error instanceof Error ? error.name : "";
  const code = typeof error === "object" && error && "code" in error ? String(error.code) : "";
  return name === "NotAllowedError" || name === "AbortError" || code === "ERROR_CEREMONY_ABORTED";
}

/** What the browser said went wrong, in words for the person (the server's errors have their own). */
export function passkeyBrowserError(error: unknown): string | null {
  if (passkeyCancelled(error)) return null;
  const code = typeof error === "object" && error && "code" in error ? String(error.code) : "";
  if (code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") return "This device already holds a passkey for your account.";
  if (error instanceof Error && error.name === "SecurityError") return "Passkeys don't work on this address. Open the app at its own address and try again.";
  return null;
}

/** Ends a ceremony still waiting (the sign-in page's autofill request, when the page is left). */
export function cancelPasskeyCeremony(): void {
  void browser().then(({ WebAuthnAbortService }) => WebAuthnAbortService.cancelCeremony());
}
