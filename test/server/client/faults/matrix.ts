/**
 * `faultMatrix(kind, body)`: one suite per client kind, with its own gateway (cluster or not) and a
 * capture of every event, checked for tokens at the end; `ctx.setup(t)` gives each test its cleanups,
 * a token manager with the scaled-down timing on a gateway credential (or a given one), and a
 * connected client. The gateway and every token manager of the suite share one fake clock, moved by the
 * rows through `ctx.time` (fault-time.ts).
 */
import { after, before, describe } from "node:test";
import assert from "node:assert/strict";
import type { EntraAuth, EntraAuthOptions, EntraTokenCredential } from "../../../../src/client/index.ts";
import {
  Capture,
  OBJECT_ID,
  startGateway,
  type ClientKit,
  type Gateway,
  type GatewayCredential,
} from "../integration.ts";
import { cleanupsFor, type Cleanup } from "../../support/cleanup.ts";
import { authOn } from "./auth.ts";
import { FaultTime } from "./fault-time.ts";
import { FakeClock } from "../../../support/fake-clock.ts";
import { roundTrip, type ClientKind } from "./client-kinds.ts";
import { LIMITED_ID, LIMITED_POLICY } from "./pubsub.ts";

/** What one test of the matrix gets from {@link FaultContext.setup}. */
export interface FaultTest<C> {
  cleanup: Cleanup;
  auth: EntraAuth;
  /** The gateway credential the token manager uses (fault injection), unless one was given. */
  credential: GatewayCredential;
  client: C;
  /** A round trip on every node of `client`. */
  roundTrip(): Promise<void>;
}

export interface FaultContext<C> {
  readonly kind: ClientKind<C>;
  readonly gw: Gateway;
  readonly capture: Capture;
  /** Token time: the suite's fake clock. */
  readonly time: FaultTime;
  /** A token manager on `credential` (events captured in `capture`, default the suite's) on the suite's clock. */
  authOn(credential: EntraTokenCredential, capture?: Capture, options?: Partial<EntraAuthOptions>): EntraAuth;
  /**
   * Per test: cleanups, a token manager (closed after the test) on `credential` (default a fresh
   * gateway credential for the test identity), and a client of this kind connected with `client` options.
   */
  setup(
    t: { after(fn: () => Promise<void>): void },
    options?: {
      credential?: EntraTokenCredential;
      authOptions?: Partial<EntraAuthOptions>;
      client?: Record<string, unknown>;
    },
  ): Promise<FaultTest<C>>;
  /** Another client of this kind on the same token manager. */
  connect(auth: EntraAuth, cleanup: Cleanup, extra?: Record<string, unknown>): Promise<C>;
  roundTrip(client: C): Promise<void>;
}

/**
 * Declares the fault-matrix suite of one client kind: a gateway of its shape for the file (with the
 * limited pub/sub identity assigned), every event captured and checked for tokens at the end.
 */
export function faultMatrix<C>(
  kind: ClientKind<C>,
  body: (ctx: FaultContext<C>) => void,
  options: { timeout?: number; title?: string } = {},
): void {
  // The fake clock starts at the real time (certificates and logs stay plausible), then moves only
  // when a row moves it.
  const clock = new FakeClock(Date.now());
  describe(`fault matrix: ${options.title ?? kind.name}`, { timeout: options.timeout ?? 240_000 }, () => {
    let gw: Gateway | undefined;
    const capture = new Capture();
    const time = new FaultTime(clock, () => ctx.gw);
    before(async () => {
      gw = await startGateway(
        { name: kind.name, gateway: kind.gateway, connectionsPerClient: 1 } as ClientKit,
        undefined,
        { clock },
      );
      await gw.assign(LIMITED_ID, LIMITED_POLICY);
    });
    after(async () => {
      await gw?.stop();
    });
    const ctx: FaultContext<C> = {
      kind,
      get gw() {
        assert.ok(gw, "the gateway is started");
        return gw;
      },
      capture,
      time,
      authOn: (credential, into = capture, authOptions = {}) =>
        authOn(credential, into, { clock, ...authOptions }),
      async setup(t, setupOptions = {}) {
        const cleanup = cleanupsFor(t);
        const credential = ctx.gw.credential(OBJECT_ID);
        const auth = ctx.authOn(setupOptions.credential ?? credential, capture, setupOptions.authOptions);
        cleanup(() => auth.close());
        const client = await kind.connect(ctx.gw, auth, cleanup, setupOptions.client);
        return { cleanup, auth, credential, client, roundTrip: () => roundTrip(kind, client) };
      },
      connect: (auth, cleanup, extra) => kind.connect(ctx.gw, auth, cleanup, extra),
      roundTrip: (client) => roundTrip(kind, client),
    };
    body(ctx);
    after(() => capture.assertNoToken());
  });
}
