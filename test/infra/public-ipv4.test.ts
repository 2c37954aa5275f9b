/** publicIPv4Coverage: how much of the public IPv4 internet a set of firewall ranges lets in. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  formatShare,
  INTERNET_WIDE_FRACTION,
  PUBLIC_IPV4_ADDRESSES,
  publicIPv4Coverage,
} from "../../src/infra/public-ipv4.ts";
import { fuzzParameters } from "../fuzz.ts";

const ALL = 2 ** 32;
const dotted = (n: number): string => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join(".");

test("known sets: the whole space, its halves, the public unicast range, single addresses, a /8", () => {
  assert.equal(PUBLIC_IPV4_ADDRESSES, 3_702_258_432);
  const whole = publicIPv4Coverage([["0.0.0.0", "255.255.255.255"]]);
  assert.deepEqual(whole, { addresses: PUBLIC_IPV4_ADDRESSES, fraction: 1, internetWide: true });
  assert.equal(
    publicIPv4Coverage([
      ["128.0.0.0", "255.255.255.255"],
      ["0.0.0.0", "127.255.255.255"],
    ]).fraction,
    1,
  );
  assert.equal(publicIPv4Coverage([["1.0.0.0", "223.255.255.255"]]).fraction, 1);
  assert.deepEqual(publicIPv4Coverage([["20.1.2.3", "20.1.2.3"]]), {
    addresses: 1,
    fraction: 1 / PUBLIC_IPV4_ADDRESSES,
    internetWide: false,
  });
  assert.equal(publicIPv4Coverage([["10.0.0.0", "10.255.255.255"]]).addresses, 0, "private");
  assert.equal(publicIPv4Coverage([["224.0.0.0", "255.255.255.255"]]).addresses, 0, "multicast, class E");
  assert.equal(publicIPv4Coverage([["8.0.0.0", "8.255.255.255"]]).internetWide, false);
  assert.equal(publicIPv4Coverage([]).addresses, 0);
});

test("the threshold: just below 1/16 of the public space is not internet-wide, 1/16 is", () => {
  const threshold = Math.ceil(PUBLIC_IPV4_ADDRESSES * INTERNET_WIDE_FRACTION);
  const from = 2 ** 24; // 1.0.0.0: public up to 9.255.255.255, then 10/8 is private
  const upTo = (n: number) => {
    const ranges: Array<[string, string]> = [];
    // 11.0.0.0 onwards is public until 100.64.0.0, enough for the threshold
    ranges.push([dotted(from), dotted(from + 9 * 2 ** 24 - 1)]);
    ranges.push([dotted(11 * 2 ** 24), dotted(11 * 2 ** 24 + (n - 9 * 2 ** 24) - 1)]);
    return publicIPv4Coverage(ranges);
  };
  assert.equal(upTo(threshold - 1).internetWide, false);
  assert.equal(upTo(threshold).addresses, threshold);
  assert.equal(upTo(threshold).internetWide, true);
});

test("malformed or reversed ranges are skipped (the caller checks syntax)", () => {
  assert.equal(publicIPv4Coverage([["9.0.0.0", "8.0.0.0"]]).addresses, 0);
  assert.equal(publicIPv4Coverage([["x", "255.255.255.255"]]).addresses, 0);
});

test("formatShare keeps small shares non-zero", () => {
  assert.equal(formatShare(1), "100%");
  assert.equal(formatShare(0.1359), "13.6%");
  assert.equal(formatShare(1 / PUBLIC_IPV4_ADDRESSES), "0.000000027%");
  assert.equal(formatShare(0), "0%");
});

const span = fc
  .tuple(fc.nat({ max: ALL - 1 }), fc.nat({ max: ALL - 1 }))
  .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]));
const asRanges = (spans: Array<[number, number]>): Array<[string, string]> =>
  spans.map(([a, b]) => [dotted(a), dotted(b)]);

test("properties: order-free, overlap counted once, splitting a range changes nothing, adding never lowers", () => {
  fc.assert(
    fc.property(
      fc.array(span, { maxLength: 8 }),
      span,
      fc.double({ min: 0, max: 1, noNaN: true }),
      (spans, extra, at) => {
        const base = publicIPv4Coverage(asRanges(spans));
        assert.ok(base.addresses >= 0 && base.fraction <= 1);
        assert.equal(publicIPv4Coverage(asRanges([...spans].reverse())).addresses, base.addresses);
        assert.equal(publicIPv4Coverage(asRanges([...spans, ...spans])).addresses, base.addresses);
        const more = publicIPv4Coverage(asRanges([...spans, extra]));
        assert.ok(more.addresses >= base.addresses);
        const [a, b] = extra;
        const cut = a + Math.floor((b - a) * at);
        const split =
          cut < b
            ? ([
                [a, cut],
                [cut + 1, b],
              ] as Array<[number, number]>)
            : [extra];
        assert.equal(publicIPv4Coverage(asRanges([...spans, ...split])).addresses, more.addresses);
      },
    ),
    fuzzParameters(500),
  );
});
