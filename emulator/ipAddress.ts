// Address checks ELB applies to members ("IP as backend" must be a private IPv4 address).

function ipv4Octets(address: string): number[] | undefined {
  const parts = address.split(".");
  if (parts.length !== 4) return undefined;
  const octets = parts.map((p) => (/^(0|[1-9]\d{0,2})$/.test(p) ? Number(p) : Number.NaN));
  return octets.every((o) => o >= 0 && o <= 255) ? octets : undefined;
}

export const isIpv4 = (address: string): boolean => ipv4Octets(address) !== undefined;

/** RFC 1918 ranges: 10/8, 172.16/12, 192.168/16. */
export function isPrivateIpv4(address: string): boolean {
  const o = ipv4Octets(address);
  if (!o) return false;
  return o[0] === 10 || (o[0] === 172 && o[1] >= 16 && o[1] <= 31) || (o[0] === 192 && o[1] === 168);
}

/** Loose IPv6 shape check: hex groups and colons, optionally an embedded IPv4 tail. */
export function isIpv6(address: string): boolean {
  return (
    /^[0-9a-fA-F:]+(:\d+\.\d+\.\d+\.\d+)?$/.test(address) && address.includes(":") && address.length <= 45
  );
}

/**
 * One spelling per address, so the emulated APIs compare IPs as addresses, not as text (contract rows:
 * identity). Not an IPv6 address: returned as it is.
 */
export function canonicalIp(address: string): string {
  if (!isIpv6(address)) return address;
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address;
  }
}
