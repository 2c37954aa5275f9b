/** The local Entra gateway's counters, as a test sees them. */

/** The counters a test compares. */
export interface GatewayCounts {
  authAccepted: number;
  authRefused: number;
  closedForExpiry: number;
}

/** Gateway totals counted from now on (independent of other tests' traffic before). */
export function gatewayStatsFrom(gw: { stats(): GatewayCounts }): () => GatewayCounts {
  const start = gw.stats();
  return () => {
    const now = gw.stats();
    return {
      authAccepted: now.authAccepted - start.authAccepted,
      authRefused: now.authRefused - start.authRefused,
      closedForExpiry: now.closedForExpiry - start.closedForExpiry,
    };
  };
}
