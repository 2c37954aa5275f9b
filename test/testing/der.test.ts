/** The DER encoders the testing kit's certificates are made of (src/testing/der.ts), against X.690's examples. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { bitString, integer, oid, time, tlv, unsignedInteger } from "../../src/testing/der.ts";

const hex = (b: Buffer): string => b.toString("hex");

test("lengths: short form below 128 bytes, long form from 128 on", () => {
  assert.equal(hex(tlv(0x04, Buffer.alloc(3))), "0403000000");
  assert.equal(hex(tlv(0x04, Buffer.alloc(128))).slice(0, 6), "048180");
  assert.equal(hex(tlv(0x04, Buffer.alloc(300))).slice(0, 8), "0482012c");
});

test("OBJECT IDENTIFIER: ecdsa-with-SHA256 and commonName as every certificate carries them", () => {
  assert.equal(hex(oid("1.2.840.10045.4.3.2")), "06082a8648ce3d040302");
  assert.equal(hex(oid("2.5.4.3")), "0603550403");
});

test("INTEGER: minimal and positive (a leading zero only before a high bit)", () => {
  assert.equal(hex(integer(0)), "020100");
  assert.equal(hex(integer(2)), "020102");
  assert.equal(hex(integer(128)), "02020080");
  assert.equal(hex(unsignedInteger(Buffer.from("00007f", "hex"))), "02017f");
  assert.equal(hex(unsignedInteger(Buffer.from("ff", "hex"))), "020200ff");
});

test("BIT STRING carries its unused-bit count; times are UTCTime before 2050, GeneralizedTime after", () => {
  assert.equal(hex(bitString(Buffer.from([0x06]), 1)), "03020106");
  assert.equal(time(new Date("2026-12-07T04:05:06Z")).toString("latin1"), "\x17\x0d261207040506Z");
  assert.equal(time(new Date("2050-01-01T00:00:00Z")).toString("latin1"), "\x18\x0f20500101000000Z");
});
