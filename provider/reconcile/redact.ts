/**
 * Text a server sends back can hold the caller's own credentials: Alibaba's gateway answers a failed
 * signature with `... server string to sign is:<the string>`, and that string carries the AccessKeyId and
 * the STS SecurityToken (percent-encoded twice). Every message an adapter surfaces goes through here, and
 * every string of a Huawei answer's body.
 *
 * The cost is one scan per string: the encoded forms of a set of credentials are computed once, into one
 * precompiled alternation, and a string none of them occurs in is returned as it is. Only a string that
 * holds one pays for the replacement.
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

type Credentials = Readonly<Record<string, string | undefined>>;
type Scrub = (text: string) => string;

/**
 * The scrubber of one set of credentials: each credential, in every encoded form, replaced with its name in
 * angle brackets (`<SecurityToken>`), after any quoted signing material is cut. Where occurrences overlap
 * (one credential's form running into another's), the whole stretch they cover goes, named by each.
 */
function scrubberOf(credentials: Credentials): Scrub {
  const nameOf = new Map<string, string>();
  for (const [name, value] of Object.entries(credentials))
    if (typeof value === "string" && value.length > 0)
      for (const form of encodedForms(value)) if (!nameOf.has(form)) nameOf.set(form, name);
  if (nameOf.size === 0) return cutSigningMaterial;
  // Longest first: where several forms start at one place, the alternation takes the longest.
  const forms = [...nameOf.keys()].sort((a, b) => b.length - a.length);
  const alternation = forms.map(escapeRegExp).join("|");
  const present = new RegExp(alternation);
  // A lookahead matches at every position a form starts, overlapping ones included: only compiled for a
  // text that holds a credential, which most never do.
  let starts: RegExp | undefined;
  // Most strings of an answer (statuses, ids, dates) are too short to hold anything.
  const shortest = Math.min(SHORTEST_SIGNING_MARK, forms.at(-1)!.length);
  return (text) => {
    if (text.length < shortest) return text;
    const cut = SIGNING_MATERIAL.test(text) ? cutSigningMaterial(text) : text;
    if (!present.test(cut)) return cut;
    const stretches: { from: number; to: number; names: string[] }[] = [];
    for (const match of cut.matchAll((starts ??= new RegExp(`(?=(${alternation}))`, "g")))) {
      const [from, form] = [match.index, match[1]];
      const [to, name, last] = [from + form.length, nameOf.get(form)!, stretches.at(-1)];
      if (last && from <= last.to) {
        last.to = Math.max(last.to, to);
        if (!last.names.includes(name)) last.names.push(name);
      } else stretches.push({ from, to, names: [name] });
    }
    let [out, at] = ["", 0];
    for (const { from, to, names } of stretches) {
      out += cut.slice(at, from) + names.map((n) => `<${n}>`).join("");
      at = to;
    }
    return out + cut.slice(at);
  };
}

/**
 * Scrubbers by the credentials' names and values: every resource's adapter hands its own object over, and
 * a deployment's resources mostly share one set. The last few sets only: a process seldom holds more.
 */
const scrubbers = new Map<string, Scrub>();
const KEPT_SCRUBBERS = 8;

function scrubberFor(credentials: Credentials): Scrub {
  const key = JSON.stringify(Object.entries(credentials));
  let scrub = scrubbers.get(key);
  if (scrub === undefined) {
    scrub = scrubberOf(credentials);
    if (scrubbers.size >= KEPT_SCRUBBERS) scrubbers.delete(scrubbers.keys().next().value!);
  } else scrubbers.delete(key); // kept as the most recent below
  scrubbers.set(key, scrub);
  return scrub;
}

/**
 * `text` with each credential, in every encoded form, replaced with its name in angle brackets
 * (`<SecurityToken>`), after cutting any quoted signing material. `credentials` maps a name to its value;
 * unset ones are skipped. The forms are computed once per set of credentials.
 */
export function redact(text: string, credentials: Credentials): string {
  return scrubberFor(credentials)(text);
}

/**
 * `value` with every string in it redacted, at any depth (keys are the API's field names, never a
 * server's text). What holds no credential is returned as it is, not copied.
 */
export function redactStrings<T>(value: T, credentials: Credentials): T {
  const scrub = scrubberFor(credentials);
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
