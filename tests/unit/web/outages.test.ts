import type { ServerBuild } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { answerOutages } from "~/web/unavailable.server";

/** What a lost PostgreSQL connection throws (SQLSTATE 57P01), and an error that is not an outage. */
const lost = () => Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
const bug = () => new TypeError("x is undefined");

function buildWith(loader?: () => unknown, action?: () => unknown): ServerBuild {
  return {
    routes: {
      root: { id: "root", path: "", module: { default: () => null, ...(loader ? { loader } : {}), ...(action ? { action } : {}) } },
      "routes/plain": { id: "routes/plain", parentId: "root", path: "plain", module: { default: () => null } },
    },
  } as unknown as ServerBuild;
}

async function thrown(fn: unknown): Promise<unknown> {
  try {
    await (fn as (a: unknown) => Promise<unknown>)({});
  } catch (e) {
    return e;
  }
  throw new Error("did not throw");
}

describe("a lost database connection in a loader or action answers 503", () => {
  it("a loader's outage becomes a 503 Response saying it happened while reading", async () => {
    const b = answerOutages(
      buildWith(() => {
        throw lost();
      }),
    );
    const r = (await thrown(b.routes.root!.module.loader)) as Response;
    expect(r).toBeInstanceOf(Response);
    expect(r.status).toBe(503);
    expect(r.headers.get("retry-after")).toBe("5");
    expect(r.headers.get("cache-control")).toBe("no-store");
    expect(await r.json()).toEqual({ unavailable: "read" });
  });

  it("an action's outage says it happened while writing", async () => {
    const b = answerOutages(
      buildWith(undefined, async () => {
        throw lost();
      }),
    );
    const r = (await thrown(b.routes.root!.module.action)) as Response;
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ unavailable: "write" });
  });

  it("other errors, thrown Responses and answers pass through unchanged", async () => {
    const e = bug();
    const notFound = new Response(null, { status: 404 });
    const ok = { fine: true };
    expect(
      await thrown(
        answerOutages(
          buildWith(() => {
            throw e;
          }),
        ).routes.root!.module.loader,
      ),
    ).toBe(e);
    expect(
      await thrown(
        answerOutages(
          buildWith(() => {
            throw notFound;
          }),
        ).routes.root!.module.loader,
      ),
    ).toBe(notFound);
    expect(await (answerOutages(buildWith(() => ok)).routes.root!.module.loader as (a: unknown) => Promise<unknown>)({})).toBe(ok);
  });

  it("keeps the rest of each route and wraps a build once", () => {
    const original = buildWith(() => 1);
    const b = answerOutages(original);
    expect(b.routes["routes/plain"]!.module).toEqual(original.routes["routes/plain"]!.module);
    expect(b.routes["routes/plain"]!.module.loader).toBeUndefined();
    expect(b.routes.root!.module.default).toBe(original.routes.root!.module.default);
    expect(answerOutages(original)).toBe(b);
  });
});
