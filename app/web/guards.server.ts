import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Viewer } from "~/modules/identity/viewer";

/** The signed-in viewer, or a redirect to the log-in page that comes back here afterwards. */
export function requireViewer(context: AppLoadContext, request: Request): Viewer {
  if (context.viewer) return context.viewer;
  const url = new URL(request.url);
  throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
}

// The three refusals a route throws itself; a module's refusals are DomainErrors (~/modules/errors).
export function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

export function badRequest(): never {
  throw new Response("Bad request", { status: 400 });
}

export function requireOrgMember(context: AppLoadContext, request: Request): Viewer & { org: NonNullable<Viewer["org"]> } {
  const viewer = requireViewer(context, request);
  if (!viewer.org) forbidden();
  return viewer as Viewer & { org: NonNullable<Viewer["org"]> };
}

export function requireOrgKind(context: AppLoadContext, request: Request, kind: "agency" | "owner" | "regulator") {
  const viewer = requireOrgMember(context, request);
  if (viewer.org.kind !== kind) forbidden();
  return viewer;
}
