/**
 * `npm run soak [-- --quick] [--rounds N] [--seconds S] [--seed N] [--cloud NAME]`: the fault soak of
 * every cloud (or of the one named, e.g. `alicloud.ens`), bounded by rounds, and by time shared equally
 * between the clouds. Its last line is
 * `soak: <R> rounds, <F> faults, <X> retries, converged <C>/<R>, lost <L>`; it exits non-zero unless
 * every round converged, nothing was lost and no invariant was broken.
 */
import { type SoakReport, soak, summary } from "./soak";
import { soakClouds } from "./soakCloud";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const rounds = Number(arg("--rounds") ?? (quick ? 30 : 200));
  const only = arg("--cloud");
  const clouds = soakClouds.filter((cloud) => only === undefined || cloud.name === only);
  if (clouds.length === 0)
    throw new Error(`no cloud ${only}: use ${soakClouds.map((c) => c.name).join(", ")}`);
  const seconds = Number(arg("--seconds") ?? (quick ? 100 : 600)) / clouds.length;
  const seed = Number(arg("--seed") ?? Date.now() % 1_000_000);
  const reports: SoakReport[] = [];
  for (const cloud of clouds) {
    const report = await soak(cloud, { rounds, seconds, seed });
    reports.push(report);
    console.log(
      `${report.cloud} (seed ${report.seed}): ${report.rounds} rounds, ${report.faults} faults, ${report.retries} retries, converged ${report.converged}/${report.rounds}, lost ${report.lost}, ${report.jobFaults} job faults, ${report.rollouts} rollout rounds (${report.checkedRemovals} removals checked, ${report.crashes} plugins killed, ${report.refreshes} refreshes)`,
    );
    for (const violation of report.violations.slice(0, 20)) console.log(`  VIOLATION ${violation}`);
  }
  console.log(summary(reports));
  const ok = reports.every((r) => r.converged === r.rounds && r.lost === 0 && r.violations.length === 0);
  process.exit(ok ? 0 : 1);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
