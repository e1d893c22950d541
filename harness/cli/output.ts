/**
 * Readers of the text the Pulumi CLI prints (colours off), so that tests assert on what a user or a
 * pull-request reviewer reads.
 */

/**
 * One resource's part of `pulumi preview --diff`: from its header line (`~ <type>: (update)`) to the next
 * resource's header, or to the `Resources:` summary.
 */
export function resourceSection(text: string, urn: string): string {
  const header = /^\s*[-+~=<>]*\s*\S+: \([\w-]+\)$/;
  const sections: string[][] = [];
  for (const line of text.split("\n")) {
    // Without a terminal the CLI prints `@ previewing update....` now and then while it works.
    if (/^@ /.test(line)) continue;
    if (header.test(line)) sections.push([line]);
    else if (/^Resources:/.test(line)) sections.push([]);
    else sections.at(-1)?.push(line);
  }
  const lines = sections.find((section) => section.some((line) => line.trim() === `[urn=${urn}]`)) ?? [];
  // After the last resource, the stack's outputs follow: they are not the resource's.
  const outputs = lines.findIndex((line) => line.trim() === "--outputs:--");
  return (outputs < 0 ? lines : lines.slice(0, outputs)).join("\n");
}

/**
 * The members of one object-valued property as `preview --diff` shows them. The CLI prints a changed
 * object property whole: each key on its own line, marked `+` (added), `-` (removed), `~` (changed, with
 * the changed fields below it marked `~`), or unmarked when the member is unchanged.
 */
export interface MemberDiff {
  added: string[];
  removed: string[];
  /** Each changed member with its changed fields, e.g. `weight: 100 => 50`. */
  changed: Record<string, string[]>;
  unchanged: string[];
  /** Every line of the property's block that carries a marker: what a reviewer's eye goes to. */
  markedLines: string[];
}

export function memberDiff(text: string, property: string): MemberDiff | undefined {
  const lines = text.split("\n");
  const head = lines.findIndex((line) => new RegExp(`^\\s*~ ${property}\\s*: \\{$`).test(line));
  if (head < 0) return undefined;
  const indent = lines[head].indexOf("~");
  const diff: MemberDiff = { added: [], removed: [], changed: {}, unchanged: [], markedLines: [] };
  let current: string | undefined;
  for (const line of lines.slice(head + 1)) {
    if (line.length <= indent + 2 || line.slice(0, indent + 3).trim() === "}") break;
    const marker = line.slice(indent + 4, indent + 6);
    const body = line.slice(indent + 6);
    if (/^[-+~ ] $/.test(marker) && body.length > 0 && body[0] !== " ") {
      if (body === "}") continue;
      // The CLI pads keys to a common width before their ": ".
      const key = body.split(/\s*: /)[0];
      if (marker[0] !== " ") diff.markedLines.push(unpadded(line));
      current = key;
      if (marker[0] === "+") diff.added.push(key);
      else if (marker[0] === "-") diff.removed.push(key);
      else if (marker[0] === "~") diff.changed[key] = [];
      else diff.unchanged.push(key);
    } else if (current !== undefined && /^\s*~ /.test(line)) {
      diff.changed[current]?.push(unpadded(line).slice(2));
      diff.markedLines.push(unpadded(line));
    }
  }
  return diff;
}

/** A line without its indentation and without the padding the CLI puts before a key's ": ". */
function unpadded(line: string): string {
  return line.trim().replace(/\s+: /, ": ");
}

/** The progress lines the provider printed (`<action> <target>: batch i/n, k servers`), in order. */
export function progressLines(text: string): string[] {
  const diagnostics = text.split("\nDiagnostics:\n")[1] ?? "";
  return diagnostics
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /: batch \d+\/\d+, \d+ servers?$/.test(line));
}

/**
 * The preview part of `pulumi up --diff` run without `--skip-preview` (CliStack.upWithPreview): what the CLI
 * prints before it asks for confirmation, up to where the update itself starts (`Updating (<stack>):`).
 */
export function previewOfUp(text: string): string {
  const start = text.search(/^Updating \(/m);
  return start < 0 ? text : text.slice(0, start);
}
