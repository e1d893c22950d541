/**
 * Text a server sends back can hold the caller's own credentials: Alibaba's gateway answers a failed
 * signature with `... server string to sign is:<the string>`, and that string carries the AccessKeyId and
 * the STS SecurityToken (percent-encoded twice). Every message an adapter surfaces goes through here.
 */

/** Quoted signing material: an Alibaba string to sign, a SigV4-style canonical request. */
const SIGNING_MATERIAL = /\b(string[ _-]?to[ _-]?sign|canonical[ _-]?request)\b.*$/is;

/** Drops everything from a quoted string to sign or canonical request to the end of the text. */
export function cutSigningMaterial(text: string): string {
  return text.replace(SIGNING_MATERIAL, "$1 withheld: it holds the request's credentials");
}

/** RFC 3986 percent-encoding, as both clouds sign with it. */
const rfc3986 = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Every form a value takes in requests, signed strings and JSON bodies. */
function encodedForms(value: string): string[] {
  const once = [value, encodeURIComponent(value), rfc3986(value)];
  const twice = once.flatMap((v) => [encodeURIComponent(v), rfc3986(v)]);
  const json = JSON.stringify(value).slice(1, -1);
  const base64 = Buffer.from(value).toString("base64");
  return [...new Set([...once, ...twice, json, base64])];
}

/**
 * Replaces each credential, in every encoded form, with its name in angle brackets (`<SecurityToken>`),
 * after cutting any quoted signing material. `credentials` maps a name to its value; unset ones are skipped.
 */
export function redact(text: string, credentials: Readonly<Record<string, string | undefined>>): string {
  let out = cutSigningMaterial(text);
  const replacements = Object.entries(credentials)
    .filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1].length > 0)
    .flatMap(([name, value]) => encodedForms(value).map((form) => [form, `<${name}>`] as const))
    // Longest first: an encoded form must not be left half-replaced by a shorter one inside it.
    .sort(([a], [b]) => b.length - a.length);
  for (const [form, placeholder] of replacements) out = out.split(form).join(placeholder);
  return out;
}
