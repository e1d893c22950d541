import type { BaselineName, ScenarioFigure } from "../figures";

/**
 * A hand-written SVG: for each cloud and mode, the wall time of every scenario as three bars on a log
 * scale (ours, one call per member, remove then add), with the bound marked. A baseline skipped for its
 * time budget is drawn as a dashed outline at its bound, which it could not have beaten.
 */
const BAR = 9;
const GROUP_GAP = 12;
const PANEL_HEIGHT = 190;
const LEFT = 64;
const TOP = 54;
const PANEL_GAP = 58;
const COLORS = { ours: "#1f6feb", perMember: "#e36209", removeThenAdd: "#8b949e" } as const;
const LABELS = { ours: "ours", perMember: "one call per member", removeThenAdd: "remove then add" } as const;

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function renderSvg(figures: readonly ScenarioFigure[], title: string): string {
  const panels = new Map<string, ScenarioFigure[]>();
  for (const f of figures) {
    const key = `${f.cloud} (${f.mode})`;
    panels.set(key, [...(panels.get(key) ?? []), f]);
  }
  const times = figures.flatMap((f) => [
    f.wallMs,
    f.boundMs,
    ...Object.values(f.baselines).map((b) => b.wallMs ?? b.estimateMs),
  ]);
  const lowExp = Math.floor(Math.log10(Math.max(1, Math.min(...times))));
  const highExp = Math.ceil(Math.log10(Math.max(...times)));
  const most = Math.max(...[...panels.values()].map((p) => p.length));
  // At least wide enough for the title and the legend.
  const width = Math.max(860, LEFT + most * (3 * BAR + GROUP_GAP) + 24);
  const height = TOP + panels.size * (PANEL_HEIGHT + PANEL_GAP);
  const y = (value: number) =>
    PANEL_HEIGHT * (1 - (Math.log10(Math.max(value, 10 ** lowExp)) - lowExp) / (highExp - lowExp));

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${LEFT}" y="20" font-size="14" font-weight="bold">${escape(title)}</text>`,
  ];
  (["ours", "perMember", "removeThenAdd"] as const).forEach((name, i) => {
    const x = LEFT + i * 170;
    out.push(`<rect x="${x}" y="30" width="10" height="10" fill="${COLORS[name]}"/>`);
    out.push(`<text x="${x + 14}" y="39">${LABELS[name]}</text>`);
  });
  out.push(`<text x="${LEFT + 510}" y="39">▬ bound · dashed: skipped, drawn at its bound</text>`);

  [...panels.entries()].forEach(([name, rows], p) => {
    const top = TOP + p * (PANEL_HEIGHT + PANEL_GAP) + 20;
    out.push(`<g transform="translate(0 ${top})">`);
    out.push(`<text x="${LEFT}" y="-6" font-weight="bold">${escape(name)}</text>`);
    for (let e = lowExp; e <= highExp; e++) {
      const label = e < 3 ? `${10 ** e} ms` : `${10 ** (e - 3)} s`;
      out.push(`<line x1="${LEFT}" x2="${width - 16}" y1="${y(10 ** e)}" y2="${y(10 ** e)}" stroke="#eee"/>`);
      out.push(`<text x="${LEFT - 6}" y="${y(10 ** e) + 4}" text-anchor="end">${label}</text>`);
    }
    rows.forEach((f, g) => {
      const x0 = LEFT + 6 + g * (3 * BAR + GROUP_GAP);
      const bar = (i: number, value: number, color: string, dashed: boolean) =>
        dashed
          ? `<rect x="${x0 + i * BAR}" y="${y(value)}" width="${BAR - 1}" height="${PANEL_HEIGHT - y(value)}" fill="none" stroke="${color}" stroke-dasharray="2 2"/>`
          : `<rect x="${x0 + i * BAR}" y="${y(value)}" width="${BAR - 1}" height="${PANEL_HEIGHT - y(value)}" fill="${color}"/>`;
      out.push(bar(0, f.wallMs, COLORS.ours, false));
      (["perMember", "removeThenAdd"] as BaselineName[]).forEach((b, i) => {
        const run = f.baselines[b];
        out.push(bar(i + 1, run.wallMs ?? run.estimateMs, COLORS[b], run.wallMs === undefined));
      });
      out.push(
        `<line x1="${x0 - 1}" x2="${x0 + BAR}" y1="${y(f.boundMs)}" y2="${y(f.boundMs)}" stroke="#000" stroke-width="2"/>`,
      );
      const label = `${f.scenario[0]}${f.members}`;
      out.push(
        `<text x="${x0 + 1.5 * BAR}" y="${PANEL_HEIGHT + 12}" text-anchor="middle" font-size="9">${label}</text>`,
      );
    });
    out.push(
      `<text x="${LEFT}" y="${PANEL_HEIGHT + 26}" font-size="9" fill="#555">c: create, u: mixed update, d: delete; number: N</text>`,
    );
    out.push(`</g>`);
  });
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}
