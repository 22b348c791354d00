// Documentation audit (conventions.md §4: "TSDoc on every export"). For every package's public
// surface, `packages/<pkg>/src/index.ts`, follows each export (re-exports included) to its
// declaration with the TypeScript compiler API and reports:
//   - "missing-doc" (hard): an exported function, class, interface, type alias, enum or const
//     whose declaration carries no `/** ... */` comment with summary text;
//   - "missing-param" / "missing-returns" (soft): an exported function whose TSDoc has no
//     `@param` for a parameter, or no `@returns` although it returns something (not void,
//     undefined, never, Promise<void>).
// A symbol re-exported by several packages (the umbrella `operando` re-exports everything) is
// reported once, under the package whose source declares it.
// CLI: `npx tsx scripts/check-docs.ts [--soft] [--json] [pkg ...]`; exits 1 on a hard finding.
import { existsSync, readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** Category of a documentation finding: `missing-doc` is enforced, the other two are advisory. */
export type DocFindingCategory = "missing-doc" | "missing-param" | "missing-returns";

/** Kind of exported declaration a finding is about. */
export type DocSymbolKind = "function" | "class" | "interface" | "type" | "enum" | "const" | "variable";

/** One documentation gap of one exported symbol. */
export interface DocFinding {
  /** Package directory name whose source declares the symbol (e.g. `core`). */
  readonly pkg: string;
  /** Exported name of the symbol (as declared). */
  readonly symbol: string;
  /** Declaration kind. */
  readonly kind: DocSymbolKind;
  /** Which rule is violated. */
  readonly category: DocFindingCategory;
  /** Declaring file, relative to the repository root, with `/` separators. */
  readonly file: string;
  /** 1-based line of the declaration. */
  readonly line: number;
  /** Human-readable detail, e.g. the parameter that lacks `@param`. */
  readonly detail: string;
}

/** Options of {@link findDocFindings}. */
export interface FindDocFindingsOptions {
  /**
   * Package directory names to audit (their `src/index.ts` entry points).
   * @default every directory under `packages/` that has `src/index.ts`
   */
  readonly packages?: readonly string[];
}

/** Lists package directory names under `root/packages` that have a `src/index.ts`. */
export function listPackages(root: string): string[] {
  const dir = join(root, "packages");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, "src", "index.ts")))
    .map((e) => e.name)
    .sort();
}

/** Compiler options from `root/tsconfig.json` when present, otherwise strict ESM defaults. */
function compilerOptions(root: string): ts.CompilerOptions {
  const configPath = join(root, "tsconfig.json");
  if (existsSync(configPath)) {
    const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
    if (read.config !== undefined) {
      const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, root);
      return { ...parsed.options, noEmit: true };
    }
  }
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  };
}

/** The `/** ... *\/` blocks attached to a declaration (for a variable: its statement). */
function jsDocsOf(node: ts.Node): ts.JSDoc[] {
  return ts.getJSDocCommentsAndTags(node).filter((n): n is ts.JSDoc => n.kind === ts.SyntaxKind.JSDoc);
}

function commentText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
  if (comment === undefined) return "";
  if (typeof comment === "string") return comment;
  return comment.map((c) => c.text).join("");
}

/** True when the declaration has a JSDoc block with non-empty summary text. */
function hasSummary(node: ts.Node): boolean {
  return jsDocsOf(node).some((doc) => commentText(doc.comment).trim().length > 0);
}

function kindOf(decl: ts.Declaration): DocSymbolKind | undefined {
  if (ts.isFunctionDeclaration(decl)) return "function";
  if (ts.isClassDeclaration(decl)) return "class";
  if (ts.isInterfaceDeclaration(decl)) return "interface";
  if (ts.isTypeAliasDeclaration(decl)) return "type";
  if (ts.isEnumDeclaration(decl)) return "enum";
  if (ts.isVariableDeclaration(decl)) {
    const list = decl.parent;
    return ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Const) !== 0 ? "const" : "variable";
  }
  return undefined;
}

/** The function-like node a declaration stands for: a function, or a const bound to an arrow/function expression. */
function functionLike(decl: ts.Declaration): ts.SignatureDeclaration | undefined {
  if (ts.isFunctionDeclaration(decl)) return decl;
  if (ts.isVariableDeclaration(decl) && decl.initializer !== undefined) {
    let init: ts.Expression = decl.initializer;
    while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

/** True when a return type carries no value (void, undefined, never, Promise<void>). */
function isVoidLike(type: ts.Type, checker: ts.TypeChecker): boolean {
  const flags = ts.TypeFlags.Void | ts.TypeFlags.Undefined | ts.TypeFlags.Never;
  if ((type.flags & flags) !== 0) return true;
  if (type.isUnion()) return type.types.every((t) => isVoidLike(t, checker));
  const symbol = type.getSymbol();
  if (symbol?.getName() === "Promise") {
    const [arg] = checker.getTypeArguments(type as ts.TypeReference);
    return arg !== undefined && isVoidLike(arg, checker);
  }
  return false;
}

/** Soft checks on a documented function: one `@param` per parameter, `@returns` when non-void. */
function softFindings(
  fn: ts.SignatureDeclaration,
  docNode: ts.Node,
  checker: ts.TypeChecker,
): { category: DocFindingCategory; detail: string }[] {
  const out: { category: DocFindingCategory; detail: string }[] = [];
  const tags = jsDocsOf(docNode).flatMap((doc) => [...(doc.tags ?? [])]);
  const paramNames = tags.filter(ts.isJSDocParameterTag).map((t) => t.name.getText());
  const topLevel = paramNames.filter((n) => !n.includes("."));
  fn.parameters.forEach((p, index) => {
    if (p.name.kind === ts.SyntaxKind.Identifier && p.name.text === "this") return;
    const ok = ts.isIdentifier(p.name)
      ? paramNames.includes(p.name.text)
      : // A destructured parameter is documented under any name, at its position.
        topLevel.length > index;
    if (!ok) out.push({ category: "missing-param", detail: `no @param for parameter ${ts.isIdentifier(p.name) ? p.name.text : `#${index + 1}`}` });
  });
  const signature = checker.getSignatureFromDeclaration(fn);
  const returnType = signature === undefined ? undefined : checker.getReturnTypeOfSignature(signature);
  const hasReturns = tags.some((t) => t.tagName.text === "returns" || t.tagName.text === "return");
  if (returnType !== undefined && !isVoidLike(returnType, checker) && !hasReturns) {
    out.push({ category: "missing-returns", detail: `no @returns (returns ${checker.typeToString(returnType)})` });
  }
  return out;
}

/** Package directory that owns a source file, or undefined outside `root/packages`. */
function packageOf(root: string, fileName: string): string | undefined {
  const rel = relative(join(root, "packages"), fileName);
  if (rel.startsWith("..") || rel.includes("node_modules")) return undefined;
  return rel.split(sep)[0];
}

/** Result of {@link auditDocs}. */
export interface DocAudit {
  /** Findings sorted by package, file and line; empty when everything is documented. */
  readonly findings: DocFinding[];
  /** Number of exported declarations audited, per declaring package. */
  readonly audited: Record<string, number>;
}

/**
 * Audits the TSDoc of every symbol exported from `root/packages/<pkg>/src/index.ts`.
 * Re-exports are followed to their declarations; each declaration is reported once, under
 * the package that declares it. Declarations outside `root/packages` (third-party types) are
 * not audited.
 * @param root - Repository root (absolute path).
 * @param options - Which packages to audit.
 * @returns The findings and how many declarations were audited per package.
 */
export function auditDocs(root: string, options: FindDocFindingsOptions = {}): DocAudit {
  const packages = options.packages ?? listPackages(root);
  const entries = packages.map((p) => join(root, "packages", p, "src", "index.ts"));
  const program = ts.createProgram({ rootNames: entries, options: compilerOptions(root) });
  const checker = program.getTypeChecker();
  const findings: DocFinding[] = [];
  const seen = new Set<ts.Declaration>();
  const audited: Record<string, number> = {};
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const moduleSymbol = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    if (moduleSymbol === undefined) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const target = (exported.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(exported) : exported;
      const declarations = (target.declarations ?? []).filter((d) => kindOf(d) !== undefined);
      // Overloads: the signatures without a body are the public ones.
      const overloads = declarations.filter((d) => ts.isFunctionDeclaration(d) && d.body === undefined);
      const publicDecls = overloads.length > 0 ? overloads : declarations;
      for (const decl of publicDecls) {
        if (seen.has(decl)) continue;
        seen.add(decl);
        const file = decl.getSourceFile();
        const pkg = packageOf(root, file.fileName);
        if (pkg === undefined) continue;
        audited[pkg] = (audited[pkg] ?? 0) + 1;
        const kind = kindOf(decl)!;
        const name = ts.getNameOfDeclaration(decl)?.getText() ?? target.getName();
        const at = {
          pkg,
          symbol: name,
          kind,
          file: relative(root, file.fileName).split(sep).join("/"),
          line: file.getLineAndCharacterOfPosition(decl.getStart()).line + 1,
        };
        if (!hasSummary(decl)) {
          findings.push({ ...at, category: "missing-doc", detail: `exported ${kind} has no TSDoc summary` });
          continue;
        }
        const fn = functionLike(decl);
        if (fn !== undefined) for (const f of softFindings(fn, decl, checker)) findings.push({ ...at, ...f });
      }
    }
  }
  findings.sort((a, b) => a.pkg.localeCompare(b.pkg) || a.file.localeCompare(b.file) || a.line - b.line || a.category.localeCompare(b.category));
  return { findings, audited };
}

/**
 * The findings of {@link auditDocs} alone.
 * @param root - Repository root (absolute path).
 * @param options - Which packages to audit.
 * @returns Findings sorted by package, file and line; empty when everything is documented.
 */
export function findDocFindings(root: string, options: FindDocFindingsOptions = {}): DocFinding[] {
  return auditDocs(root, options).findings;
}

/** Formats findings as `file:line  pkg  kind symbol  category: detail` lines. */
export function formatDocFindings(findings: readonly DocFinding[]): string[] {
  return findings.map((f) => `${f.file}:${f.line}  ${f.pkg}  ${f.kind} ${f.symbol}  ${f.category}: ${f.detail}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(fileURLToPath(new URL(".", import.meta.url)), "..");
  const args = process.argv.slice(2);
  const soft = args.includes("--soft");
  const json = args.includes("--json");
  const selected = args.filter((a) => !a.startsWith("--"));
  const { findings: all, audited } = auditDocs(root, selected.length > 0 ? { packages: selected } : {});
  const shown = soft ? all : all.filter((f) => f.category === "missing-doc");
  if (json) console.log(JSON.stringify(shown, null, 2));
  else for (const line of formatDocFindings(shown)) console.log(line);
  const counts = new Map<string, number[]>(Object.keys(audited).map((pkg) => [pkg, [0, 0, 0]]));
  for (const f of all) {
    const c = counts.get(f.pkg) ?? [0, 0, 0];
    c[f.category === "missing-doc" ? 0 : f.category === "missing-param" ? 1 : 2]! += 1;
    counts.set(f.pkg, c);
  }
  if (!json) {
    for (const [pkg, [doc, param, ret]] of [...counts].sort()) console.error(`${pkg}: ${audited[pkg] ?? 0} exported declarations, ${doc} missing-doc, ${param} missing-param, ${ret} missing-returns`);
    const hard = all.filter((f) => f.category === "missing-doc").length;
    console.error(hard === 0 ? "docs: ok" : `docs: ${hard} exported symbol(s) without TSDoc`);
  }
  process.exitCode = all.some((f) => f.category === "missing-doc") ? 1 : 0;
}
