/**
 * A new stack on a file backend with passphrase secrets, written the way `pulumi stack init
 * --secrets-provider passphrase` and `pulumi config set-all` write it, without starting the CLI twice per
 * stack (each start costs the CLI's own start and a 1,000,000-iteration PBKDF2; about 0.7 CPU-seconds per
 * stack, a few hundred stacks in the suite). What is written, from the CLI 3.248 source:
 *
 * - `<backend>/.pulumi/meta.yaml` (`version: 1`, project-scoped stacks) and
 *   `<backend>/.pulumi/stacks/<project>/<stack>.json`: the checkpoint `stack init` leaves, an empty
 *   deployment whose manifest's magic is the SHA-256 of the CLI version (pkg/resource/deploy/manifest.go
 *   NewMagic) and whose secrets provider state is the salt below; `<stack>.json.bak` is the empty
 *   checkpoint the first save wrote (pkg/backend/diy/backend.go CreateStack, then the init's save). Each
 *   blob has gocloud fileblob's `.attrs` beside it (content type and MD5), as the CLI's fileblob bucket
 *   writes it.
 * - `<PULUMI_HOME>/workspaces/<project>-<sha1 of Pulumi.yaml's path>-workspace.json`: the stack selected
 *   (pkg/workspace/workspace.go settingsPath; 0600 in a 0700 directory, four-space JSON).
 * - `Pulumi.<stack>.yaml`: `encryptionsalt: v1:<8-byte salt>:v1:<nonce>:<"pulumi" sealed>` and the config,
 *   each secret `secure: v1:<12-byte nonce>:<AES-256-GCM ciphertext and tag>`, the key PBKDF2-SHA256 of the
 *   passphrase and salt, 1,000,000 iterations, 32 bytes (pkg/secrets/passphrase/manager.go
 *   NewPassphraseSecretsManager, sdk/go/common/resource/config/crypt.go). Values are written as YAML
 *   double-quoted strings (the CLI quotes only where YAML needs it; both read back as the same string).
 *
 * The salt is random once per test process: one key derivation serves every stack of the process, as the
 * CLI's own cache serves every stack of one command. test/cli/stackFiles.cli.test.ts proves the CLI reads a
 * stack written here as it reads one it made itself.
 */
import { createCipheriv, createHash, pbkdf2, randomBytes } from "node:crypto";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const derive = promisify(pbkdf2);

export interface StackFiles {
  project: string;
  stackName: string;
  /** The project directory (holds Pulumi.yaml). */
  projectDir: string;
  /** The file backend's directory (`file://` URL). */
  backendDir: string;
  /** PULUMI_HOME. */
  home: string;
  /** The CLI's version, e.g. `v3.248.0`: it stamps the checkpoint's manifest. */
  cliVersion: string;
  passphrase: string;
  config?: Record<string, string>;
  secrets?: Record<string, string>;
}

interface Crypter {
  /** `v1:<salt>:v1:<nonce>:<ciphertext>`: the passphrase secrets manager's state. */
  state: string;
  encrypt(value: string): string;
}

const crypters = new Map<string, Promise<Crypter>>();

/** The process's crypter for `passphrase`: one salt, one derivation. */
function crypterFor(passphrase: string): Promise<Crypter> {
  let crypter = crypters.get(passphrase);
  if (crypter === undefined) {
    crypter = (async () => {
      const salt = randomBytes(8);
      const key = await derive(passphrase, salt, 1_000_000, 32, "sha256");
      const encrypt = (value: string) => {
        const nonce = randomBytes(12);
        const cipher = createCipheriv("aes-256-gcm", key, nonce);
        const sealed = Buffer.concat([cipher.update(value, "utf8"), cipher.final(), cipher.getAuthTag()]);
        return `v1:${nonce.toString("base64")}:${sealed.toString("base64")}`;
      };
      return { state: `v1:${salt.toString("base64")}:${encrypt("pulumi")}`, encrypt };
    })();
    crypters.set(passphrase, crypter);
  }
  return crypter;
}

/** A blob as gocloud's fileblob writes it: the content, and its attributes beside it. */
async function writeBlob(path: string, content: string): Promise<void> {
  await writeFile(path, content);
  const md5 = createHash("md5").update(content).digest("base64");
  const attrs = {
    "user.cache_control": "",
    "user.content_disposition": "",
    "user.content_encoding": "",
    "user.content_language": "",
    "user.content_type": "text/plain; charset=utf-8",
    "user.metadata": null,
    md5,
  };
  await writeFile(`${path}.attrs`, JSON.stringify(attrs));
}

/** Go's RFC 3339 time with its fraction's trailing zeros dropped, as encoding/json writes a time.Time. */
function goTime(date: Date): string {
  return date.toISOString().replace(/\.?0+Z$/, "Z");
}

/** Writes what `pulumi stack init --secrets-provider passphrase` and `pulumi config set-all` would. */
export async function writePassphraseStack(files: StackFiles): Promise<void> {
  const { project, stackName } = files;
  const crypter = await crypterFor(files.passphrase);
  const qualified = `organization/${project}/${stackName}`;

  const meta = join(files.backendDir, ".pulumi");
  const stacks = join(meta, "stacks", project);
  await mkdir(stacks, { recursive: true });
  await mkdir(join(meta, "locks", "organization", project, stackName), { recursive: true });
  await writeBlob(join(meta, "meta.yaml"), "version: 1\n");
  await writeBlob(
    join(stacks, `${stackName}.json.bak`),
    JSON.stringify({ version: 0, checkpoint: { stack: qualified } }),
  );
  const manifest = {
    time: goTime(new Date()),
    magic: createHash("sha256").update(files.cliVersion).digest("hex"),
    version: files.cliVersion,
  };
  const checkpoint = {
    version: 3,
    checkpoint: {
      stack: qualified,
      latest: {
        manifest,
        secrets_providers: { type: "passphrase", state: { salt: crypter.state } },
        metadata: {},
      },
    },
  };
  await writeBlob(join(stacks, `${stackName}.json`), JSON.stringify(checkpoint));

  const workspaces = join(files.home, "workspaces");
  await mkdir(workspaces, { recursive: true, mode: 0o700 });
  await chmod(workspaces, 0o700);
  const projectFile = join(files.projectDir, "Pulumi.yaml");
  const pathHash = createHash("sha1").update(projectFile).digest("hex");
  const settings = join(workspaces, `${project}-${pathHash}-workspace.json`);
  await writeFile(settings, JSON.stringify({ stack: qualified }, null, 4), { mode: 0o600 });

  const entries: [string, string][] = [
    ...Object.entries(files.config ?? {}).map(([key, value]): [string, string] => [
      key,
      `  ${JSON.stringify(key)}: ${JSON.stringify(value)}`,
    ]),
    ...Object.entries(files.secrets ?? {}).map(([key, value]): [string, string] => [
      key,
      `  ${JSON.stringify(key)}:\n    secure: ${crypter.encrypt(value)}`,
    ]),
  ].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const lines = [`encryptionsalt: ${crypter.state}`];
  if (entries.length > 0) lines.push("config:", ...entries.map(([, line]) => line));
  await writeFile(join(files.projectDir, `Pulumi.${stackName}.yaml`), `${lines.join("\n")}\n`);
}
