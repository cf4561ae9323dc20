import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DomainError } from "~/modules/errors";
import { log } from "./log.server";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export type AllowedMime = "application/pdf" | "image/jpeg" | "image/png";

/** The type of a file from its first bytes — never from its name or the browser's claim. */
export function sniffMime(bytes: Uint8Array): AllowedMime | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return "application/pdf"; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return "image/jpeg";
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  return null;
}

export interface StoredFile {
  storageKey: string;
  sha256: string;
  mime: AllowedMime;
  sizeBytes: number;
}

/** Uploaded documents, kept outside public/ under DATA_DIR/uploads and served only through a guarded route. */
export class FileStore {
  constructor(readonly dir: string) {}

  private resolve(key: string): string {
    if (!/^[0-9a-f]{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error("bad storage key");
    return path.join(this.dir, key);
  }

  async save(bytes: Uint8Array, mime: AllowedMime): Promise<StoredFile> {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const storageKey = `${sha256.slice(0, 2)}/${randomUUID()}`;
    const target = this.resolve(storageKey);
    // Write to a temporary name and rename: a crash never leaves a half-written file under the real key,
    // and a failed write (a full disk, a read-only volume) removes what it wrote and is told as such.
    const tmp = `${target}.part`;
    try {
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await fs.promises.writeFile(tmp, bytes, { flag: "wx" });
      await fs.promises.rename(tmp, target);
    } catch (e) {
      await fs.promises.rm(tmp, { force: true }).catch(() => {});
      const code = (e as { code?: string }).code ?? "";
      log.error("upload not stored", { code, err: (e as Error).message, dir: this.dir });
      throw new DomainError("file_store", "errors.file.store", "document", { code }, 503);
    }
    return { storageKey, sha256, mime, sizeBytes: bytes.byteLength };
  }

  async remove(storageKey: string): Promise<void> {
    await fs.promises.rm(this.resolve(storageKey), { force: true });
  }

  stream(storageKey: string): fs.ReadStream {
    return fs.createReadStream(this.resolve(storageKey));
  }

  async exists(storageKey: string): Promise<boolean> {
    return fs.promises.access(this.resolve(storageKey)).then(
      () => true,
      () => false,
    );
  }
}

export interface Upload {
  bytes: Uint8Array;
  name: string;
}

/** Checks an uploaded document: present, at most 10 MB, and a PDF, JPEG or PNG by its content. */
export function checkUpload(upload: Upload | null): AllowedMime {
  if (!upload || upload.bytes.byteLength === 0) throw new DomainError("file_missing", "errors.file.missing", "document");
  if (upload.bytes.byteLength > MAX_UPLOAD_BYTES) throw new DomainError("file_too_large", "errors.file.tooLarge", "document");
  const mime = sniffMime(upload.bytes);
  if (!mime) throw new DomainError("file_type", "errors.file.type", "document");
  return mime;
}
