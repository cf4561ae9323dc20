import type { FieldErrors } from "~/lib/forms";
import type { getProjectPage } from "~/modules/procurement/project-view.server";

/** What the project page's loader read for this viewer. */
export type ProjectPageData = NonNullable<Awaited<ReturnType<typeof getProjectPage>>>;
export type ProjectView = ProjectPageData["view"];

/** The last form's answer, as the sections show it: messages by field, and the values a message names. */
export interface FormAnswer {
  errors: FieldErrors;
  params: Record<string, string | number>;
}
