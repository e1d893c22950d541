/** Aligned plain-text columns for the terminal, or a Markdown table for the README. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  style: "text" | "markdown",
): string {
  // Columns holding numbers are right-aligned, so that their digits line up.
  const numeric = headers.map((_, i) => rows.some((r) => /^[-+]?\d/.test(r[i] ?? "")));
  if (style === "markdown") {
    const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
    const rule = headers.map((_, i) => (numeric[i] ? "---:" : "---"));
    return [line(headers), line(rule), ...rows.map(line)].join("\n");
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const pad = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [pad(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(pad)].join("\n");
}

/** Milliseconds as people read them: 7.3 ms, 412 ms, 4.6 s, 1.7 min. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "—";
  if (value < 10) return `${value.toFixed(1)} ms`;
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
  return `${(value / 60_000).toFixed(1)} min`;
}

export const ratio = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined || !Number.isFinite(value) ? "—" : `${value.toFixed(digits)}x`;

export const bytes = (value: number): string =>
  value < 10_000 ? `${value} B` : `${(value / 1024).toFixed(1)} KiB`;
