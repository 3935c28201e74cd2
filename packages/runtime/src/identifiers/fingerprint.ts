/**
 * A 64-bit fingerprint of `(tag, text)`, returned as two unsigned 32-bit halves in `out`.
 * Two multiplicative lanes with a final avalanche (the cyrb53 construction, keeping all 64
 * bits). Not cryptographic: the inputs are the caller's own identifiers, not an attacker's.
 * For n distinct identifiers the chance that any two share a fingerprint is about n²/2⁶⁵
 * (3·10⁻⁶ for ten million), the price of de-duplicating in bounded memory.
 */
export function fingerprint(tag: number, text: string, out: Uint32Array): void {
  let h1 = 0xdeadbeef ^ tag;
  let h2 = 0x41c6ce57 ^ Math.imul(tag, 0x9e3779b1);
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 ^= text.length;
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = h1 >>> 0;
  out[1] = h2 >>> 0;
}
