/** The part of Redlock 4's API the recipe uses (the package ships no types; @types/redlock pulls ioredis 4's). */
declare module "redlock" {
  import { EventEmitter } from "node:events";
  interface Lock {
    unlock(): Promise<void>;
    extend(ttl: number): Promise<Lock>;
  }
  interface RedlockOptions {
    driftFactor?: number;
    retryCount?: number;
    retryDelay?: number;
    retryJitter?: number;
  }
  class Redlock extends EventEmitter {
    constructor(clients: unknown[], options?: RedlockOptions);
    lock(resource: string | string[], ttl: number): Promise<Lock>;
  }
  export default Redlock;
}
