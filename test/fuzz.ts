/**
 * Settings shared by the property-based tests (fast-check). In CI they run with a fixed seed and a
 * bounded number of runs, so a run is fast and a failure repeats; `node scripts/fuzz.ts` runs every
 * file that imports this one with a fresh seed and many more runs (FUZZ_SEED, FUZZ_RUNS).
 * fast-check's failure message carries the seed and the shrunk counterexample.
 */
import type { Parameters } from "fast-check";

/** The seed CI uses (any fixed number: a change of it is a change of the test). */
export const CI_SEED = 20261207;

/** fast-check parameters: `runs` in CI, FUZZ_RUNS and FUZZ_SEED when set. */
export function fuzzParameters<T>(runs: number): Parameters<T> {
  const seed = process.env.FUZZ_SEED === undefined ? CI_SEED : Number(process.env.FUZZ_SEED);
  const numRuns = process.env.FUZZ_RUNS === undefined ? runs : Number(process.env.FUZZ_RUNS);
  if (!Number.isInteger(seed) || !Number.isInteger(numRuns) || numRuns < 1)
    throw new Error(`FUZZ_SEED ${process.env.FUZZ_SEED} / FUZZ_RUNS ${process.env.FUZZ_RUNS}: give integers`);
  return { seed, numRuns };
}
