/** Renders a preview result as a tree for people. */
import { bad, bold, dim, line, warn } from "../../output.ts";
import { printable } from "../../../internal/printable.ts";
import {
  TYPE_ERROR,
  type PreviewResource,
  type PreviewResult,
} from "../../../internal/pulumi-offline/model.ts";
import { describeSettings } from "./summary.ts";

/** The sentence every preview prints: what is real and what is not. */
export const PLACEHOLDER_NOTE =
  "Offline preview under Pulumi's mock runtime: nothing was sent to Azure. Values Azure computes " +
  "(resource ids, host names, principal/object ids of new identities) are placeholders.";

function shortName(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** Prints the tree, outputs and errors of a preview to stdout. */
export function renderPreview(result: PreviewResult, programLabel: string): void {
  line(bold(`Preview of ${programLabel}`) + dim(` (project ${result.project}, stack ${result.stack})`));
  line(dim(PLACEHOLDER_NOTE));
  if (result.loader) {
    const how = result.loader.moduleKind === "esm" ? "import()ed (ES module)" : "require()d (CommonJS)";
    line(dim(`Loaded as pulumi would: ${how}, TypeScript ${result.loader.typescript}.`));
  }
  for (const p of result.packages ?? [])
    line(
      dim(
        `  ${p.name} ${p.version} from ${p.from === "program" ? "the program's node_modules" : "azure-redis-entra's install"} (${p.path})`,
      ),
    );
  line();
  const children = new Map<string, PreviewResource[]>();
  const roots: PreviewResource[] = [];
  const known = new Set(result.resources.map((r) => r.urn));
  for (const r of result.resources) {
    if (r.parent && known.has(r.parent)) {
      const list = children.get(r.parent) ?? [];
      list.push(r);
      children.set(r.parent, list);
    } else roots.push(r);
  }
  const chain = /:(AccessPolicy|AccessPolicyAssignment)$/;
  const typeOf = new Map(result.resources.map((r) => [r.urn, r.type]));
  const walk = (r: PreviewResource, prefix: string, last: boolean, top: boolean): void => {
    const branch = top ? "" : last ? "└─ " : "├─ ";
    const kind = r.custom ? r.type : `${r.type} (component)`;
    line(`${prefix}${branch}${bold(printable(r.name))} ${dim(printable(kind))}`);
    const inner = top ? "" : prefix + (last ? "   " : "│  ");
    const kids = children.get(r.urn) ?? [];
    const pad = inner + (kids.length ? "│    " : "     ");
    for (const s of describeSettings(r)) line(pad + highlight(printable(s)));
    const waits = (
      chain.test(r.type) ? r.dependencies.filter((u) => chain.test(typeOf.get(u) ?? "")) : r.dependsOn
    ).map(shortName);
    if (waits.length) line(pad + dim(`after ${printable(waits.join(", "))}`));
    kids.forEach((k, idx) => walk(k, inner, idx === kids.length - 1, false));
  };
  for (const r of roots) walk(r, "", true, true);
  line();
  const custom = result.resources.filter((r) => r.custom).length;
  const components = result.resources.length - custom;
  line(
    `${plural(result.resources.length, "resource")} declared (${plural(custom, "provider resource")}, ${plural(components, "component")}).`,
  );
  const outputs = Object.entries(result.outputs);
  if (outputs.length) {
    line();
    line(bold("Stack outputs") + dim(" (placeholders where Azure computes the value)"));
    for (const [k, v] of outputs)
      line(`  ${printable(k)}: ${printable(typeof v === "string" ? v : JSON.stringify(v))}`);
  }
  if (result.errors.length) {
    line();
    line(bad(bold(`${plural(result.errors.length, "error")}:`)));
    for (const e of result.errors) {
      line(bad(`  ✘ ${printable(e.name)}: ${printable(e.message, { newlines: true })}`));
      const missing = e.message.match(/Missing required configuration variable '(?:[^':]+:)?([^']+)'/);
      if (missing)
        line(
          `    give it to the preview with --config ${printable(missing[1])}=<value> (JSON for objects and lists)`,
        );
    }
    if (result.errors.some((e) => e.name === TYPE_ERROR))
      line(
        "The program did not run: pulumi preview stops at TypeScript's errors too. Fix them, or skip the check as Pulumi does with PULUMI_NODEJS_TRANSPILE_ONLY=true.",
      );
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Colours risky settings: "OFF"/"ON" in capitals mark the insecure state. */
function highlight(setting: string): string {
  return /\b(OFF|ON)\b|publicNetworkAccess Enabled/.test(setting) ? warn(setting) : setting;
}
