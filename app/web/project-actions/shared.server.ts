import type { AppLoadContext } from "@remix-run/node";
import type { Viewer } from "~/modules/identity/viewer";
import type { Upload } from "~/server/files.server";
import { DomainError, isDomainError } from "~/modules/errors";

/** What every intent of the project page is handed: the request's project, viewer and form. */
export interface ProjectAction {
  context: AppLoadContext;
  viewer: Viewer;
  /** The project's id, already known to be a uuid. */
  id: string;
  /** The form's text fields; its document travels apart, stored by `withDocument`. */
  form: FormData;
  /** Which of the page's forms sent it: a refusal carries it back, so that form shows it. */
  scope: string;
  /** The form's files under these field names (a bid's documents). */
  filesOf: (fields: readonly string[]) => Promise<{ field: string; upload: Upload }[]>;
  /** Stores the uploaded document (if any) for the write `run` makes, and discards it when that write fails. */
  withDocument: <T>(run: (fileId: string | null) => Promise<T>) => Promise<T>;
  /** Back to the project page, with the notice that says what happened (POST/redirect/GET). */
  back: (notice: string) => Response;
}

export type ProjectIntent = (a: ProjectAction) => Promise<unknown>;

/** The text fields of a form: its document is read apart as the upload, and a refusal echoes text only. */
export function textFields(form: FormData): FormData {
  const text = new FormData();
  for (const [name, value] of form) if (typeof value === "string") text.append(name, value);
  return text;
}

/**
 * The scope of the form that sends an intent, as the page's parts name it: the intent itself, except for
 * the forms of a list (one per question, one per objection: the row's id) and the one form whose two
 * buttons accept or return a delivery.
 */
export function scopeOf(intent: string, form: FormData): string {
  if (intent === "answer") return String(form.get("questionId") ?? "");
  if (intent === "answerObjection") return String(form.get("objectionId") ?? "");
  if (intent === "accept" || intent === "return") return "decideDelivery";
  return intent;
}

/**
 * A refusal about a field the sending form does not have — the amount a release or a refund would move,
 * refused when the owner accepts or ends a contract — is that form's own message.
 */
export function onTheForm(e: unknown): never {
  if (isDomainError(e) && e.field && e.field !== "_form") throw new DomainError(e.code, e.key, "_form", e.params, e.status);
  throw e;
}
