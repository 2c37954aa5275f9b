import type { Command } from "commander";
export function registerLocal(program: Command): void {
  program.command("local").description("TODO").action(() => {});
}
