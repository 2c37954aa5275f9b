// An extension-less relative import target, as ts-node resolves it, with a parameter property
// (TypeScript-only syntax that type stripping can't run; ts-node compiles it).
export class Naming {
  constructor(private readonly prefix: string) {}

  name(part: string): string {
    return `${this.prefix}-${part}`;
  }
}
