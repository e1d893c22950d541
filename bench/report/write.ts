import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Extras, ScenarioFigure } from "../figures";
import { renderSvg } from "./svg";
import { coldStartTable, memoryLine, overheadTable, plannerTable, scenarioTable } from "./tables";

export const RESULTS_DIR = join(__dirname, "..", "results");

/** Written beside and then renamed, so a run that is stopped midway never leaves half a file. */
function writeAtomically(name: string, text: string): string {
  const path = join(RESULTS_DIR, name);
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
  return path;
}

/**
 * <name>.json: the scenario objects; <name>-extras.json: planner, Pulumi overhead, memory and the run's
 * conditions; <name>.svg: the chart; <name>.md: every table in Markdown, for the README. The full run
 * writes `latest`, the --quick check `quick`, so a CI check never replaces the published figures.
 */
export function writeResults(
  name: "latest" | "quick",
  figures: readonly ScenarioFigure[],
  extras: Extras,
  title: string,
): string[] {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const markdown = [
    `<!-- ${title} -->`,
    scenarioTable(figures, "markdown"),
    plannerTable(extras, "markdown"),
    overheadTable(extras, "markdown"),
    coldStartTable(extras, "markdown"),
    memoryLine(extras),
  ].join("\n\n");
  return [
    writeAtomically(`${name}.json`, `${JSON.stringify(figures, null, 2)}\n`),
    writeAtomically(`${name}-extras.json`, `${JSON.stringify(extras, null, 2)}\n`),
    writeAtomically(`${name}.svg`, renderSvg(figures, title)),
    writeAtomically(`${name}.md`, `${markdown}\n`),
  ];
}
