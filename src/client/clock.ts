/** The client's clock: the shape and the real clock live in src/internal/clock.ts, shared with the testing kit. */
export { systemClock, type EntraClock } from "../internal/clock.ts";
