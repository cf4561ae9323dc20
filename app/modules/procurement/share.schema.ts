import { z } from "zod";

const projectId = z.string().uuid("errors.notFound");

/** The office's commitment: SHA-256 of its share, 64 hex digits (made in the browser or offline). */
export const ShareCommitSchema = z.object({
  intent: z.literal("commit"),
  projectId,
  commitment: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, "share.errors.commitment"),
});

/** The office's reveal: the share itself, 64 hex digits. */
export const ShareRevealSchema = z.object({
  intent: z.literal("reveal"),
  projectId,
  share: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, "share.errors.share"),
});
