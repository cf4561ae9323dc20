import type { getProjectPage } from "~/modules/procurement/project-view.server";

/** What the project page's loader read for this viewer. */
export type ProjectPageData = NonNullable<Awaited<ReturnType<typeof getProjectPage>>>;
export type ProjectView = ProjectPageData["view"];
