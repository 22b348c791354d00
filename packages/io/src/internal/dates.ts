/**
 * Header timestamps to ISO-8601 local time (no offset: files do not record a time zone).
 *
 * @packageDocumentation
 */

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function iso(year: number, month: number, day: number, h = 0, m = 0, s = 0, fraction = ""): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31 || !(h >= 0 && h <= 23) || m > 59 || s > 60) return undefined;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(h)}:${pad(m)}:${pad(s)}${fraction}`;
}

/**
 * Hour on a 24-hour clock: applies a 12-hour marker (`AM`, `PM`, `a.m.`, `p.m.`) at the start of
 * `rest` (the text after the matched time). Returns NaN for an hour a 12-hour clock cannot show
 * with a marker (0 or above 12), so that the date is rejected rather than shifted.
 */
function hour24(hour: number, rest: string): number {
  const m = /^\s*([ap])\.?\s?m\.?(?![a-z])/i.exec(rest);
  if (m === null) return hour;
  if (hour < 1 || hour > 12) return Number.NaN;
  const pm = m[1]!.toLowerCase() === "p";
  return (hour % 12) + (pm ? 12 : 0);
}

/**
 * Parses the date formats found in headers:
 * - SPEC `#D Thu Feb 11 10:00:32 2016`
 * - EPICS MED `Jan 30, 2013 15:25:17.766`
 * - EC-Lab `02/04/2018 10:02:46` (MM/DD/YYYY), Gamry `4/23/2018` + `16:43:15`, ORTEC `04/23/2018 16:43:15`
 * - already ISO `2018-04-23T16:43:15` (also with a one-digit hour and a 12-hour marker, `2014-01-12T3:12:28 PM`, as PeakEasy writes N42 start times)
 * - `23-Apr-2018 04:43:15 PM` (Python `%d-%b-%Y %I:%M:%S %p`, written by some `.spe` exporters)
 * A 12-hour clock marker (`AM`/`PM`, `a.m.`/`p.m.`) right after the time is applied (12 AM is
 * 00 h, 12 PM is 12 h); without it the hour was read as-is, off by 12 h for afternoon times.
 * @returns ISO-8601 text, or undefined when not recognised
 */
export function toIsoDate(text: string): string | undefined {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/.test(t)) return t;
  let m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)/.exec(t);
  if (m !== null) {
    const sec = m[6]!;
    const whole = Math.floor(Number(sec));
    return iso(Number(m[1]), Number(m[2]), Number(m[3]), hour24(Number(m[4]), t.slice(m[0].length)), Number(m[5]), whole, sec.includes(".") ? sec.slice(sec.indexOf(".")) : "");
  }
  m = /^(?:[A-Za-z]{3}\s+)?([A-Za-z]{3})\.?\s+(\d{1,2}),?\s+(?:(\d{4})\s+)?(\d{1,2}):(\d{2}):(\d{2})(\.\d+)?(?:\s+(\d{4}))?/.exec(t);
  if (m !== null) {
    const month = MONTHS[m[1]!.toLowerCase()];
    const year = Number(m[3] ?? m[8]);
    if (month !== undefined && Number.isFinite(year) && (m[3] ?? m[8]) !== undefined) {
      return iso(year, month, Number(m[2]), hour24(Number(m[4]), t.slice(m[0].length)), Number(m[5]), Number(m[6]), m[7] ?? "");
    }
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?/.exec(t);
  if (m !== null) {
    return iso(Number(m[3]), Number(m[1]), Number(m[2]), m[4] === undefined ? 0 : hour24(Number(m[4]), t.slice(m[0].length)), Number(m[5] ?? 0), Number(m[6] ?? 0), m[7] ?? "");
  }
  m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?/.exec(t);
  if (m !== null) {
    const month = MONTHS[m[2]!.toLowerCase()];
    if (month === undefined) return undefined;
    return iso(Number(m[3]), month, Number(m[1]), m[4] === undefined ? 0 : hour24(Number(m[4]), t.slice(m[0].length)), Number(m[5] ?? 0), Number(m[6] ?? 0), m[7] ?? "");
  }
  return undefined;
}

/**
 * Reads an absolute timestamp field of a data table ("05/05/2021 15:36:22.756" as BT-Lab/EC-Lab
 * write with "Time format : Absolute MMDDYYYY", Maccor "12/16/2019 14:03:25", ISO
 * "2020-02-21 10:32:49") as seconds since 1970-01-01 in the file's own (unrecorded) time zone.
 * Only differences between rows are meaningful; sub-millisecond fractions are kept.
 * @returns seconds, or undefined when the text is not a recognised date-time
 */
export function timestampSeconds(text: string): number | undefined {
  const parts = timestampParts(text);
  return parts === undefined ? undefined : parts.wholeS + parts.fractionS;
}

/**
 * {@link timestampSeconds} split into whole seconds and the decimal fraction, so that differences
 * between rows can be formed without the rounding of a 1.6e9 s double (ulp 2.4e-7 s).
 * @returns the parts, or undefined when the text is not a recognised date-time
 */
export function timestampParts(text: string): { wholeS: number; fractionS: number } | undefined {
  const t = text.trim();
  if (!/\d{1,2}:\d{2}/.test(t)) return undefined;
  const isoText = toIsoDate(t);
  if (isoText === undefined) return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?/.exec(isoText);
  if (m === null) return undefined;
  const wholeS = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) / 1000;
  return Number.isFinite(wholeS) ? { wholeS, fractionS: m[7] === undefined ? 0 : Number(m[7]) } : undefined;
}

/**
 * Reads an elapsed-time field written as "h:mm:ss[.fff]" (Neware, LAND "0:01:20.000"; hours may
 * exceed 24) or "d-hh:mm:ss" / "1 d 02:03:04" as seconds.
 * @returns seconds, or undefined when the text is not such a duration
 */
export function durationSeconds(text: string): number | undefined {
  const m = /^(?:(\d+)\s*(?:-|d\s*|days?\s*))?(\d+):([0-5]?\d):([0-5]?\d(?:\.\d+)?)$/.exec(text.trim());
  if (m === null) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}
