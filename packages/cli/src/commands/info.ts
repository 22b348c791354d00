/**
 * `operando info <file...> [--json] [--strict]`: what a file holds, for every format @operando/io
 * reads — format, kind, axis and unit, point count, x and y ranges and header metadata.
 *
 * @packageDocumentation
 */
import type { Command } from "commander";
import { AXIS_UNITS } from "@operando/core";
import type { PatternMeta, Pattern } from "@operando/core";
import { read, toJson } from "@operando/io";
import type { ReadResult } from "@operando/io";
import type { CliIO } from "../context.js";
import { writeLine } from "../context.js";
import type { CommandModule } from "../program.js";

/** One file's summary (the --json output is an array of these). */
export interface FileInfo {
  /** Path as given. */
  file: string;
  /** Reader used (a FormatId of @operando/io). */
  format: string;
  /** What the file holds. */
  kind: ReadResult["kind"];
  /** Axis kind of patterns. */
  axis?: string;
  /** Unit of that axis. */
  unit?: string;
  /** Total number of points (all patterns of a series). */
  points: number;
  /** Number of patterns of a series. */
  patterns?: number;
  /** [min, max] of x and y (patterns) or of each column (cycler, impedance). */
  ranges: Record<string, [number, number]>;
  /** Typed header metadata plus `extra`. */
  meta: Record<string, unknown>;
  /** Header/data mismatches accepted in lenient mode. */
  warnings: string[];
}

function range(values: ArrayLike<number>): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

function merge(a: [number, number] | undefined, b: [number, number]): [number, number] {
  return a === undefined ? b : [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

function metaOf(meta: PatternMeta | Record<string, unknown>): { meta: Record<string, unknown>; warnings: string[] } {
  const { extra, ...typed } = meta as PatternMeta;
  const warnings: string[] = [];
  const out: Record<string, unknown> = { ...typed };
  if (extra !== undefined) {
    const rest: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(extra)) {
      if (k === "warning") warnings.push(String(v));
      else rest[k] = v;
    }
    out["extra"] = rest;
  }
  return { meta: out, warnings };
}

/**
 * Summarises a read result.
 * @param file - path shown
 * @param r - the result of `read`
 */
export function summarize(file: string, r: ReadResult): FileInfo {
  const base = { file, format: r.format, kind: r.kind };
  switch (r.kind) {
    case "pattern": {
      const p = r.pattern;
      const { meta, warnings } = metaOf(p.meta);
      return { ...base, axis: p.axis, unit: AXIS_UNITS[p.axis], points: p.x.length, ranges: { x: range(p.x), y: range(p.y) }, meta, warnings };
    }
    case "series": {
      const ps: readonly Pattern[] = r.series.patterns;
      let x: [number, number] | undefined;
      let y: [number, number] | undefined;
      let points = 0;
      for (const p of ps) {
        x = merge(x, range(p.x));
        y = merge(y, range(p.y));
        points += p.x.length;
      }
      const first = metaOf(ps[0]?.meta ?? {});
      const seriesMeta = metaOf(r.series.meta);
      const warnings = [...new Set([...seriesMeta.warnings, ...ps.flatMap((p) => metaOf(p.meta).warnings)])];
      const axis = ps[0]?.axis;
      return {
        ...base,
        ...(axis === undefined ? {} : { axis, unit: AXIS_UNITS[axis] }),
        points,
        patterns: ps.length,
        ranges: { ...(x === undefined ? {} : { x }), ...(y === undefined ? {} : { y }) },
        meta: { series: seriesMeta.meta, firstPattern: first.meta },
        warnings,
      };
    }
    case "cycler": {
      const d = r.data;
      const { meta, warnings } = metaOf(d.meta as Record<string, unknown>);
      const ranges: Record<string, [number, number]> = { timeS: range(d.timeS), currentA: range(d.currentA), voltageV: range(d.voltageV) };
      if (d.capacityAh !== undefined) ranges["capacityAh"] = range(d.capacityAh);
      if (d.cycle !== undefined) ranges["cycle"] = range(d.cycle);
      return { ...base, points: d.timeS.length, ranges, meta, warnings };
    }
    case "impedance": {
      const s = r.spectrum;
      const { meta, warnings } = metaOf(s.meta as Record<string, unknown>);
      return { ...base, points: s.frequencyHz.length, ranges: { frequencyHz: range(s.frequencyHz), zReal: range(s.zReal), zImag: range(s.zImag) }, meta, warnings };
    }
    case "geometry": {
      const { extra, ...typed } = r.geometry;
      return { ...base, points: 0, ranges: {}, meta: { ...typed, extra }, warnings: [] };
    }
  }
}

function fmt(v: unknown): string {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(8)));
  if (typeof v === "string") return v.length > 100 ? `${v.slice(0, 100).replace(/\n/g, " ")}...` : v.replace(/\n/g, " ");
  return JSON.stringify(v);
}

/** The text block for one file. */
export function formatInfo(info: FileInfo): string {
  const lines = [`${info.file}`, `  format: ${info.format}  kind: ${info.kind}`];
  const what = [info.axis === undefined ? undefined : `axis: ${info.axis} (${info.unit})`, `points: ${info.points}`, info.patterns === undefined ? undefined : `patterns: ${info.patterns}`].filter((s) => s !== undefined);
  if (info.kind !== "geometry") lines.push(`  ${what.join("  ")}`);
  for (const [name, [lo, hi]] of Object.entries(info.ranges)) lines.push(`  ${name}: ${fmt(lo)} .. ${fmt(hi)}`);
  const pushMeta = (meta: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(meta)) {
      if (v === undefined) continue;
      if (k === "extra" && typeof v === "object" && v !== null) {
        for (const [ek, ev] of Object.entries(v)) lines.push(`  ${prefix}extra.${ek}: ${fmt(ev)}`);
      } else if (typeof v === "object" && v !== null && (k === "series" || k === "firstPattern")) {
        pushMeta(v as Record<string, unknown>, `${prefix}${k}.`);
      } else lines.push(`  ${prefix}${k}: ${fmt(v)}`);
    }
  };
  pushMeta(info.meta, "");
  for (const w of info.warnings) lines.push(`  WARNING: ${w}`);
  return lines.join("\n");
}

interface InfoOptions {
  json?: boolean;
  strict?: boolean;
}

/** The `info` subcommand. */
export const infoCommand: CommandModule = {
  register(program: Command, io: CliIO): void {
    program
      .command("info")
      .description("show format, kind, axis and unit, point count, x/y ranges and header metadata of data files")
      .argument("<file...>", "files to describe (NeXus: file.h5::/entry/data)")
      .option("--json", "print one JSON array of summaries")
      .option("--strict", "treat a header point count that the data does not match as an error (exit 3) instead of a warning")
      .addHelpText(
        "after",
        [
          "",
          "Examples:",
          "  operando info ../shared/data/real/xrd/dioptas_CeO2_Pilatus1M.xy",
          "  operando info --json data/*.mca scan.h5::/entry/data/counts",
          "",
          "A file that cannot be read exits with code 3 and names file:line (file@offset for HDF5).",
        ].join("\n"),
      )
      .action(async (files: string[], options: InfoOptions) => {
        const infos: FileInfo[] = [];
        const errors: unknown[] = [];
        for (const file of files) {
          try {
            const r = await read(file, { allowCountMismatch: options.strict !== true });
            infos.push(summarize(file, r));
          } catch (error) {
            errors.push(error);
          }
        }
        if (options.json === true) writeLine(io.stdout, toJson(infos));
        else for (const info of infos) writeLine(io.stdout, `${formatInfo(info)}\n`);
        // report every unreadable file; the first one decides the exit code (3 for parse errors)
        for (const error of errors.slice(1)) writeLine(io.stderr, `operando info: ${error instanceof Error ? error.message : String(error)}`);
        if (errors.length > 0) throw errors[0];
      });
  },
};
