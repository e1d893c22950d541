import type { ScenarioFigure } from "./figures";

/** The wall-time target: at most 20% above the bound. */
export const WALL_TARGET = 1.2;

/** Why a scenario misses a target or went wrong; empty when it meets all of them. */
export function misses(figure: ScenarioFigure): string[] {
  const found: string[] = [];
  // Calls are integers: anything but the exact minimum is a miss, in either direction.
  if (figure.calls !== figure.minCalls) found.push(`calls ${figure.calls} ≠ minimum ${figure.minCalls}`);
  // Judged on the figure as printed (two decimals), so that a reported 1.20x is never called a miss.
  if (Number(figure.wallRatio.toFixed(2)) > WALL_TARGET)
    found.push(`wall ${figure.wallRatio.toFixed(2)}x bound > ${WALL_TARGET.toFixed(1)}x`);
  found.push(...figure.problems);
  return found;
}

export const describeScenario = (f: ScenarioFigure): string =>
  `${f.cloud} ${f.mode} ${f.scenario} N=${f.members}`;
