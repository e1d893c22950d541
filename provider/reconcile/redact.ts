/**
 * Text a server sends back can hold the caller's own credentials: Alibaba's gateway answers a failed
 * signature with `... server string to sign is:<the string>`, and that string carries the AccessKeyId and
 * the STS SecurityToken (percent-encoded twice). Every message an adapter surfaces goes through here, and
 * every string of a Huawei answer's body.
 *
 * The cost is one scan per string: the encoded forms of a set of credentials are computed once, into one
 * precompiled alternation (the longest forms aside), and a string none of them occurs in is returned as it
 * is. Only a string that holds one pays for the replacement.
 */

/** Quoted signing material: an Alibaba string to sign, a SigV4-style canonical request. */
const SIGNING_MATERIAL = /\b(string[ _-]?to[ _-]?sign|canonical[ _-]?request)\b.*$/is;

/** The length of the shortest text SIGNING_MATERIAL matches: `stringtosign`. */
const SHORTEST_SIGNING_MARK = 12;

/** Drops everything from a quoted string to sign or canonical request to the end of the text. */
export function cutSigningMaterial(text: string): string {
  return text.replace(SIGNING_MATERIAL, "$1 withheld: it holds the request's credentials");
}

/** RFC 3986 percent-encoding, as both clouds sign with it. */
const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Every form a value takes in requests, signed strings, JSON bodies and encoded blobs: raw, URL and RFC 3986
 * encoded once and twice (Alibaba's string to sign holds the token encoded twice), form-encoded, JSON
 * escaped, base64, base64url and hex. A superset of what the leak scans look for (harness/secretForms.ts).
 */
function encodedForms(value: string): string[] {
  const once = [value, encodeURIComponent(value), rfc3986(value)];
  const twice = once.flatMap((v) => [encodeURIComponent(v), rfc3986(v)]);
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  const json = JSON.stringify(value).slice(1, -1);
  const bytes = Buffer.from(value);
  const binary = [bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex")];
  return [...new Set([...once, ...twice, form, json, ...binary])];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * A pattern made of credentials, compiled. V8's own error (a pattern too large, say) quotes the pattern,
 * credentials and all: it never leaves here, only a message that quotes nothing.
 */
function compiled(pattern: string, flags?: string): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch {
    throw new Error("credential scrubbing: the credentials' forms could not be compiled into one pattern");
  }
}

type Credentials = Readonly<Record<string, string | undefined>>;
/** `scrub` a text; `holds`: whether scrubbing would change it (any form, or quoted signing material). */
type Scrubber = { scrub: (text: string) => string; holds: (text: string) => boolean };

/**
 * Forms longer than this stay out of the one pattern (V8 refuses a pattern of some tens of thousands of
 * characters, and an STS token's forms together come near): each is looked for on its own, and only in the
 * rare text at least as long.
 */
const IN_PATTERN = 128;

/** Every occurrence of every form in `text`: [from, to, name], by where it starts, the longest first. */
function occurrences(text: string, nameOf: ReadonlyMap<string, string>): [number, number, string][] {
  const found: [number, number, string][] = [];
  for (const [form, name] of nameOf)
    for (let at = text.indexOf(form); at >= 0; at = text.indexOf(form, at + 1))
      found.push([at, at + form.length, name]);
  return found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
}

/**
 * The scrubber of one set of credentials: each credential, in every encoded form, replaced with its name in
 * angle brackets (`<SecurityToken>`), after any quoted signing material is cut. Where occurrences overlap
 * (one credential's form running into another's), the whole stretch they cover goes, named by each.
 */
function scrubberOf(credentials: Credentials): Scrubber {
  const nameOf = new Map<string, string>();
  for (const [name, value] of Object.entries(credentials))
    if (typeof value === "string" && value.length > 0)
      for (const form of encodedForms(value)) if (!nameOf.has(form)) nameOf.set(form, name);
  if (nameOf.size === 0) return { scrub: cutSigningMaterial, holds: (text) => SIGNING_MATERIAL.test(text) };
  const forms = [...nameOf.keys()];
  const short = forms.filter((form) => form.length <= IN_PATTERN);
  const long = forms.filter((form) => form.length > IN_PATTERN);
  const pattern = short.length > 0 ? compiled(short.map(escapeRegExp).join("|")) : undefined;
  const holdsAny = (text: string) =>
    pattern?.test(text) === true || long.some((form) => text.length >= form.length && text.includes(form));
  // Most strings of an answer (statuses, ids, dates) are too short to hold anything.
  const shortest = Math.min(SHORTEST_SIGNING_MARK, ...forms.map((form) => form.length));
  const holds = (text: string) => text.length >= shortest && (SIGNING_MATERIAL.test(text) || holdsAny(text));
  const scrub = (text: string) => {
    if (text.length < shortest) return text;
    const cut = SIGNING_MATERIAL.test(text) ? cutSigningMaterial(text) : text;
    if (!holdsAny(cut)) return cut;
    const stretches: { from: number; to: number; names: string[] }[] = [];
    for (const [from, to, name] of occurrences(cut, nameOf)) {
      const last = stretches.at(-1);
      if (!last || from > last.to) stretches.push({ from, to, names: [name] });
      else if (to > last.to) {
        // Runs past the stretch: named too. One inside it (a shorter form where a longer one is) is not.
        last.to = to;
        if (!last.names.includes(name)) last.names.push(name);
      }
    }
    let [out, at] = ["", 0];
    for (const { from, to, names } of stretches) {
      out += cut.slice(at, from) + names.map((n) => `<${n}>`).join("");
      at = to;
    }
    return out + cut.slice(at);
  };
  return { scrub, holds };
}

/**
 * Scrubbers by the credentials' names and values: every resource's adapter hands its own object over, and
 * a deployment's resources mostly share one set. The last few sets only: a process seldom holds more.
 */
const scrubbers = new Map<string, Scrubber>();
const KEPT_SCRUBBERS = 8;

function scrubberFor(credentials: Credentials): Scrubber {
  const key = JSON.stringify(Object.entries(credentials));
  let scrub = scrubbers.get(key);
  if (scrub === undefined) {
    scrub = scrubberOf(credentials);
    if (scrubbers.size >= KEPT_SCRUBBERS) scrubbers.delete(scrubbers.keys().next().value!);
  } else scrubbers.delete(key); // kept as the most recent below
  scrubbers.set(key, scrub);
  return scrub;
}

/** Long enough for every check a scrubber makes to run its pattern. */
const WARMING_TEXT = "-".repeat(256);

/**
 * Makes the scrubber of `credentials` now, and runs its patterns once on a short text: V8 runs a new
 * pattern's first search in its interpreter and compiles it for the next, so a first answer of 600 kB
 * scanned by a cold pattern costs about 0.5 ms more. For a time when nothing waits on it (a request is
 * out): what follows is then scrubbed as before, only sooner.
 */
export function warmScrubbing(credentials: Credentials): void {
  try {
    scrubberFor(credentials).holds(WARMING_TEXT);
  } catch {
    // Scrubbing itself reports it, where an answer needs it.
  }
}

/**
 * `text` with each credential, in every encoded form, replaced with its name in angle brackets
 * (`<SecurityToken>`), after cutting any quoted signing material. `credentials` maps a name to its value;
 * unset ones are skipped. The forms are computed once per set of credentials.
 */
export function redact(text: string, credentials: Credentials): string {
  return scrubberFor(credentials).scrub(text);
}

/**
 * `value` with every string in it redacted, at any depth (keys are the API's field names, never a
 * server's text). What holds no credential is returned as it is, not copied.
 */
export function redactStrings<T>(value: T, credentials: Credentials): T {
  const { scrub } = scrubberFor(credentials);
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return scrub(v);
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const next = walk(v[i]);
        if (next !== v[i]) (copy ??= [...v])[i] = next;
      }
      return copy ?? v;
    }
    let copy: Record<string, unknown> | undefined;
    const object = v as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      const next = walk(object[key]);
      if (next !== object[key]) (copy ??= { ...object })[key] = next;
    }
    return copy ?? v;
  };
  return walk(value) as T;
}

/**
 * `parsed`, the value `JSON.parse(json)` returned, with every string in it redacted, as `redactStrings` does;
 * decided by one scan of the text where it can be. A text without a backslash has no escape: every string
 * of the value is in it character for character, between quotes (non-word characters, as the start and end
 * of a text are to the signing marks' word boundaries). What occurs in no part of the text occurs in no
 * string of the value, so a text in which no form of a credential and no signing material occurs is
 * returned without walking the value. Any other text (an escape, or something found) has each string of the
 * value scrubbed, as `redactStrings` does.
 */
export function redactParsed<T>(json: string, parsed: T, credentials: Credentials): T {
  if (!json.includes("\\") && !scrubberFor(credentials).holds(json)) return parsed;
  return redactStrings(parsed, credentials);
}
