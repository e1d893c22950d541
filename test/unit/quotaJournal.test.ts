/**
 * The quota journal's files, against a local user who plants links or opens up directories: everything it
 * writes stays in a directory private to the user, created 0700, with files created 0600 and never reached
 * through a link; where that cannot be had, the process paces without it and says so once.
 *
 * What another local user could do is simulated as far as one user can: links planted where the journal
 * writes, a directory anyone may write, and a directory owned by someone else (by telling the journal it
 * runs as another user).
 */
import {
  chmodSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { journaledWindows } from "../../provider/reconcile/pacing";
import { fileJournal, journalDirs, type JournalOptions } from "../../provider/reconcile/quotaJournal";
import { RunShared } from "../../provider/reconcile/runShared";

const SCOPE = "https://elb.example.test HWJOURNALKEY0001";
const T0 = 1_700_000_000_000;

let root: string;
let warnings: string[];
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "quota-journal-"));
  warnings = [];
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

const journal = (dir: string, options: JournalOptions = {}) =>
  fileJournal({ dirs: [dir], warn: (line) => warnings.push(line), ...options });
const mode = (path: string) => lstatSync(path).mode & 0o777;
/** The name the journal gives SCOPE's file, found by recording once in a scratch directory. */
function fileName(): string {
  const scratch = join(root, "scratch", "j");
  journal(scratch).record(SCOPE, T0);
  const [name] = readdirSync(scratch);
  return name;
}
/** Records `n` answers one millisecond apart, from `from`. */
function recordMany(j: ReturnType<typeof journal>, n: number, from = T0) {
  for (let i = 0; i < n; i++) j.record(SCOPE, from + i);
}
/** Enough 14-byte lines to pass the 64 KB at which the journal compacts. */
const PAST_COMPACTION = 5000;

describe("where the quota journal lives", () => {
  it("is the user's cache directory ($XDG_CACHE_HOME when absolute, else ~/.cache), then a temporary directory named for the user", () => {
    expect(journalDirs({ XDG_CACHE_HOME: "/xdg/cache" }, "/home/u", "/tmp", 1000)).toEqual([
      "/xdg/cache/pulumi-backend-servers/quota-journal",
      "/tmp/pulumi-backend-servers-1000/quota-journal",
    ]);
    // The XDG spec says a relative path is invalid and is to be ignored.
    expect(journalDirs({ XDG_CACHE_HOME: "cache" }, "/home/u", "/tmp", 1000)[0]).toBe(
      "/home/u/.cache/pulumi-backend-servers/quota-journal",
    );
    expect(journalDirs({}, "/home/u", "/tmp", 1000)[0]).toBe(
      "/home/u/.cache/pulumi-backend-servers/quota-journal",
    );
  });

  it("creates its directories 0700 and its files 0600, and reads back what it wrote", () => {
    const dir = join(root, "cache", "pulumi-backend-servers", "quota-journal");
    const j = journal(dir);
    j.record(SCOPE, T0);
    j.record(SCOPE, T0 + 5);
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(root, "cache", "pulumi-backend-servers"))).toBe(0o700);
    const [name] = readdirSync(dir);
    expect(mode(join(dir, name))).toBe(0o600);
    expect(j.since(SCOPE, T0, T0 + 10)).toEqual([T0, T0 + 5]);
    expect(warnings).toEqual([]);
  });

  it("takes the next candidate when the first is not private, without a warning", () => {
    const planted = join(root, "planted");
    mkdirSync(join(planted, "real"), { recursive: true });
    symlinkSync(join(planted, "real"), join(planted, "quota-journal"));
    const fallback = join(root, "user-tmp", "quota-journal");
    const j = fileJournal({
      dirs: [join(planted, "quota-journal"), fallback],
      warn: (l) => warnings.push(l),
    });
    j.record(SCOPE, T0);
    expect(readdirSync(join(planted, "real"))).toEqual([]);
    expect(readdirSync(fallback)).toHaveLength(1);
    expect(warnings).toEqual([]);
  });
});

describe("a link planted where the journal writes", () => {
  it("is never followed, however much is recorded: the file it points to stays as it was", () => {
    const dir = join(root, "journal");
    const victim = join(root, "victim");
    writeFileSync(victim, "someone else's file\n");
    const name = fileName();
    mkdirSync(dir, { mode: 0o700 });
    symlinkSync(victim, join(dir, name));

    const j = journal(dir);
    recordMany(j, PAST_COMPACTION);
    expect(readFileSync(victim, "utf8")).toBe("someone else's file\n");
    expect(j.since(SCOPE, 0, T0 + PAST_COMPACTION)).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^pulumi-backend-servers: the quota journal is not used \(.*symbolic link/);
    expect(warnings[0]).toContain("paces its calls from its own calls only");
  });

  it("planted in place of a journal in use, just before it compacts, is replaced by nothing and followed by nothing", () => {
    const dir = join(root, "journal");
    const victim = join(root, "victim");
    writeFileSync(victim, "someone else's file\n");
    recordMany(journal(dir), PAST_COMPACTION - 400); // just under 64 KB
    const [name] = readdirSync(dir);
    unlinkSync(join(dir, name));
    symlinkSync(victim, join(dir, name));

    const j = journal(dir);
    recordMany(j, 1000, T0 + PAST_COMPACTION);
    expect(readFileSync(victim, "utf8")).toBe("someone else's file\n");
    expect(lstatSync(join(dir, name)).isSymbolicLink()).toBe(true);
    expect(warnings).toHaveLength(1);
  });

  it("planted in place of a journal this very journal has open is followed by nothing: it stops, and says so", () => {
    const dir = join(root, "journal");
    const victim = join(root, "victim");
    writeFileSync(victim, "someone else's file\n");
    const j = journal(dir);
    j.record(SCOPE, T0); // its file now open for the next answer
    const [name] = readdirSync(dir);
    unlinkSync(join(dir, name));
    symlinkSync(victim, join(dir, name));
    recordMany(j, 3, T0 + 1);
    expect(readFileSync(victim, "utf8")).toBe("someone else's file\n");
    expect(j.since(SCOPE, 0, T0 + 10)).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("symbolic link");
  });

  it("renamed over by another process's compaction while open: the next answers go to the new file", () => {
    const dir = join(root, "journal");
    const j = journal(dir);
    j.record(SCOPE, T0);
    const [name] = readdirSync(dir);
    // What another process's compaction does: a new file beside it, renamed into its place.
    writeFileSync(join(dir, "other.tmp"), `${T0 - 1}\n`, { mode: 0o600 });
    renameSync(join(dir, "other.tmp"), join(dir, name));
    j.record(SCOPE, T0 + 1);
    j.record(SCOPE, T0 + 2);
    expect(readFileSync(join(dir, name), "utf8")).toBe(`${T0 - 1}\n${T0 + 1}\n${T0 + 2}\n`);
    expect(journal(dir).since(SCOPE, 0, T0 + 10)).toEqual([T0 - 1, T0 + 1, T0 + 2]);
    expect(warnings).toEqual([]);
  });

  it("compacts past 64 KB by writing a new 0600 file and renaming it into place", () => {
    const dir = join(root, "journal");
    const j = journal(dir);
    recordMany(j, 100, T0 - 3_600_000 - 1000); // older than an hour by the time compaction runs
    recordMany(j, PAST_COMPACTION);
    const [name, ...others] = readdirSync(dir);
    expect(others).toEqual([]); // no temporary file left behind
    const file = join(dir, name);
    expect(statSync(file).size).toBeLessThanOrEqual(64 * 1024);
    expect(mode(file)).toBe(0o600);
    const kept = j.since(SCOPE, 0, T0 + PAST_COMPACTION);
    expect(kept[0]).toBeGreaterThanOrEqual(T0); // the hour-old answers are gone
    expect(kept.at(-1)).toBe(T0 + PAST_COMPACTION - 1);
    // The newest 3,072 at least (more than the largest documented quota) survive every compaction.
    expect(kept.length).toBeGreaterThanOrEqual(3072);
    expect(kept).toEqual([...kept].sort((a, b) => a - b));
    expect(warnings).toEqual([]);
  });
});

describe("a journal directory that is not private", () => {
  /** Each way another user could reach the directory, set up in `dir`'s place; the journal's uid. */
  const cases: [string, (dir: string) => void, number | undefined][] = [
    [
      "a link to a directory",
      (dir) => {
        mkdirSync(`${dir}-target`, { mode: 0o700 });
        symlinkSync(`${dir}-target`, dir);
      },
      process.getuid?.(),
    ],
    ["writable by everyone", (dir) => chmodSync(mkdirDir(dir), 0o777), process.getuid?.()],
    ["writable by its group", (dir) => chmodSync(mkdirDir(dir), 0o770), process.getuid?.()],
    ["owned by another user", (dir) => mkdirDir(dir), (process.getuid?.() ?? 0) + 1],
  ];
  function mkdirDir(dir: string) {
    mkdirSync(dir, { mode: 0o700 });
    return dir;
  }

  it.each(cases)("(%s) is not used: pacing goes on without it, and says so once", (_how, plant, uid) => {
    const dir = join(root, "journal");
    plant(dir);
    const j = journal(dir, { uid });
    recordMany(j, 10);
    expect(j.since(SCOPE, 0, T0 + 10)).toEqual([]);
    j.record(`${SCOPE}-other`, T0);
    expect(j.since(`${SCOPE}-other`, 0, T0)).toEqual([]);
    expect(readdirSync(dir)).toEqual([]); // nothing written through it
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^pulumi-backend-servers: the quota journal is not used \(.+\): /);
  });

  it("nor is one whose parent is a link", () => {
    mkdirSync(join(root, "real", "journal"), { recursive: true, mode: 0o700 });
    symlinkSync(join(root, "real"), join(root, "link"));
    const j = journal(join(root, "link", "journal"));
    j.record(SCOPE, T0);
    expect(readdirSync(join(root, "real", "journal"))).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("is a symbolic link");
  });
});

describe("a plugin process whose journal cannot be used", () => {
  it("says so in one line, whichever clouds and accounts it paces", () => {
    // Both places the journal may live hold a planted link, in this test's own directories.
    const planted = (base: string, sub: string) => {
      mkdirSync(join(base, "elsewhere"), { recursive: true });
      mkdirSync(join(base, sub), { recursive: true });
      symlinkSync(join(base, "elsewhere"), join(base, sub, "quota-journal"));
    };
    planted(join(root, "cache"), "pulumi-backend-servers");
    planted(join(root, "tmp"), `pulumi-backend-servers-${process.getuid?.() ?? "user"}`);
    vi.stubEnv("XDG_CACHE_HOME", join(root, "cache"));
    vi.stubEnv("TMPDIR", join(root, "tmp"));
    const lines = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const run = new RunShared();
      const quota = { calls: 10, windowMs: 1000 };
      for (const cloud of ["CLB quota windows", "ELB quota windows"]) {
        const windows = run.get(journaledWindows(cloud));
        for (const key of ["endpoint-a KEY1", "endpoint-b KEY2"]) windows.pacerFor(key, quota);
      }
      expect(lines.mock.calls.map(([line]) => String(line))).toEqual([
        expect.stringMatching(
          /^pulumi-backend-servers: the quota journal is not used \(.+is a symbolic link.+\)/,
        ),
      ]);
      expect(readdirSync(join(root, "cache", "elsewhere"))).toEqual([]);
    } finally {
      lines.mockRestore();
      vi.unstubAllEnvs();
    }
  });
});

describe("files of scopes no longer used", () => {
  const HOUR = 3_600_000;
  const NOW = T0 + 10 * HOUR;
  /** A file `name` in `dir`, last written `ageMs` before NOW. */
  const aged = (dir: string, name: string, ageMs: number) => {
    writeFileSync(join(dir, name), `${NOW - ageMs}\n`, { mode: 0o600 });
    utimesSync(join(dir, name), (NOW - ageMs) / 1000, (NOW - ageMs) / 1000);
  };

  it("are removed once a process first uses the journal: its own names, regular files, written over an hour ago", async () => {
    const dir = join(root, "cache", "quota-journal");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(join(root, "cache"), 0o700);
    const [stale, fresh, edge] = ["a".repeat(32), "b".repeat(32), "c".repeat(32)];
    aged(dir, stale, HOUR + 1000);
    aged(dir, fresh, 5 * 60_000);
    aged(dir, edge, HOUR - 1000);
    aged(dir, `${stale}.4242.0123456789ab.tmp`, 2 * HOUR); // a compaction that died midway
    aged(dir, "notes.txt", 5 * HOUR); // not the journal's
    const old = (NOW - 5 * HOUR) / 1000;
    mkdirSync(join(dir, "d".repeat(32))); // not a file
    utimesSync(join(dir, "d".repeat(32)), old, old);
    const outside = join(root, "outside");
    aged(root, "outside", 5 * HOUR);
    symlinkSync(outside, join(dir, "e".repeat(32))); // a link, itself old
    lutimesSync(join(dir, "e".repeat(32)), old, old);

    const j = journal(dir, { now: () => NOW });
    expect(j.since(SCOPE, NOW - 1000, NOW)).toEqual([]);
    // The call that first used the journal goes out before anything is removed.
    expect(readdirSync(dir)).toContain(stale);
    await j.swept();
    expect(readdirSync(dir).sort()).toEqual(
      ["b".repeat(32), "c".repeat(32), "d".repeat(32), "e".repeat(32), "notes.txt"].sort(),
    );
    expect(readFileSync(outside, "utf8")).toBe(`${NOW - 5 * HOUR}\n`);
    expect(warnings).toEqual([]);
  });

  it("are left alone where the journal is not used", async () => {
    const dir = join(root, "open", "quota-journal");
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, 0o777);
    aged(dir, "a".repeat(32), 2 * HOUR);
    const j = journal(dir, { now: () => NOW });
    expect(j.since(SCOPE, NOW - 1000, NOW)).toEqual([]);
    await j.swept();
    expect(readdirSync(dir)).toEqual(["a".repeat(32)]);
    expect(warnings).toEqual([expect.stringContaining("may be written by other users")]);
  });
});
