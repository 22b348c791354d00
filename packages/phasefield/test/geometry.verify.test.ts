// Long check: particle geometry changes the phase-separation pathway during galvanostatic insertion.
// A small disc (the 2D section of a nanosphere, diameter ~ 3 interface widths) and a 4:1 rectangle
// (the 1.2 x 0.3 um platelet section of the seed paper, Methods "Phase-field model") are filled at the
// same rate (mean concentration +0.002 per unit time) with the same regular-solution model (chi = 3,
// kappa = 1, M = 4 c (1 - c), dimensionless units). Expected (seed paper, Fig. 3d and text): the
// nanoparticle stays a solid solution longer and has a narrower two-phase window; the platelet phase
// separates early and keeps two phases almost to full lithiation.
import { describe, expect, it } from "vitest";
import { createGrid, createParticleDomain, simulatePhaseField } from "../src/index.js";
import type { ParticleShape } from "../src/index.js";

function lithiate(nx: number, ny: number, shape: ParticleShape) {
  const grid = createGrid({ nx, ny, lengthX: nx, lengthY: ny });
  const domain = createParticleDomain(grid, { shape, interfaceWidth: 1 });
  const fillRate = 0.002;
  const timeStep = 0.02;
  const steps = Math.round(0.9 / fillRate / timeStep);
  const result = simulatePhaseField({
    grid,
    freeEnergy: { kind: "regularSolution", chi: 3 },
    gradientCoefficient: 1,
    mobility: { kind: "cOneMinusC", value: 4 },
    initialConcentration: new Float64Array(grid.size).fill(0.03),
    timeStep,
    steps,
    recordEvery: Math.round(steps / 90),
    domain,
    surfaceFlux: (fillRate * domain.volume) / domain.area,
  });
  const onset = result.history.find((h) => h.phaseFraction > 0.05)!.meanConcentration;
  const end = [...result.history].reverse().find((h) => h.phaseFraction < 0.95)!.meanConcentration;
  return { onset, end, window: end - onset };
}

describe("geometry-dependent lithiation pathway", () => {
  it("nanodisc: later onset and narrower two-phase window than the 4:1 platelet", () => {
    const disc = lithiate(32, 32, { kind: "sphere", radius: 3 });
    const platelet = lithiate(128, 64, { kind: "box", size: [96, 24] });
    console.table({ disc, platelet });
    // measured: disc onset 0.29-0.30, window 0.42; platelet onset 0.19, window 0.74 (margins leave room for
    // changes of record spacing, not for a reversed trend)
    expect(disc.onset).toBeGreaterThan(platelet.onset + 0.05);
    expect(platelet.window).toBeGreaterThan(disc.window + 0.15);
  });
});
