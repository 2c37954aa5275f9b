/**
 * The request stream from one gateway connection to its backend, in order, with the AUTH-delay fault:
 * bytes go out at once unless they (or bytes before them) are held until a release time.
 */

/** Writes requests to the backend in order, holding delayed ones. */
export class Outbound {
  readonly #write: (data: Buffer) => void;
  readonly #isOpen: () => boolean;
  /** Requests held back by an AUTH delay, in order; each is written once its time has come. */
  readonly #held: { data: Buffer; at: number }[] = [];
  #timer: NodeJS.Timeout | undefined;

  /**
   * @param write writes to the backend (and handles its backpressure)
   * @param isOpen false once the connection closed (held requests are then dropped)
   */
  constructor(write: (data: Buffer) => void, isOpen: () => boolean) {
    this.#write = write;
    this.#isOpen = isOpen;
  }

  /** Writes `parts` now, or queues them behind held requests / until `releaseAt` (0: now). */
  send(parts: Buffer[], releaseAt: number): void {
    if (parts.length === 0) return;
    const data = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    if (this.#held.length === 0 && releaseAt <= Date.now()) {
      this.#write(data);
      return;
    }
    this.#held.push({ data, at: releaseAt });
    if (!this.#timer) this.#release();
  }

  /** Drops whatever is held (the connection closed). */
  clear(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#held.length = 0;
  }

  #release(): void {
    this.#timer = undefined;
    if (!this.#isOpen()) return;
    while (this.#held.length > 0 && this.#held[0].at <= Date.now()) this.#write(this.#held.shift()!.data);
    if (this.#held.length > 0) {
      this.#timer = setTimeout(() => this.#release(), Math.max(1, this.#held[0].at - Date.now()));
    }
  }
}
