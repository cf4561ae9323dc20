import { data, type AppLoadContext } from "@remix-run/node";
import type { FieldErrors } from "~/lib/forms";
import type { Viewer } from "~/modules/identity/viewer";

/** What every intent of the project page is handed: the request's project, viewer and form. */
export interface ProjectAction {
  context: AppLoadContext;
  viewer: Viewer;
  /** The project's id, already known to be a uuid. */
  id: string;
  form: FormData;
  /** Stores the uploaded document (if any) for the write `run` makes, and discards it when that write fails. */
  withDocument: <T>(run: (fileId: string | null) => Promise<T>) => Promise<T>;
  /** Back to the project page, with the notice that says what happened (POST/redirect/GET). */
  back: (notice: string) => Response;
}

export type ProjectIntent = (a: ProjectAction) => Promise<unknown>;

/** The field message alone, echoing nothing: these forms refill nothing, and a file cannot travel back. */
export function refused(fieldErrors: FieldErrors) {
  return data({ fieldErrors, values: {} }, { status: 400 });
}
