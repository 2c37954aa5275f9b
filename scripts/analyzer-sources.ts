/**
 * Writes the component sources in a form Pulumi's schema analyzer reads with the TypeScript 3.8.3
 * that @pulumi/pulumi vendors, which it falls back to when the plugin's folder resolves no
 * `typescript` (an installed copy in a project without TypeScript). That TypeScript:
 * - ignores the `paths` of tsconfig.json (3.8 needs a `baseUrl`), so the quick start's
 *   `import ... from "azure-redis-entra"` resolves through node_modules to the package's types;
 *   package.json's `typesVersions` sends TypeScript before 3.9 here instead of to the declarations,
 *   where an `as const` object has no initializer left and the analyzer finds no enum members;
 * - cannot resolve a relative `./x.ts` specifier (it tries x.ts.ts): here they read `./x.js`;
 * - keeps no alias on `(typeof X)[keyof typeof X]`, so `X[]` has no name for the analyzer: here
 *   such an alias is the union of the object's literal values (the same type, spelled out).
 * The files written are the sources `src/index.ts` imports, transitively, otherwise unchanged.
 * Usage: node scripts/analyzer-sources.ts <src dir> <out dir>
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The literal values of `{ a: "a", b: 2 } as const`, or undefined for any other initializer. */
function asConstValues(init: ts.Expression | undefined, file: ts.SourceFile): string[] | undefined {
  if (!init || !ts.isAsExpression(init) || init.type.getText(file) !== "const") return undefined;
  if (!ts.isObjectLiteralExpression(init.expression)) return undefined;
  const values: string[] = [];
  for (const p of init.expression.properties) {
    if (!ts.isPropertyAssignment(p)) return undefined;
    const v = p.initializer;
    if (!ts.isStringLiteral(v) && !ts.isNumericLiteral(v)) return undefined;
    const text = ts.isStringLiteral(v) ? JSON.stringify(v.text) : v.text;
    if (!values.includes(text)) values.push(text);
  }
  return values.length > 0 ? values : undefined;
}

/** `Y` of `(typeof Y)[keyof typeof Y]`, or undefined. */
function valuesOfName(type: ts.TypeNode): string | undefined {
  if (!ts.isIndexedAccessTypeNode(type)) return undefined;
  let object = type.objectType;
  while (ts.isParenthesizedTypeNode(object)) object = object.type;
  const index = type.indexType;
  if (!ts.isTypeQueryNode(object) || !ts.isTypeOperatorNode(index)) return undefined;
  if (index.operator !== ts.SyntaxKind.KeyOfKeyword || !ts.isTypeQueryNode(index.type)) return undefined;
  const name = object.exprName.getText();
  return index.type.exprName.getText() === name ? name : undefined;
}

/** The edits for one file, and the relative `.ts` modules it imports. */
function rewrite(file: ts.SourceFile): { edits: Edit[]; imports: string[] } {
  const edits: Edit[] = [];
  const imports: string[] = [];
  const objects = new Map<string, string[]>();
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const d of statement.declarationList.declarations) {
      const values = ts.isIdentifier(d.name) ? asConstValues(d.initializer, file) : undefined;
      if (values) objects.set(d.name.getText(file), values);
    }
  }
  const specifier = (node: ts.Node | undefined) => {
    if (!node || !ts.isStringLiteral(node) || !/^\.\.?\//.test(node.text) || !node.text.endsWith(".ts"))
      return;
    imports.push(node.text);
    const start = node.getStart(file) + 1;
    edits.push({ start: start + node.text.length - 3, end: start + node.text.length, text: ".js" });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) specifier(node.moduleSpecifier);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument))
      specifier(node.argument.literal);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword)
      specifier(node.arguments[0]);
    else if (ts.isTypeAliasDeclaration(node)) {
      const name = valuesOfName(node.type);
      const values = name === undefined ? undefined : objects.get(name);
      if (values)
        edits.push({ start: node.type.getStart(file), end: node.type.getEnd(), text: values.join(" | ") });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return { edits, imports };
}

function main(srcDir: string, outDir: string): void {
  const queue = [resolve(srcDir, "index.ts")];
  const done = new Set<string>();
  for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
    if (done.has(path)) continue;
    done.add(path);
    const text = readFileSync(path, "utf8");
    const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
    const { edits, imports } = rewrite(file);
    let out = text;
    for (const e of edits.sort((a, b) => b.start - a.start))
      out = out.slice(0, e.start) + e.text + out.slice(e.end);
    const target = join(outDir, relative(resolve(srcDir), path));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, out);
    for (const spec of imports) queue.push(resolve(dirname(path), spec));
  }
  console.log(`wrote ${done.size} sources for Pulumi's analyzer under TypeScript 3.8 to ${outDir}`);
}

const [srcDir, outDir] = process.argv.slice(2);
if (!srcDir || !outDir) throw new Error("usage: node scripts/analyzer-sources.ts <src dir> <out dir>");
main(srcDir, outDir);
