import { isIP } from "node:net";

/**
 * One spelling per IPv6 address (lower case, zeros compressed), so `2001:DB8:0::1` and `2001:db8::1` are
 * one member on every cloud. Anything else, IPv4 or not an address at all, is returned as it is.
 */
export function canonicalIp(address: string): string {
  // A zone index (`fe80::1%eth0`) is no URL host; validation refuses it, so leave it as typed. Without a
  // colon it is no IPv6 address: isIP's pattern is not run for every IPv4 member's key.
  if (!address.includes(":") || isIP(address) !== 6 || address.includes("%")) return address;
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}
