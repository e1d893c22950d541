/**
 * When an account's recent calls were answered, kept in a small file so that the next plugin process sees
 * them. The engine starts a new plugin for every command, and `pulumi up` itself is two (its preview and
 * its update): a pacer that only knew its own process would let the update, or the next `pulumi up`,
 * start a window afresh while the server still counts the calls of the one before, and be throttled.
 *
 * The file holds answer times only, one per line, under a name that is a hash of the scope (endpoint and
 * AccessKey id), never a credential. Losing it, or two processes writing at once, costs no more than a
 * throttled call, which the adaptive share then absorbs.
 *
 * It lives in a directory private to the user: the user's cache directory, or failing that a directory of
 * the system's temporary directory named for the user. Either is created 0700 and used only when it, and
 * the directory holding it, are real directories (not links) that the user owns and nobody else may write.
 * Files are opened without following links and created 0600; compaction writes a new file beside the old
 * one and renames it into place, so nothing outside the directory is ever written. When the journal cannot
 * be used safely, the process paces from its own calls alone and says so once.
 *
 * A record is on the way from one call's answer to the next call: the file a scope appends to stays open
 * (the descriptor checked once, when opened) while its calls go on, and is closed once the journal has
 * been idle for a second. One whose name was since given to another file (another process compacted it)
 * or removed is opened again by its name, with the same checks, and the line written there.
 *
 * A scope's file is worth keeping for an hour (KEEP_MS) after its last answer. AccessKey ids change (STS
 * credentials get a new one for every session), so files of scopes that will never be used again pile up:
 * once per process, when the directory is first used, the journal files and leftover compaction files
 * of the directory that nothing has written for longer than that are removed, in the background (while the
 * first call is out), never delaying a call.
 */
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  type Stats,
  unlinkSync,
  writeSync,
} from "node:fs";
import { lstat, opendir, unlink } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { dirname, isAbsolute, join } from "node:path";

export interface QuotaJournal {
  /**
   * Answer times recorded for `scope` from `since` up to `now`, oldest first. Later ones (a clock stepped
   * back, another machine's skewed clock sharing the directory) and lines that are not a time are ignored:
   * neither may hold the pacer back.
   */
  since(scope: string, since: number, now: number): number[];
  /** Records that a call of `scope` was answered at `at`. */
  record(scope: string, at: number): void;
}

/** Past this size the file is rewritten with the recent lines only. */
const COMPACT_BYTES = 64 * 1024;
/**
 * What compaction keeps: the answers of the last hour (far longer than any documented window), at most the
 * newest 3,072 of them: more than the largest documented quota (CLB's 3,000 reads a minute), and about
 * 43 KB, so that a file full of recent answers is not rewritten again at the very next answer.
 */
const KEEP_MS = 3_600_000;
const KEEP_LINES = 3072;
/** One answer time: epoch milliseconds, digits only (no sign, exponent, hex or fraction). */
const TIME_LINE = /^\d{1,15}$/;
/** 0 where the platform has no such flag (Windows, whose links need privileges to create). */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;
/** Appending files stay open this long after the journal's last record. */
const IDLE_CLOSE_MS = 1000;
const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT;
/** The directories this process has swept (or is sweeping): once each. */
const SWEPT = new Set<string>();
/** The journal's own names: a scope's file (fileOf) and a compaction's temporary file (record). */
const JOURNAL_NAME = /^[0-9a-f]{32}(\.\d+\.[0-9a-f]{12}\.tmp)?$/;

/**
 * Where the journal may live, in order of preference: `$XDG_CACHE_HOME` (when absolute, as the XDG spec
 * requires) or `~/.cache`, then a directory of the temporary directory named for the user.
 */
export function journalDirs(
  env: Readonly<Record<string, string | undefined>>,
  home: string,
  temp: string,
  uid: number | undefined,
): string[] {
  const xdg = env.XDG_CACHE_HOME;
  const cache = xdg && isAbsolute(xdg) ? xdg : join(home, ".cache");
  return [
    join(cache, "pulumi-backend-servers", "quota-journal"),
    join(temp, `pulumi-backend-servers-${uid ?? "user"}`, "quota-journal"),
  ];
}

export interface JournalOptions {
  /** Candidate directories, first usable wins; default `journalDirs` of this process. */
  dirs?: readonly string[];
  /** Whose directories and files are trusted; default this process's user (none where POSIX ids do not exist). */
  uid?: number;
  /** Told once, when the journal turns out not to be usable safely; default stderr, which the CLI shows. */
  warn?: (line: string) => void;
  /** The time files' ages are taken against; default the wall clock. */
  now?: () => number;
}

/** A journal, and the removal of stale files its first use started (settled: done or given up). */
export interface FileJournal extends QuotaJournal {
  swept(): Promise<void>;
}

/**
 * Removes the journal's files in `dir` not written for KEEP_MS, one by one; what cannot be read or removed
 * is left. Only regular files with the journal's own names, seen without following links (a link is a
 * name in the directory, removed as any other would be, never followed).
 */
async function sweep(dir: string, now: number): Promise<void> {
  for await (const entry of await opendir(dir)) {
    if (!JOURNAL_NAME.test(entry.name)) continue;
    const path = join(dir, entry.name);
    try {
      const stats = await lstat(path);
      if (stats.isFile() && stats.mtimeMs < now - KEEP_MS) await unlink(path);
    } catch {
      // Removed meanwhile by another process's sweep, or unreadable: left as it is.
    }
  }
}

/** A journal that cannot be used safely: the reason, in words. */
class Unsafe extends Error {}

export function fileJournal(options: JournalOptions = {}): FileJournal {
  const uid = "uid" in options ? options.uid : process.getuid?.();
  const dirs = options.dirs ?? journalDirs(process.env, homedir(), tmpdir(), uid);
  const warn = options.warn ?? ((line: string) => console.error(line));
  const now = options.now ?? Date.now;
  /** The private directory in use; undefined until first use; null once the journal is given up. */
  let dir: string | null | undefined;
  /** The sweep of stale files, started once the directory is in use. */
  let swept: Promise<void> = Promise.resolve();

  /** A file or directory as `lstat` or `fstat` shows it is ours alone: owned by the user, nobody else writes. */
  const ours = (stats: Stats, what: string) => {
    if (uid !== undefined && stats.uid !== uid) throw new Unsafe(`${what} is owned by another user`);
    if (uid !== undefined && (stats.mode & 0o022) !== 0)
      throw new Unsafe(`${what} may be written by other users`);
  };
  const privateDir = (candidate: string) => {
    mkdirSync(candidate, { recursive: true, mode: 0o700 });
    // The directory and the one holding it: nobody else may rename, replace or plant files in either.
    for (const path of [dirname(candidate), candidate]) {
      const stats = lstatSync(path);
      if (stats.isSymbolicLink()) throw new Unsafe(`${path} is a symbolic link`);
      if (!stats.isDirectory()) throw new Unsafe(`${path} is not a directory`);
      ours(stats, path);
    }
    return candidate;
  };
  const usableDir = (): string | null => {
    if (dir !== undefined) return dir;
    const reasons: string[] = [];
    for (const candidate of dirs) {
      try {
        dir = privateDir(candidate);
        const at = dir;
        if (!SWEPT.has(at)) {
          SWEPT.add(at);
          // After whatever runs now: the call that first used the journal goes out before the sweep starts.
          swept = new Promise((resolve) => setImmediate(resolve)).then(() =>
            sweep(at, now()).catch(() => {}),
          );
        }
        return dir;
      } catch (error) {
        reasons.push(error instanceof Error ? error.message : String(error));
      }
    }
    return giveUp(reasons.join("; "));
  };
  /** Files open for appending, by path, and the timer that closes them once the journal is idle. */
  const appending = new Map<string, number>();
  let idle: NodeJS.Timeout | undefined;
  const forget = (file: string) => {
    const fd = appending.get(file);
    appending.delete(file);
    if (fd !== undefined) closeSync(fd);
  };
  const closeAll = () => {
    for (const file of [...appending.keys()]) forget(file);
  };
  /** Called at most once: afterwards `usableDir` answers null before anything can fail again. */
  const giveUp = (reason: string): null => {
    dir = null;
    closeAll();
    warn(
      `pulumi-backend-servers: the quota journal is not used (${reason}): this command paces its calls ` +
        `from its own calls only, and may be throttled by the calls of the command before it`,
    );
    return null;
  };
  /** Runs `use` on the journal's directory; any failure but a missing file gives the journal up. */
  const guarded = <T>(fallback: T, use: (dir: string) => T): T => {
    const at = usableDir();
    if (at === null) return fallback;
    try {
      return use(at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return fallback;
      giveUp(code === "ELOOP" ? `a journal file in ${at} is a symbolic link` : (error as Error).message);
      return fallback;
    }
  };

  const names = new Map<string, string>();
  const fileOf = (at: string, scope: string) => {
    let name = names.get(scope);
    if (name === undefined) {
      name = createHash("sha256").update(scope).digest("hex").slice(0, 32);
      names.set(scope, name);
    }
    return join(at, name);
  };
  /** Opens without following a link, and checks the file is a regular file of ours before it is used. */
  const open = (file: string, flags: number) => {
    const fd = openSync(file, flags | NO_FOLLOW, 0o600);
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) throw new Unsafe(`${file} is not a regular file`);
      ours(stats, file);
      return fd;
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  };
  const times = (file: string): number[] => {
    const fd = open(file, constants.O_RDONLY);
    try {
      return readFileSync(fd, "utf8")
        .split("\n")
        .filter((line) => TIME_LINE.test(line))
        .map(Number);
    } finally {
      closeSync(fd);
    }
  };
  /**
   * Appends `text` to `file` through its open descriptor (opened, and checked, when there is none), and
   * answers the file's size. A descriptor whose file no longer has a name (replaced by a rename, or
   * removed, since it was opened) wrote where nobody reads: the file of that name is opened and written.
   */
  const append = (file: string, text: string): number => {
    for (let fresh = false; ; fresh = true) {
      let fd = appending.get(file);
      if (fd === undefined) {
        fd = open(file, APPEND);
        appending.set(file, fd);
      }
      writeSync(fd, text);
      const stats = fstatSync(fd);
      if (stats.nlink > 0 || fresh) {
        if (idle) idle.refresh();
        else {
          idle = setTimeout(() => {
            idle = undefined;
            closeAll();
          }, IDLE_CLOSE_MS);
          idle.unref();
        }
        return stats.size;
      }
      forget(file);
    }
  };
  const write = (file: string, flags: number, text: string) => {
    const fd = open(file, flags);
    try {
      writeSync(fd, text);
      return fstatSync(fd).size;
    } finally {
      closeSync(fd);
    }
  };

  return {
    swept: () => swept,
    since(scope, since, now) {
      return guarded([], (at) =>
        times(fileOf(at, scope))
          .filter((t) => t >= since && t <= now)
          .sort((a, b) => a - b),
      );
    },
    record(scope, at) {
      guarded(undefined, (where) => {
        const file = fileOf(where, scope);
        if (append(file, `${at}\n`) <= COMPACT_BYTES) return;
        forget(file); // its name goes to the compacted file
        // A new file in the private directory, renamed over the old one: a link there is replaced, never
        // followed, and a reader sees the old file or the new one, never half of one.
        const kept = times(file)
          .filter((t) => t >= at - KEEP_MS && t <= at)
          .sort((a, b) => a - b)
          .slice(-KEEP_LINES);
        const fresh = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
        try {
          write(fresh, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, `${kept.join("\n")}\n`);
          renameSync(fresh, file);
        } catch (error) {
          try {
            unlinkSync(fresh);
          } catch {
            // Never created, or already renamed.
          }
          throw error;
        }
      });
    },
  };
}
