/**
 * A throwaway certificate authority and a server certificate for the local gateway, generated in
 * memory at start with @peculiar/x509 (WebCrypto, ECDSA P-256). The server certificate is valid for
 * `DNS:localhost` and `IP:127.0.0.1`, so clients can keep certificate checks on with either name.
 */
import { webcrypto } from "node:crypto";
import { ensureReflectMetadata } from "./reflect-metadata.ts";
import { isMissingPackage, MissingPeerError } from "../internal/optional-peer.ts";

/** PEM material for a TLS server and its trust anchor. */
export interface GatewayCertificates {
  /** PEM of the CA certificate (what clients trust). */
  caPem: string;
  /** PEM of the server certificate. */
  certPem: string;
  /** PEM (PKCS#8) of the server's private key. Never logged. */
  keyPem: string;
}

const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

function toPem(der: ArrayBuffer, tag: string): string {
  const b64 = Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN ${tag}-----\n${b64.endsWith("\n") ? b64 : `${b64}\n`}-----END ${tag}-----\n`;
}

function serial(): string {
  // Positive 16-byte serial number.
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString("hex");
}

/** Generates a fresh CA and a server certificate signed by it (valid from one hour ago for 7 days). */
export async function createGatewayCertificates(): Promise<GatewayCertificates> {
  ensureReflectMetadata();
  let x509: typeof import("@peculiar/x509");
  try {
    x509 = await import("@peculiar/x509");
  } catch (err) {
    if (isMissingPackage(err, "@peculiar/x509")) {
      throw new MissingPeerError("@peculiar/x509", "The local Entra gateway's TLS certificates");
    }
    throw err;
  }
  type X509Crypto = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[1];
  type KeyPair = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]["keys"];
  const crypto = webcrypto as unknown as NonNullable<X509Crypto>;
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + 7 * DAY_MS);
  const caKeys = (await webcrypto.subtle.generateKey(ALG, true, ["sign", "verify"])) as unknown as KeyPair;
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: "CN=azure-redis-entra local gateway CA (throwaway)",
      notBefore,
      notAfter,
      signingAlgorithm: ALG,
      keys: caKeys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const serverKeys = (await webcrypto.subtle.generateKey(ALG, true, [
    "sign",
    "verify",
  ])) as unknown as KeyPair;
  const server = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: "CN=localhost",
      issuer: ca.subject,
      notBefore,
      notAfter,
      signingAlgorithm: ALG,
      publicKey: serverKeys.publicKey,
      signingKey: caKeys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(
          x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement,
          true,
        ),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension([
          { type: "dns", value: "localhost" },
          { type: "ip", value: "127.0.0.1" },
        ]),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
        await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", serverKeys.privateKey);
  return { caPem: ca.toString("pem"), certPem: server.toString("pem"), keyPem: toPem(pkcs8, "PRIVATE KEY") };
}
