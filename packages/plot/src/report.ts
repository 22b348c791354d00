/**
 * The self-contained HTML report: inline SVG figures, tables, provenance and warnings; no
 * network resources (no external scripts, styles, fonts or images).
 *
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { InvalidParameterError, writeFileAtomic } from "@operando/core";
import type { PlotSpec } from "./types.js";
import { renderSvg } from "./render.js";
import { escapeHtml } from "./internal/escape.js";

/** A figure of a report section: a spec (rendered to inline SVG) or ready SVG markup. */
export type ReportFigure = { id: string; caption?: string; spec: PlotSpec } | { id: string; caption?: string; svg: string };

/** A table shown in a report (already cut to the rows to show). */
export interface ReportTable {
  /** Caption above the table. */
  caption?: string;
  /** Column names. */
  columns: string[];
  /** Cell values, row by row. */
  rows: (string | number | boolean | null)[][];
  /** Total rows of the full table (a "first N of M rows" note is shown when larger). */
  totalRows?: number;
  /** Full table as CSV, offered as a download link (data: URI). */
  csv?: string;
  /** File name of the download. @default "table.csv" */
  csvFileName?: string;
}

/** A failed item (pattern, series, fit) listed in a section. */
export interface ReportFailure {
  /** What failed, e.g. a file name or "layer 3, t = 1200 s". */
  item: string;
  /** Why. */
  message: string;
}

/** Content of one report section; every part is optional. */
export interface ReportSection {
  /** Key-value summary lines (e.g. calibration coefficients). */
  summary?: readonly (readonly [string, string | number])[];
  /** Figures. */
  figures?: readonly ReportFigure[];
  /** Tables. */
  tables?: readonly ReportTable[];
  /** Failures, listed in a table. */
  failures?: readonly ReportFailure[];
  /** Free-text notes (plain text, escaped). */
  notes?: readonly string[];
}

/** One input file of the analysis. */
export interface FileProvenance {
  /** Path as given. */
  path: string;
  /** Size, bytes. */
  sizeBytes: number;
  /** SHA-256 of the content, hex. */
  sha256: string;
}

/** Provenance section: what went in. */
export interface ReportProvenance {
  /** Input files. */
  files?: readonly FileProvenance[];
  /** operando version. */
  version: string;
  /** Parameters and options of the run. */
  parameters?: Readonly<Record<string, unknown>>;
  /** When the report was made (ISO 8601). */
  date: string;
}

/** Input of {@link buildReport}: every section is optional; a missing one shows a note. */
export interface ReportInput {
  /** Report title. @default "operando report" */
  title?: string;
  /** Calibration summary. */
  calibration?: ReportSection;
  /** Series overview (heat maps, voltage, failures). */
  series?: ReportSection;
  /** Quantification table. */
  quantification?: ReportSection;
  /** Layer x time maps and metrics. */
  maps?: ReportSection;
  /** Model comparison. */
  modelComparison?: ReportSection;
  /** Provenance. */
  provenance?: ReportProvenance;
  /** Warnings collected during the run. */
  warnings?: readonly string[];
}

const SECTIONS = [
  ["calibration", "Calibration", "No calibration was given."],
  ["series", "Series overview", "No series was given."],
  ["quantification", "Quantification", "No quantification table was given."],
  ["maps", "Layer x time maps", "No layer maps: the quantification has no layer/time/x columns, or none was given."],
  ["modelComparison", "Model comparison", "No model was given, so there is no comparison."],
] as const;

const STYLE = `
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;margin:0 auto;max-width:1200px;padding:1rem 2rem;color:#222;line-height:1.4}
h1{font-size:1.6rem;border-bottom:2px solid #0072B2}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}
nav ul{columns:2;list-style:none;padding:0}nav a{color:#0072B2}
figure{margin:1rem 0;display:inline-block;vertical-align:top}figure svg{max-width:100%;height:auto}figcaption{font-size:.9rem;color:#444;max-width:900px}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}th{background:#f0f0f0}
td.text{text-align:left}.note{color:#666;font-style:italic}.warning{color:#8a4b00}.failure{color:#a00}
dl.summary{display:grid;grid-template-columns:max-content auto;gap:2px 1rem}dl.summary dt{font-weight:bold}dl.summary dd{margin:0}
`;

function formatCell(value: string | number | boolean | null | undefined): { text: string; numeric: boolean } {
  if (value === null || value === undefined) return { text: "", numeric: false };
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return { text: "", numeric: true };
    const text = Number.isInteger(value) ? String(value) : Number(value.toPrecision(6)).toString();
    return { text, numeric: true };
  }
  return { text: String(value), numeric: false };
}

function renderTable(t: ReportTable): string {
  const head = `<tr>${t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = t.rows
    .map((r) => `<tr>${t.columns.map((_, k) => {
      const { text, numeric } = formatCell(r[k]);
      return `<td${numeric ? "" : ' class="text"'}>${escapeHtml(text)}</td>`;
    }).join("")}</tr>`)
    .join("\n");
  const parts = [];
  if (t.caption !== undefined) parts.push(`<p>${escapeHtml(t.caption)}</p>`);
  parts.push(`<table>${head}\n${body}</table>`);
  if (t.totalRows !== undefined) {
    const total = t.totalRows;
    parts.push(`<p class="note">${total > t.rows.length ? `First ${t.rows.length} of ${total} rows.` : `${total} row${total === 1 ? "" : "s"}.`}</p>`);
  }
  if (t.csv !== undefined) {
    parts.push(`<p><a download="${escapeHtml(t.csvFileName ?? "table.csv")}" href="data:text/csv;charset=utf-8,${encodeURIComponent(t.csv)}">Download the full table (CSV)</a></p>`);
  }
  return parts.join("\n");
}

async function renderFigure(f: ReportFigure): Promise<string> {
  let svg: string;
  try {
    svg = "svg" in f ? f.svg : await renderSvg(f.spec);
  } catch (error) {
    return `<p class="failure" data-figure-error="${escapeHtml(f.id)}">Figure ${escapeHtml(f.id)} could not be drawn: ${escapeHtml((error as Error).message)}</p>`;
  }
  const caption = f.caption === undefined ? "" : `<figcaption>${escapeHtml(f.caption)}</figcaption>`;
  return `<figure data-figure="${escapeHtml(f.id)}">${svg}${caption}</figure>`;
}

async function renderSection(s: ReportSection): Promise<string> {
  const parts: string[] = [];
  for (const n of s.notes ?? []) parts.push(`<p class="note">${escapeHtml(n)}</p>`);
  if (s.summary !== undefined && s.summary.length > 0) {
    parts.push(`<dl class="summary">${s.summary.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(formatCell(v).text)}</dd>`).join("")}</dl>`);
  }
  if (s.failures !== undefined && s.failures.length > 0) {
    parts.push(`<p class="failure">${s.failures.length} failed:</p>`);
    parts.push(renderTable({ columns: ["item", "reason"], rows: s.failures.map((f) => [f.item, f.message]) }));
  }
  for (const t of s.tables ?? []) parts.push(renderTable(t));
  for (const f of s.figures ?? []) parts.push(await renderFigure(f));
  return parts.join("\n");
}

function renderProvenance(p: ReportProvenance | undefined): string {
  if (p === undefined) return '<p class="note">No provenance was recorded.</p>';
  const parts = [`<dl class="summary"><dt>operando version</dt><dd>${escapeHtml(p.version)}</dd><dt>date</dt><dd>${escapeHtml(p.date)}</dd></dl>`];
  if (p.files !== undefined && p.files.length > 0) {
    parts.push(renderTable({ caption: "Input files", columns: ["path", "size (bytes)", "sha256"], rows: p.files.map((f) => [f.path, f.sizeBytes, f.sha256]) }));
  } else {
    parts.push('<p class="note">No input files were recorded.</p>');
  }
  if (p.parameters !== undefined) parts.push(`<p>Parameters</p><pre>${escapeHtml(JSON.stringify(p.parameters, null, 2))}</pre>`);
  return parts.join("\n");
}

/**
 * Builds the report as one self-contained HTML string: a section per input (calibration, series
 * overview, quantification, maps, model comparison), then provenance and warnings. Figures are
 * rendered to inline SVG (raster heat maps are embedded PNG data URIs); nothing is fetched from a
 * network. A missing section shows a note; a figure that fails to render shows its error in place.
 *
 * Each figure is wrapped in `<figure data-figure="<id>">` so tests and tools can find it.
 *
 * @param input - section contents
 * @returns HTML document text
 * @throws InvalidParameterError for duplicate figure ids
 * @example
 * const html = await buildReport({ quantification: { tables: [reportTable(table)] }, provenance: { version: "0.1.0", date: new Date().toISOString() } });
 */
export async function buildReport(input: ReportInput): Promise<string> {
  const ids = new Set<string>();
  for (const [key] of SECTIONS) {
    for (const f of input[key]?.figures ?? []) {
      if (ids.has(f.id)) throw new InvalidParameterError({ parameter: `input.${key}.figures`, value: f.id, expected: "unique figure ids" });
      ids.add(f.id);
    }
  }
  const title = input.title ?? "operando report";
  const body: string[] = [`<h1>${escapeHtml(title)}</h1>`];
  const toc = [...SECTIONS.map(([key, heading]) => [key, heading] as const), ["provenance", "Provenance"] as const, ["warnings", "Warnings"] as const];
  body.push(`<nav><ul>${toc.map(([key, heading]) => `<li><a href="#${key}">${escapeHtml(heading)}</a></li>`).join("")}</ul></nav>`);
  for (const [key, heading, missing] of SECTIONS) {
    const section = input[key];
    body.push(`<section id="${key}"><h2>${escapeHtml(heading)}</h2>`);
    body.push(section === undefined ? `<p class="note">${escapeHtml(missing)}</p>` : await renderSection(section));
    body.push("</section>");
  }
  body.push(`<section id="provenance"><h2>Provenance</h2>${renderProvenance(input.provenance)}</section>`);
  const warnings = input.warnings ?? [];
  body.push(
    `<section id="warnings"><h2>Warnings</h2>${warnings.length === 0 ? '<p class="note">No warnings.</p>' : `<ul>${warnings.map((w) => `<li class="warning">${escapeHtml(w)}</li>`).join("")}</ul>`}</section>`,
  );
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="operando">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join("\n")}
</body>
</html>
`;
}

/** A table-like object: arquero tables satisfy it. */
export interface TableLike {
  columnNames(): string[];
  numRows(): number;
  array(name: string): ArrayLike<unknown>;
}

/** Options of {@link reportTable}. */
export interface ReportTableOptions {
  /** Rows to show. @default 20 */
  maxRows?: number;
  /** Caption. */
  caption?: string;
  /** Attach the full table as a CSV download. @default false */
  csv?: boolean;
  /** Download file name. @default "table.csv" */
  csvFileName?: string;
}

/**
 * Converts a table (e.g. an arquero table) to a {@link ReportTable} with its first rows.
 * @param table - the table
 * @param options - rows to show, caption, CSV link
 * @returns the report table
 */
export function reportTable(table: TableLike, options: ReportTableOptions = {}): ReportTable {
  const { maxRows = 20 } = options;
  const columns = table.columnNames();
  const arrays = columns.map((c) => table.array(c));
  const cell = (v: unknown): string | number | boolean | null => (typeof v === "number" || typeof v === "string" || typeof v === "boolean" ? v : v === null || v === undefined ? null : String(v));
  const n = table.numRows();
  const rows = Array.from({ length: Math.min(n, maxRows) }, (_, r) => arrays.map((a) => cell(a[r])));
  const out: ReportTable = { columns, rows, totalRows: n };
  if (options.caption !== undefined) out.caption = options.caption;
  if (options.csv === true) {
    const esc = (v: unknown) => {
      const { text } = formatCsv(v);
      return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    const lines = [columns.map(esc).join(",")];
    for (let r = 0; r < n; r++) lines.push(arrays.map((a) => esc(a[r])).join(","));
    out.csv = `${lines.join("\n")}\n`;
    out.csvFileName = options.csvFileName ?? "table.csv";
  }
  return out;
}

function formatCsv(v: unknown): { text: string } {
  if (v === null || v === undefined || (typeof v === "number" && !Number.isFinite(v))) return { text: "" };
  return { text: String(v) };
}

/**
 * Size and SHA-256 of a file, for the provenance section.
 * @param path - file path
 * @returns path, size in bytes and hex digest
 * @throws the file system's error when the file cannot be read
 */
export async function fileProvenance(path: string): Promise<FileProvenance> {
  const info = await stat(path);
  const hash = createHash("sha256");
  await new Promise<void>((resolve, reject) => {
    createReadStream(path)
      .on("data", (chunk) => hash.update(chunk))
      .on("end", () => resolve())
      .on("error", reject);
  });
  return { path, sizeBytes: info.size, sha256: hash.digest("hex") };
}

/**
 * Writes the report atomically (temporary file in the same directory, then rename), creating
 * the directory when needed.
 * @param path - output .html path
 * @param html - report text from {@link buildReport}
 * @throws the file system's error when it cannot be written
 */
export async function writeReport(path: string, html: string): Promise<void> {
  await writeFileAtomic(path, html, { createDirectory: true });
}
