/**
 * Parser for equivalent-circuit strings in the syntax of impedance.py:
 * elements joined in series with `-`, parallel blocks `p(a, b, ...)` (nestable), each
 * element a symbol from {@link CIRCUIT_ELEMENTS} followed by an optional index made of
 * digits/underscores (`R0`, `CPE1`, `Wo1`, `TLMQ0`). Whitespace is ignored.
 *
 * Grammar:
 * ```
 * series   := term ("-" term)*
 * term     := "p" "(" series ("," series)+ ")" | element
 * element  := SYMBOL INDEX        SYMBOL in CIRCUIT_ELEMENTS, INDEX = [0-9_]*
 * ```
 *
 * @packageDocumentation
 */
import type { CircuitElementDefinition } from "./elements.js";
import { CIRCUIT_ELEMENTS } from "./elements.js";
import { CircuitSyntaxError } from "./errors.js";

/** An element leaf of a parsed circuit. */
export interface CircuitElementNode {
  /** Node type tag. */
  readonly kind: "element";
  /** Full name as written, e.g. `CPE1`. */
  readonly name: string;
  /** Element type. */
  readonly definition: CircuitElementDefinition;
  /** 0-based index in the circuit string where the name starts. */
  readonly position: number;
}

/** Elements in series (Z = sum Z_i). */
export interface CircuitSeriesNode {
  readonly kind: "series";
  /** The elements/blocks in series, left to right. */
  readonly children: readonly CircuitNode[];
  /** 0-based index in the circuit string where the series starts. */
  readonly position: number;
}

/** Branches in parallel (1/Z = sum 1/Z_i). */
export interface CircuitParallelNode {
  readonly kind: "parallel";
  /** The branches, in order (at least two). */
  readonly children: readonly CircuitNode[];
  /** 0-based index of the `p` of `p(`. */
  readonly position: number;
}

/** A node of a parsed circuit. */
export type CircuitNode = CircuitElementNode | CircuitSeriesNode | CircuitParallelNode;

const SYMBOLS_BY_LENGTH = Object.keys(CIRCUIT_ELEMENTS).sort((a, b) => b.length - a.length);

class Parser {
  private pos = 0;
  private readonly names = new Map<string, number>();

  constructor(private readonly text: string) {}

  fail(position: number, expected: string): never {
    const found = position >= this.text.length ? "end of string" : JSON.stringify(this.text.slice(position, position + 8));
    throw new CircuitSyntaxError({ circuit: this.text, position, expected, found });
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  peek(): string | undefined {
    this.skipSpace();
    return this.text[this.pos];
  }

  parseAll(): CircuitNode {
    this.skipSpace();
    if (this.pos >= this.text.length) this.fail(this.pos, "an element name (e.g. R0) or p(");
    const node = this.parseSeries();
    this.skipSpace();
    if (this.pos < this.text.length) this.fail(this.pos, '"-", "," or ")" inside p(...), or the end of the circuit');
    return node;
  }

  parseSeries(): CircuitNode {
    const start = this.pos;
    const children: CircuitNode[] = [this.parseTerm()];
    while (this.peek() === "-") {
      this.pos++;
      children.push(this.parseTerm());
    }
    return children.length === 1 ? children[0]! : { kind: "series", children, position: start };
  }

  parseTerm(): CircuitNode {
    this.skipSpace();
    const start = this.pos;
    let end = start;
    while (end < this.text.length && /[A-Za-z]/.test(this.text[end]!)) end++;
    const letters = this.text.slice(start, end);
    if (letters === "p") {
      this.pos = end;
      if (this.peek() !== "(") this.fail(this.pos, '"(" after p');
      this.pos++;
      const children: CircuitNode[] = [this.parseSeries()];
      while (this.peek() === ",") {
        this.pos++;
        children.push(this.parseSeries());
      }
      if (this.peek() !== ")") {
        this.fail(this.pos, children.length === 1 ? '"," (a parallel block needs at least two branches)' : '"," or ")"');
      }
      if (children.length < 2) this.fail(this.pos, '"," (a parallel block needs at least two branches)');
      this.pos++;
      return { kind: "parallel", children, position: start };
    }
    if (letters.length === 0) this.fail(start, `an element name (one of ${SYMBOLS_BY_LENGTH.slice().sort().join(", ")} plus an index) or p(`);
    const definition = CIRCUIT_ELEMENTS[letters];
    if (definition === undefined) {
      this.fail(start, `a known element symbol (${Object.keys(CIRCUIT_ELEMENTS).join(", ")}) followed by an index such as 0`);
    }
    while (end < this.text.length && /[0-9_]/.test(this.text[end]!)) end++;
    const name = this.text.slice(start, end);
    const previous = this.names.get(name);
    if (previous !== undefined) this.fail(start, `a unique element name ("${name}" is already used at position ${previous})`);
    this.names.set(name, start);
    this.pos = end;
    return { kind: "element", name, definition, position: start };
  }
}

/**
 * Parses a circuit string into a tree.
 *
 * @param text - circuit, e.g. `"R0-p(R1,C1)-p(R2-Wo1,C2)"` or `"R0-TLMQ0"`
 * @returns the root node (a single element, a series or a parallel node)
 * @throws {@link CircuitSyntaxError} with the 0-based position of the first problem: unknown
 *   element symbol, duplicate element name, unbalanced parentheses, a parallel block with one
 *   branch, a dangling `-`, or trailing text
 * @example
 * const root = parseCircuit("R0-p(R1,CPE1)");
 * // root.kind === "series", root.children[1].kind === "parallel"
 */
export function parseCircuit(text: string): CircuitNode {
  if (typeof text !== "string") {
    throw new CircuitSyntaxError({ circuit: String(text), position: 0, expected: "a circuit string", found: typeof text });
  }
  return new Parser(text).parseAll();
}
