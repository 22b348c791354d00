/**
 * Variable-order (1-5), variable-step numerical differentiation formulas (NDF, the
 * quasi-constant step BDF variant of Shampine & Reichelt, "The MATLAB ODE Suite", SIAM J. Sci.
 * Comput. 18, 1 (1997), doi:10.1137/S1064827594276424) for index-1 DAEs  M y' = f(t, y)
 * with a diagonal, possibly singular mass matrix. The step/order logic follows the published
 * algorithm (backward-difference array, error constants, kappa coefficients, simplified Newton
 * with convergence-rate test); written here for the mass-matrix case, with dense output,
 * output sampling and located events.
 *
 * Linear invariants of the DAE (total Li) are preserved exactly by every linear multistep
 * formula: after each Newton update the weighted sum of the residual rows is zero because it
 * is linear in the unknowns.
 *
 * @packageDocumentation
 */

/** What the integrator needs from a model. */
export interface DaeSystem {
  readonly n: number;
  /** Diagonal of M (0 marks an algebraic row). */
  readonly mass: Float64Array;
  /** f(t, y) into out; false if y is outside the model's domain. */
  rhs(t: number, y: Float64Array, out: Float64Array): boolean;
  /** Evaluates and stores J = df/dy at (t, y). */
  jacobian(t: number, y: Float64Array): void;
  /** Factors M - c J (differential rows) and -J (algebraic rows); false if singular. */
  factor(c: number): boolean;
  /** Solves with the last factorisation in place. */
  solve(b: Float64Array): void;
  /**
   * Whether a converged step result is physically admissible (for example concentrations
   * inside their bounds); an inadmissible result is treated like a Newton failure.
   */
  admissible(y: Float64Array): boolean;
}

/** A scalar event g(t, y) = 0 that ends the integration. */
export interface DaeEvent {
  /** Event function (linear or smooth in y). */
  value: (t: number, y: Float64Array) => number;
  /** +1: only rising zero crossings, -1: only falling, 0: both. */
  direction: number;
  /** Name reported when it fires. */
  name: string;
}

/** Integrator settings. */
export interface NdfOptions {
  rtol: number;
  /** Absolute tolerance per unknown. */
  atol: Float64Array;
  /** Largest step (s). */
  maxStep: number;
  /** First step (s). */
  firstStep: number;
  /** Stop after this many steps (counts accepted + rejected). */
  maxSteps: number;
  /**
   * Newton stops when the (rate-corrected) update is below this, in the weighted RMS norm of
   * the error test (1 = the local error tolerance).
   */
  newtonTolerance: number;
}

/** Counters. */
export interface NdfStats {
  steps: number;
  rejected: number;
  newtonIterations: number;
  rhsEvaluations: number;
  jacobianEvaluations: number;
  factorizations: number;
}

/** Outcome of one integration. */
export interface NdfOutcome {
  /** Final time (end of interval or event time). */
  t: number;
  /** State at t (interpolated at an event). */
  y: Float64Array;
  /** The event that stopped the run, if any. */
  event: string | undefined;
}

/** Thrown (internally) when the integrator cannot continue; wrapped into SolverError by callers. */
export class NdfFailure extends Error {
  constructor(
    message: string,
    readonly t: number,
    readonly step: number,
  ) {
    super(message);
  }
}

const MAX_ORDER = 5;
const NEWTON_MAXITER = 4;
/** Step reduction after a Newton failure with a fresh Jacobian (CVODE's value). */
const NEWTON_FAIL_FACTOR = 0.25;
/** Lower bound on the carried-over contraction rate, relative to the last (CVODE's CRDOWN). */
const CRATE_DOWN = 0.3;
/**
 * Jacobian refresh threshold: when the Newton contraction rate of an accepted step exceeds
 * this, the Jacobian is re-evaluated before the next step (chosen: a rate of 0.1 means a
 * stale Jacobian costs about one extra iteration per step, more than its evaluation).
 */
const JAC_RATE = 0.1;
const MIN_FACTOR = 0.2;
/**
 * Stagnation of the error test: after this many error-test failures in one step, an error norm
 * above STAGNATION_RATIO times the previous failure's (although h was cut in between) is not an
 * O(h^(k+1)) local error but an algebraic inconsistency of the last accepted state, which no
 * step size removes (see restartConsistent). Chosen: 3 failures, ratio 0.9.
 */
const STAGNATION_FAILURES = 3;
const STAGNATION_RATIO = 0.9;
/** The repair corrector's step as a fraction of the failing step (its O(h) drift is negligible). */
const REPAIR_STEP_FRACTION = 1e-6;
const MAX_FACTOR = 10;
// NDF coefficients (Shampine & Reichelt 1997, Table 1): kappa for orders 1..5.
const KAPPA = [0, -0.185, -1 / 9, -0.0823, -0.0415, 0];
const GAMMA = [0, 1, 1.5, 1.5 + 1 / 3, 1.5 + 1 / 3 + 0.25, 1.5 + 1 / 3 + 0.25 + 0.2];
const ALPHA = KAPPA.map((k, i) => (1 - k) * GAMMA[i]!);
const ERROR_CONST = KAPPA.map((k, i) => k * GAMMA[i]! + 1 / (i + 1));

function rmsNorm(v: Float64Array, scale: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const r = v[i]! / scale[i]!;
    s += r * r;
  }
  return Math.sqrt(s / v.length);
}

/** R matrix of the step-change transform (order x order, 1-based rows/cols in the paper). */
function computeR(order: number, factor: number): Float64Array {
  const size = order + 1;
  const m = new Float64Array(size * size);
  for (let j = 0; j < size; j++) m[j] = 1;
  for (let i = 1; i < size; i++) for (let j = 1; j < size; j++) m[i * size + j] = (i - 1 - factor * j) / i;
  for (let j = 0; j < size; j++) m[j] = 1;
  // column-wise cumulative product over rows
  for (let i = 1; i < size; i++) for (let j = 0; j < size; j++) m[i * size + j]! *= m[(i - 1) * size + j]!;
  return m;
}

/** One integrator instance for one smooth interval. */
export class NdfIntegrator {
  readonly stats: NdfStats = { steps: 0, rejected: 0, newtonIterations: 0, rhsEvaluations: 0, jacobianEvaluations: 0, factorizations: 0 };
  private readonly sys: DaeSystem;
  private readonly opts: NdfOptions;
  private readonly n: number;
  private readonly d: Float64Array[];
  private order = 1;
  private t: number;
  private hAbs: number;
  private nEqualSteps = 0;
  private factored = false;
  private factorC = Number.NaN;
  private jacobianStale = false;
  private crate = 1;
  private readonly y: Float64Array;
  private readonly f: Float64Array;
  private readonly scale: Float64Array;
  private readonly psi: Float64Array;
  private readonly dNew: Float64Array;
  private readonly yNew: Float64Array;
  private readonly dy: Float64Array;
  private readonly tmp: Float64Array;
  private readonly dOld: Float64Array[];
  private readonly ruScratch = new Float64Array(36);

  /**
   * @param sys - model
   * @param t0 - start time
   * @param y0 - consistent initial state (algebraic rows satisfied)
   * @param opts - settings
   */
  constructor(sys: DaeSystem, t0: number, y0: Float64Array, opts: NdfOptions) {
    this.sys = sys;
    this.opts = opts;
    this.n = sys.n;
    this.t = t0;
    const n = this.n;
    this.d = Array.from({ length: MAX_ORDER + 3 }, () => new Float64Array(n));
    this.y = Float64Array.from(y0);
    this.f = new Float64Array(n);
    this.scale = new Float64Array(n);
    this.psi = new Float64Array(n);
    this.dNew = new Float64Array(n);
    this.yNew = new Float64Array(n);
    this.dy = new Float64Array(n);
    this.tmp = new Float64Array(n);
    this.dOld = Array.from({ length: MAX_ORDER + 1 }, () => new Float64Array(n));
    this.hAbs = Math.min(opts.firstStep, opts.maxStep);
    this.d[0]!.set(y0);
    this.stats.rhsEvaluations++;
    if (!sys.rhs(t0, this.y, this.f)) throw new NdfFailure("initial state outside the model domain", t0, 0);
    const d1 = this.d[1]!;
    for (let i = 0; i < n; i++) d1[i] = sys.mass[i]! > 0 ? (this.f[i]! / sys.mass[i]!) * this.hAbs : 0;
    sys.jacobian(t0, this.y);
    this.stats.jacobianEvaluations++;
  }

  /**
   * Restarts at order 1 from the last accepted time with the algebraic unknowns taken from the
   * last corrector (solved a tiny step ahead): d[0] gets them, d[1] = h y' for the differential
   * rows (y' = f / M at the repaired state, h = the step to resume with) and 0 for the algebraic ones.
   */
  private restartConsistent(): void {
    const { sys, n } = this;
    const y0 = this.d[0]!;
    for (let i = 0; i < n; i++) if (!(sys.mass[i]! > 0)) y0[i] = this.yNew[i]!;
    this.stats.rhsEvaluations++;
    if (!sys.rhs(this.t, y0, this.f)) throw new NdfFailure("inconsistent state could not be repaired (outside the model domain)", this.t, this.stats.steps);
    for (let j = 1; j < this.d.length; j++) this.d[j]!.fill(0);
    const d1 = this.d[1]!;
    for (let i = 0; i < n; i++) d1[i] = sys.mass[i]! > 0 ? (this.f[i]! / sys.mass[i]!) * this.hAbs : 0;
    this.order = 1;
    this.nEqualSteps = 0;
    this.jacobianStale = true;
    this.factored = false;
  }

  /** Current time. */
  get time(): number {
    return this.t;
  }

  /** Current state (do not modify). */
  get state(): Float64Array {
    return this.d[0]!;
  }

  private changeD(factor: number): void {
    const order = this.order;
    const size = order + 1;
    const r = computeR(order, factor);
    const u = computeR(order, 1);
    // RU = R * U ; D[:size] = RU^T D[:size]
    const ru = this.ruScratch;
    for (let i = 0; i < size; i++) {
      for (let j = 0; j < size; j++) {
        let s = 0;
        for (let k = 0; k < size; k++) s += r[i * size + k]! * u[k * size + j]!;
        ru[i * size + j] = s;
      }
    }
    const n = this.n;
    for (let i = 0; i < size; i++) this.dOld[i]!.set(this.d[i]!);
    for (let j = 0; j < size; j++) {
      const target = this.d[j]!;
      target.fill(0);
      for (let i = 0; i < size; i++) {
        const c = ru[i * size + j]!;
        if (c === 0) continue;
        const src = this.dOld[i]!;
        for (let q = 0; q < n; q++) target[q]! += c * src[q]!;
      }
    }
  }

  /**
   * Evaluates the interpolating polynomial of the last accepted step at time tq.
   * @param tq - time within the last step
   * @param out - state at tq
   */
  interpolate(tq: number, out: Float64Array): void {
    const order = this.order;
    const h = this.hAbs;
    out.set(this.d[0]!);
    let p = 1;
    for (let j = 1; j <= order; j++) {
      p *= (tq - (this.t - h * (j - 1))) / (h * j);
      const dj = this.d[j]!;
      for (let i = 0; i < this.n; i++) out[i]! += dj[i]! * p;
    }
  }

  /**
   * Simplified (chord) Newton iteration on the corrector with the factorisation in place.
   * Convergence test of CVODE (Hindmarsh et al., ACM TOMS 31, 363 (2005),
   * doi:10.1145/1089014.1089020): the contraction rate is carried over from earlier steps
   * (reset when the matrix is refactored), so a step can converge after one iteration:
   * converged when |dy| min(1, rate) <= tol; diverging when |dy| > 2 |dy_prev|.
   */
  private newton(tNew: number, yPredict: Float64Array, c: number, tol: number): { converged: boolean; iterations: number } {
    const { sys, n, psi, dNew, yNew, dy, f, scale } = this;
    const mass = sys.mass;
    dNew.fill(0);
    yNew.set(yPredict);
    let dyNormOld = -1;
    for (let k = 0; k < NEWTON_MAXITER; k++) {
      this.stats.rhsEvaluations++;
      this.stats.newtonIterations++;
      if (!sys.rhs(tNew, yNew, f)) return { converged: false, iterations: k + 1 };
      for (let i = 0; i < n; i++) {
        const m = mass[i]!;
        dy[i] = m > 0 ? c * f[i]! - m * (psi[i]! + dNew[i]!) : f[i]!;
      }
      sys.solve(dy);
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const r = dy[i]! / scale[i]!;
        s2 += r * r;
      }
      const dyNorm = Math.sqrt(s2 / n);
      if (!Number.isFinite(dyNorm)) return { converged: false, iterations: k + 1 };
      if (dyNormOld >= 0) {
        if (dyNorm > 2 * dyNormOld) return { converged: false, iterations: k + 1 };
        this.crate = Math.max(CRATE_DOWN * this.crate, dyNormOld > 0 ? dyNorm / dyNormOld : 0);
      }
      for (let i = 0; i < n; i++) {
        yNew[i]! += dy[i]!;
        dNew[i]! += dy[i]!;
      }
      if (dyNorm * Math.min(1, this.crate) <= tol) return { converged: true, iterations: k + 1 };
      dyNormOld = dyNorm;
    }
    return { converged: false, iterations: NEWTON_MAXITER };
  }

  /**
   * Takes one accepted step, not past tBound.
   *
   * Linear algebra reuse (as in BDF codes such as CVODE / ode15s): the Jacobian is kept
   * across steps and re-evaluated only after a Newton failure; the matrix M - c J is
   * refactored when c = h / alpha changes. After a failure with a stale Jacobian the same step
   * is retried with a fresh one; after a failure with a fresh Jacobian the step is cut by 4
   * and the Jacobian re-evaluated at the new predictor.
   * @throws NdfFailure when the step size underflows or the step budget is exhausted
   */
  step(tBound: number): void {
    const { sys, opts, n } = this;
    const eps = Number.EPSILON;
    const minStep = 10 * eps * Math.max(Math.abs(this.t), 1);
    if (this.hAbs > opts.maxStep) {
      this.changeD(opts.maxStep / this.hAbs);
      this.hAbs = opts.maxStep;
      this.nEqualSteps = 0;
    }
    const newtonTol = opts.newtonTolerance;
    // True once the Jacobian has been evaluated during this call (at a predictor of this step).
    let currentJac = false;
    // Error-test failures of this call and the last failing error norm (stagnation detection).
    let errorFailures = 0;
    let lastErrorNorm = Infinity;
    // Step size to resume with after a consistency repair (NaN: no repair pending).
    let repairResumeH = Number.NaN;
    const yPredict = this.tmp;
    for (;;) {
      if (this.stats.steps + this.stats.rejected >= opts.maxSteps) throw new NdfFailure(`step budget of ${opts.maxSteps} exhausted`, this.t, this.stats.steps);
      if (this.hAbs < minStep) throw new NdfFailure(`step size ${this.hAbs.toExponential(2)} s below the minimum`, this.t, this.stats.steps);
      let tNew = this.t + this.hAbs;
      if (tNew >= tBound) {
        tNew = tBound;
        const factor = (tNew - this.t) / this.hAbs;
        if (factor !== 1) {
          this.changeD(factor);
          this.nEqualSteps = 0;
        }
        this.hAbs = tNew - this.t;
      }
      const h = this.hAbs;
      const order = this.order;
      yPredict.fill(0);
      for (let j = 0; j <= order; j++) {
        const dj = this.d[j]!;
        for (let i = 0; i < n; i++) yPredict[i]! += dj[i]!;
      }
      for (let i = 0; i < n; i++) this.scale[i] = opts.atol[i]! + opts.rtol * Math.abs(yPredict[i]!);
      this.psi.fill(0);
      for (let j = 1; j <= order; j++) {
        const g = GAMMA[j]!;
        const dj = this.d[j]!;
        for (let i = 0; i < n; i++) this.psi[i]! += g * dj[i]!;
      }
      const al = ALPHA[order]!;
      for (let i = 0; i < n; i++) this.psi[i]! /= al;
      const c = h / al;
      if (this.jacobianStale) {
        sys.jacobian(tNew, yPredict);
        this.stats.jacobianEvaluations++;
        this.jacobianStale = false;
        this.factored = false;
        currentJac = true;
      }
      let converged = false;
      let iterations = 0;
      if (!this.factored || this.factorC !== c) {
        this.stats.factorizations++;
        this.factored = sys.factor(c);
        this.factorC = c;
        this.crate = 1;
      }
      if (this.factored) {
        const res = this.newton(tNew, yPredict, c, newtonTol);
        converged = res.converged && sys.admissible(this.yNew);
        iterations = res.iterations;
      }
      if (!converged) {
        this.stats.rejected++;
        if (!currentJac) {
          // Retry the same step with a Jacobian at this predictor.
          this.jacobianStale = true;
          continue;
        }
        this.hAbs *= NEWTON_FAIL_FACTOR;
        this.changeD(NEWTON_FAIL_FACTOR);
        this.nEqualSteps = 0;
        this.jacobianStale = true;
        currentJac = false;
        continue;
      }
      // Slow contraction: refresh the Jacobian for the next step.
      if (this.crate > JAC_RATE && !currentJac) this.jacobianStale = true;
      if (!Number.isNaN(repairResumeH)) {
        // yNew holds the constraint solution a tiny step ahead: repair and resume.
        this.hAbs = repairResumeH;
        this.restartConsistent();
        repairResumeH = Number.NaN;
        errorFailures = 0;
        lastErrorNorm = Infinity;
        currentJac = false;
        continue;
      }
      const safety = (0.9 * (2 * NEWTON_MAXITER + 1)) / (2 * NEWTON_MAXITER + iterations);
      for (let i = 0; i < n; i++) this.scale[i] = opts.atol[i]! + opts.rtol * Math.abs(this.yNew[i]!);
      const ec = ERROR_CONST[order]!;
      for (let i = 0; i < n; i++) this.dy[i] = ec * this.dNew[i]!;
      const errorNorm = rmsNorm(this.dy, this.scale);
      if (errorNorm > 1) {
        this.stats.rejected++;
        errorFailures++;
        if (Number.isNaN(repairResumeH) && errorFailures >= STAGNATION_FAILURES && errorNorm > STAGNATION_RATIO * lastErrorNorm) {
          // The error estimate does not shrink with h: the algebraic unknowns of the last
          // accepted state are off their constraint (a chord Newton solve accepted on the
          // carried-over contraction rate can leave them so), and every corrector jumps back
          // onto it. Solve one corrector over a tiny step (differential unknowns unchanged to
          // O(h)), take its algebraic values as those at t and restart at order 1.
          repairResumeH = this.hAbs * Math.max(MIN_FACTOR, safety * errorNorm ** (-1 / (order + 1)));
          const tiny = Math.max(REPAIR_STEP_FRACTION * this.hAbs, 100 * minStep);
          this.changeD(tiny / this.hAbs);
          this.hAbs = tiny;
          this.nEqualSteps = 0;
          continue;
        }
        lastErrorNorm = errorNorm;
        const factor = Math.max(MIN_FACTOR, safety * errorNorm ** (-1 / (order + 1)));
        this.hAbs *= factor;
        this.changeD(factor);
        this.nEqualSteps = 0;
        continue;
      }
      // Accept.
      this.stats.steps++;
      this.nEqualSteps++;
      this.t = tNew;
      const d = this.d;
      const dN = this.dNew;
      const top = d[order + 2]!;
      const nxt = d[order + 1]!;
      for (let i = 0; i < n; i++) {
        top[i] = dN[i]! - nxt[i]!;
        nxt[i] = dN[i]!;
      }
      for (let j = order; j >= 0; j--) {
        const dj = d[j]!;
        const dj1 = d[j + 1]!;
        for (let i = 0; i < n; i++) dj[i]! += dj1[i]!;
      }
      if (this.nEqualSteps < order + 1) return;
      let errM = Infinity;
      let errP = Infinity;
      if (order > 1) {
        const e = ERROR_CONST[order - 1]!;
        for (let i = 0; i < n; i++) this.dy[i] = e * d[order]![i]!;
        errM = rmsNorm(this.dy, this.scale);
      }
      if (order < MAX_ORDER) {
        const e = ERROR_CONST[order + 1]!;
        for (let i = 0; i < n; i++) this.dy[i] = e * d[order + 2]![i]!;
        errP = rmsNorm(this.dy, this.scale);
      }
      const norms = [errM, errorNorm, errP];
      let best = -1;
      let bestFactor = -Infinity;
      for (let q = 0; q < 3; q++) {
        const nv = norms[q]!;
        const fct = nv === 0 ? Infinity : nv ** (-1 / (order + q));
        if (fct > bestFactor) {
          bestFactor = fct;
          best = q;
        }
      }
      this.order = order + best - 1;
      const factor = Math.min(MAX_FACTOR, safety * bestFactor);
      this.hAbs *= factor;
      this.changeD(factor);
      this.nEqualSteps = 0;
      return;
    }
  }

  /**
   * Integrates to tEnd or the first event, calling onSample for each requested sample time.
   * @param tEnd - end time
   * @param events - events that stop the run
   * @param samples - sorted sample times; onSample(t, y) is called for those in (t0, stop]
   * @param onSample - receives interpolated states
   * @param onStep - called after every accepted step with the time
   */
  run(
    tEnd: number,
    events: readonly DaeEvent[],
    samples: Float64Array,
    onSample: (t: number, y: Float64Array) => void,
    onStep?: (t: number) => void,
  ): NdfOutcome {
    let sampleIndex = 0;
    while (sampleIndex < samples.length && samples[sampleIndex]! <= this.t) sampleIndex++;
    const prevY = new Float64Array(this.n);
    const yq = new Float64Array(this.n);
    let prevVals = events.map((ev) => ev.value(this.t, this.d[0]!));
    while (this.t < tEnd) {
      const tOld = this.t;
      prevY.set(this.d[0]!);
      this.step(tEnd);
      const tNew = this.t;
      // Events.
      let fired = -1;
      let tEvent = tNew;
      for (let e = 0; e < events.length; e++) {
        const ev = events[e]!;
        const v0 = prevVals[e]!;
        const v1 = ev.value(tNew, this.d[0]!);
        const crosses = (v0 < 0 && v1 >= 0 && ev.direction >= 0) || (v0 > 0 && v1 <= 0 && ev.direction <= 0);
        if (!crosses) continue;
        // Locate on the interpolant (Illinois regula falsi).
        let a = tOld;
        let b = tNew;
        let fa = v0;
        let fb = v1;
        let side = 0;
        for (let it = 0; it < 100 && b - a > 1e-12 * Math.max(1, Math.abs(b)); it++) {
          const tm = (a * fb - b * fa) / (fb - fa);
          const tc = Number.isFinite(tm) && tm > a && tm < b ? tm : 0.5 * (a + b);
          this.interpolate(tc, yq);
          const fc = ev.value(tc, yq);
          if (fc === 0) {
            a = tc;
            b = tc;
            break;
          }
          if ((fc > 0) === (fb > 0)) {
            b = tc;
            fb = fc;
            if (side === -1) fa /= 2;
            side = -1;
          } else {
            a = tc;
            fa = fc;
            if (side === 1) fb /= 2;
            side = 1;
          }
        }
        const tRoot = b;
        if (tRoot < tEvent || fired < 0) {
          tEvent = tRoot;
          fired = e;
        }
      }
      const stopAt = fired >= 0 ? tEvent : tNew;
      while (sampleIndex < samples.length && samples[sampleIndex]! <= stopAt) {
        const ts = samples[sampleIndex]!;
        if (ts === tNew && fired < 0) onSample(ts, this.d[0]!);
        else {
          this.interpolate(ts, yq);
          onSample(ts, yq);
        }
        sampleIndex++;
      }
      if (fired >= 0) {
        const y = new Float64Array(this.n);
        this.interpolate(tEvent, y);
        return { t: tEvent, y, event: events[fired]!.name };
      }
      onStep?.(tNew);
      prevVals = events.map((ev) => ev.value(tNew, this.d[0]!));
    }
    return { t: this.t, y: Float64Array.from(this.d[0]!), event: undefined };
  }
}
