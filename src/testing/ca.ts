/**
 * A throwaway certificate authority and a server certificate for the local gateway, generated in
 * memory at start with node:crypto alone (ECDSA P-256 keys, ecdsa-with-SHA256 signatures, the
 * certificates DER-encoded by ./der.ts): the testing kit needs no extra package. The server
 * certificate is valid for `DNS:localhost` and `IP:127.0.0.1`, so clients can keep certificate
 * checks on with either name.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  octetString,
  oid,
  sequence,
  set,
  time,
  unsignedInteger,
  utf8String,
} from "./der.ts";

/** PEM material for a TLS server and its trust anchor. */
export interface GatewayCertificates {
  /** PEM of the CA certificate (what clients trust). */
  caPem: string;
  /** PEM of the server certificate. */
  certPem: string;
  /** PEM (PKCS#8) of the server's private key. Never logged. */
  keyPem: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const ECDSA_WITH_SHA256 = sequence(oid("1.2.840.10045.4.3.2"));

/** RFC 5280 extension OIDs and key usage bits. */
const EXT = {
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
} as const;

function toPem(der: Buffer, tag: string): string {
  const b64 = der.toString("base64").replace(/.{64}/g, "$&\n");
  return `-----BEGIN ${tag}-----\n${b64.endsWith("\n") ? b64 : `${b64}\n`}-----END ${tag}-----\n`;
}

/** A Name with one common name. */
const commonName = (cn: string): Buffer => sequence(set(sequence(oid("2.5.4.3"), utf8String(cn))));

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's value (the EC point). */
function keyId(key: KeyObject): Buffer {
  const spki = key.export({ type: "spki", format: "der" });
  return createHash("sha1")
    .update(spki.subarray(spki.length - 65))
    .digest();
}

/** A positive 16-byte serial number whose DER INTEGER needs no leading zero. */
function serial(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return unsignedInteger(bytes);
}

interface CertificateSpec {
  subject: Buffer;
  issuer: Buffer;
  publicKey: KeyObject;
  signingKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}

/** An X.509 v3 certificate (DER) signed with ecdsa-with-SHA256. */
function certificate(spec: CertificateSpec): Buffer {
  const tbs = sequence(
    explicit(0, integer(2)), // v3
    serial(),
    ECDSA_WITH_SHA256,
    spec.issuer,
    sequence(time(spec.notBefore), time(spec.notAfter)),
    spec.subject,
    spec.publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(...spec.extensions)),
  );
  // node:crypto signs ECDSA as a DER Ecdsa-Sig-Value, which is what X.509 carries.
  return sequence(tbs, ECDSA_WITH_SHA256, bitString(sign("sha256", tbs, spec.signingKey)));
}

/** Generates a fresh CA and a server certificate signed by it (valid from one hour ago for 7 days). */
export async function createGatewayCertificates(): Promise<GatewayCertificates> {
  const notBefore = new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = new Date(Date.now() + 7 * DAY_MS);
  const ca = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const server = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const caName = commonName("azure-redis-entra local gateway CA (throwaway)");
  const caCert = certificate({
    subject: caName,
    issuer: caName,
    publicKey: ca.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(EXT.basicConstraints, true, sequence(boolean(true), integer(0))), // CA, path length 0
      extension(EXT.keyUsage, true, bitString(Buffer.from([0x06]), 1)), // keyCertSign, cRLSign
      extension(EXT.subjectKeyIdentifier, false, octetString(keyId(ca.publicKey))),
    ],
  });
  const serverCert = certificate({
    subject: commonName("localhost"),
    issuer: caName,
    publicKey: server.publicKey,
    signingKey: ca.privateKey,
    notBefore,
    notAfter,
    extensions: [
      extension(EXT.basicConstraints, true, sequence()), // not a CA
      extension(EXT.keyUsage, true, bitString(Buffer.from([0x88]), 3)), // digitalSignature, keyAgreement
      extension(EXT.extKeyUsage, false, sequence(oid("1.3.6.1.5.5.7.3.1"))), // serverAuth
      extension(
        EXT.subjectAltName,
        false,
        sequence(implicit(2, Buffer.from("localhost")), implicit(7, Buffer.from([127, 0, 0, 1]))),
      ),
      extension(EXT.authorityKeyIdentifier, false, sequence(implicit(0, keyId(ca.publicKey)))),
      extension(EXT.subjectKeyIdentifier, false, octetString(keyId(server.publicKey))),
    ],
  });
  return {
    caPem: toPem(caCert, "CERTIFICATE"),
    certPem: toPem(serverCert, "CERTIFICATE"),
    keyPem: server.privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  };
}
