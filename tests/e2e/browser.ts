import fs from "node:fs";

/** Debian's Chromium (playwright-core never downloads a browser here). */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!fs.existsSync(path)) {
    throw new Error(`Chromium not found at ${path}. Install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH.`);
  }
  return path;
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
