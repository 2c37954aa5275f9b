/** Waiting for Ctrl-C (SIGINT) or SIGTERM while a long command runs. */

/** A signal watch: `signal` resolves on the first SIGINT/SIGTERM; a second one exits at once (130). */
export interface SignalWatch {
  signal: Promise<NodeJS.Signals>;
  /** Removes the handlers; call it after cleanup so the process is never left without one meanwhile. */
  dispose(): void;
}

/**
 * Starts watching. The handlers stay installed until `dispose()`, so other libraries' handlers (e.g.
 * the gateway's, which re-raise the signal when nobody else listens) don't kill the process before
 * the command has cleaned up and printed its summary.
 */
export function watchSignals(): SignalWatch {
  let seen = false;
  let resolveSignal: (s: NodeJS.Signals) => void = () => {};
  const signal = new Promise<NodeJS.Signals>((resolve) => (resolveSignal = resolve));
  const on = (s: NodeJS.Signals): void => {
    if (seen) process.exit(130);
    seen = true;
    resolveSignal(s);
  };
  process.on("SIGINT", on);
  process.on("SIGTERM", on);
  return {
    signal,
    dispose() {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
    },
  };
}
