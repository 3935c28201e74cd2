/**
 * `host:port` as a URL's authority writes it: an IPv6 address goes in brackets (`[::1]:8080`),
 * since `::1:8080` reads as an address, not an address and a port. A host already in brackets
 * is kept as it is.
 */
export function hostPort(host: string, port: number): string {
  const bracketed = host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
  return `${bracketed}:${port}`;
}
