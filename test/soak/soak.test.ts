/**
 * The short soak that runs with `npm test`: a few rounds per cloud under heavy faults and meddling,
 * through the real plugin. `npm run soak` runs hundreds. Uses setMocks (through the programs).
 */
import { describe, expect, it } from "vitest";
import { soakClouds } from "./soakCloud";
import { soak } from "./soak";

describe("fault soak (short)", () => {
  for (const cloud of soakClouds) {
    it(`${cloud.name}: every round converges, nothing is lost, no invariant breaks`, async () => {
      const report = await soak(cloud, { rounds: 8, seconds: 60, seed: 20261122 });
      expect(report.violations).toEqual([]);
      expect(report.rounds).toBe(8);
      expect(report.converged).toBe(8);
      expect(report.lost).toBe(0);
      expect(report.faults).toBeGreaterThan(0);
      // On an asynchronous API, faults struck between a write and its completion too.
      if (cloud.completion) expect(report.jobFaults).toBeGreaterThan(0);
      // Rollout rounds ran, and the gate (where the cloud gates) and drain checks judged their removals.
      expect(report.rollouts).toBeGreaterThan(0);
      expect(report.checkedRemovals).toBeGreaterThan(0);
      // Rollout rounds whose plugin died midway, one of them refreshed before the next attempt.
      expect(report.crashes).toBeGreaterThan(0);
      expect(report.refreshes).toBeGreaterThan(0);
    }, 120_000);
  }
});
