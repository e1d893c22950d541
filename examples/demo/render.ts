import type { DiffLine } from "../../harness/previewDiff";

/** Renders diff lines the way `pulumi preview --diff` prints them. */
export function renderDiff(lines: DiffLine[]): string[] {
  return lines.map((line) => {
    if (line.kind === "add") return `+ ${line.path}: ${show(line.new)}`;
    if (line.kind === "delete") return `- ${line.path}: ${show(line.old)}`;
    return `~ ${line.path}: ${show(line.old)} => ${show(line.new)}`;
  });
}

function show(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

export function section(title: string): void {
  console.log(`\n=== ${title}`);
}

export function list(lines: string[], limit = 8): void {
  for (const line of lines.slice(0, limit)) console.log(`    ${line}`);
  if (lines.length > limit) console.log(`    ... and ${lines.length - limit} more`);
}
