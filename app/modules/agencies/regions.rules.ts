/**
 * GB/T 2260 codes nest by prefix: 320115 (江宁区) is in 320100 (南京市), which is in 320000 (江苏省).
 * A listing or an office for a region covers every region inside it.
 */
export function regionAncestors(code: string): string[] {
  const province = `${code.slice(0, 2)}0000`;
  const city = `${code.slice(0, 4)}00`;
  return [...new Set([code, city, province])];
}

export function regionContains(outer: string, inner: string): boolean {
  if (outer.endsWith("0000")) return inner.startsWith(outer.slice(0, 2));
  if (outer.endsWith("00")) return inner.startsWith(outer.slice(0, 4));
  return outer === inner;
}

/** The prefix that every code inside `code` starts with. */
export function regionPrefix(code: string): string {
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}
