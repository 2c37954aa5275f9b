/**
 * The gateway's throwaway CA and server certificate (src/testing/ca.ts), made with node:crypto alone:
 * they parse, chain, name localhost and 127.0.0.1, carry the usual extensions, and a TLS client with
 * certificate checks on accepts them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import type { AddressInfo } from "node:net";
import * as tls from "node:tls";
import { createGatewayCertificates } from "../../src/testing/ca.ts";

test("the CA is a CA, signs the server certificate, and the server certificate names localhost and 127.0.0.1", async () => {
  const c = await createGatewayCertificates();
  const ca = new X509Certificate(c.caPem);
  const server = new X509Certificate(c.certPem);
  assert.equal(ca.ca, true);
  assert.equal(server.ca, false);
  assert.ok(ca.verify(ca.publicKey), "self-signed");
  assert.ok(server.checkIssued(ca) && server.verify(ca.publicKey), "signed by the CA");
  assert.equal(server.checkHost("localhost"), "localhost");
  assert.equal(server.checkIP("127.0.0.1"), "127.0.0.1");
  assert.deepEqual(server.keyUsage, ["1.3.6.1.5.5.7.3.1"]); // extended key usage: serverAuth
  assert.ok(new Date(server.validFrom) < new Date() && new Date() < new Date(server.validTo));
  assert.notEqual(
    server.serialNumber,
    new X509Certificate((await createGatewayCertificates()).certPem).serialNumber,
  );
  assert.doesNotMatch(JSON.stringify({ ca: c.caPem, cert: c.certPem }), /PRIVATE KEY/);
});

test("a TLS client that trusts only the CA (and not another) connects to localhost and 127.0.0.1 with checks on", async () => {
  const c = await createGatewayCertificates();
  const server = tls.createServer({ cert: c.certPem, key: c.keyPem, minVersion: "TLSv1.2" }, (s) =>
    s.end("ok"),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  try {
    for (const servername of ["localhost", undefined]) {
      const got = await new Promise<string>((resolve, reject) => {
        const s = tls.connect(
          { host: "127.0.0.1", port, ca: c.caPem, ...(servername ? { servername } : {}) },
          () => {
            s.setEncoding("utf8").once("data", (d: string) => resolve(d));
          },
        );
        s.on("error", reject);
      });
      assert.equal(got, "ok");
    }
    // Another throwaway CA is not trusted: certificate checks are really on.
    const other = await createGatewayCertificates();
    await assert.rejects(
      new Promise((resolve, reject) => {
        const s = tls.connect({ host: "127.0.0.1", port, ca: other.caPem, servername: "localhost" }, () =>
          resolve(s),
        );
        s.on("error", reject);
      }),
      /certificate/i,
    );
  } finally {
    server.close();
  }
});
