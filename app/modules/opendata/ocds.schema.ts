import { z } from "zod";
import { FEED_DEFAULT_LIMIT, FEED_MAX_LIMIT } from "./ocds.rules";

/** The change feed's cursor and page size, from the URL. */
export const FeedQuerySchema = z.object({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(FEED_MAX_LIMIT).default(FEED_DEFAULT_LIMIT),
});
