import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";
import { isoBase64URL, isoCBOR } from "@simplewebauthn/server/helpers";

/*
 * A software authenticator: real attestation and assertion objects ("none" attestation, an
 * ES256 key from node:crypto, CBOR by the encoder SimpleWebAuthn itself uses), so tests go
 * through every check the server makes, and each rule can be broken one at a time.
 */

/** How one ceremony is answered; each field bends one thing a real browser would get right. */
export interface Ceremony {
  origin?: string;
  rpId?: string;
  /** The user verified themselves (PIN, biometrics); false sends only user presence. */
  userVerified?: boolean;
  /** The signature counter to report instead of the next one. */
  counter?: number;
  challenge?: string;
}

const sha256 = (data: Uint8Array) => new Uint8Array(createHash("sha256").update(data).digest());
const utf8 = (text: string) => new TextEncoder().encode(text);

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function uint32(value: number) {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, value);
  return bytes;
}

export class SoftwareAuthenticator {
  readonly credentialId = new Uint8Array(randomBytes(32));
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  /** Where its counter stands; one that keeps none (many synced passkeys) stays at 0. */
  counter: number;
  #userHandle = "";

  constructor(
    readonly defaults: { origin: string; rpId: string },
    options: { keepsCounter?: boolean; backedUp?: boolean } = {},
  ) {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    this.counter = options.keepsCounter === false ? -1 : 0;
    this.backedUp = options.backedUp ?? false;
  }

  backedUp: boolean;

  get id() {
    return isoBase64URL.fromBuffer(this.credentialId);
  }

  /** navigator.credentials.create(): a new key pair's public half, signed by nobody ("none"). */
  register(options: { challenge: string; user: { id: string } }, ceremony: Ceremony = {}): RegistrationResponseJSON {
    this.#userHandle = options.user.id;
    const clientDataJSON = this.#clientData("webauthn.create", options.challenge, ceremony);
    const jwk = this.#publicKey.export({ format: "jwk" });
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, isoBase64URL.toBuffer(jwk.x!)],
      [-3, isoBase64URL.toBuffer(jwk.y!)],
    ]);
    const attested = concat(
      new Uint8Array(16), // AAGUID: none
      new Uint8Array([this.credentialId.length >> 8, this.credentialId.length & 0xff]),
      this.credentialId,
      isoCBOR.encode(coseKey),
    );
    const authData = concat(this.#authDataHead(ceremony, 0x40), attested);
    const attestationObject = isoCBOR.encode(
      new Map<string, unknown>([
        ["fmt", "none"],
        ["attStmt", new Map()],
        ["authData", authData],
      ]) as Parameters<typeof isoCBOR.encode>[0],
    );
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: isoBase64URL.fromBuffer(clientDataJSON),
        attestationObject: isoBase64URL.fromBuffer(attestationObject),
        transports: ["internal"],
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }

  /** navigator.credentials.get(): signs authenticatorData ‖ SHA-256(clientDataJSON) with ES256. */
  authenticate(options: { challenge: string }, ceremony: Ceremony = {}): AuthenticationResponseJSON {
    const clientDataJSON = this.#clientData("webauthn.get", options.challenge, ceremony);
    const authData = this.#authDataHead(ceremony, 0);
    const signature = sign("sha256", concat(authData, sha256(clientDataJSON)), this.#privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: "public-key",
      response: {
        clientDataJSON: isoBase64URL.fromBuffer(clientDataJSON),
        authenticatorData: isoBase64URL.fromBuffer(authData),
        signature: isoBase64URL.fromBuffer(new Uint8Array(signature)),
        userHandle: this.#userHandle,
      },
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
    };
  }

  #clientData(type: string, challenge: string, ceremony: Ceremony) {
    const origin = ceremony.origin ?? this.defaults.origin;
    return utf8(JSON.stringify({ type, challenge: ceremony.challenge ?? challenge, origin, crossOrigin: false }));
  }

  /** rpIdHash ‖ flags ‖ signCount; `extra` adds flags (0x40: attested credential data follows). */
  #authDataHead(ceremony: Ceremony, extra: number) {
    const userPresent = 0x01;
    const userVerified = ceremony.userVerified === false ? 0 : 0x04;
    const backup = this.backedUp ? 0x08 | 0x10 : 0;
    let counter = 0;
    if (this.counter >= 0) counter = ceremony.counter ?? ++this.counter;
    const flags = userPresent | userVerified | backup | extra;
    return concat(sha256(utf8(ceremony.rpId ?? this.defaults.rpId)), new Uint8Array([flags]), uint32(counter));
  }
}
