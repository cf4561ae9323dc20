import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The journeys share one database, and some use the demo's records (the payments journey completes the
 * contract the authorization matrix checks as "not completed"). Vitest orders files by their last
 * durations, which differ from run to run; this order is fixed instead: the suites that expect the demo
 * as seeded first, then the journeys that move it on. Files not listed run last, by name.
 */
const ORDER = [
  "fuzz",
  "injection",
  "authz-matrix",
  "trust",
  "payments",
  "procurement",
  "agency-listing",
  "oversight",
  "shell",
  "signup",
  "login-language",
  "open-data",
];

const rank = (file: string) => {
  const name = file.replace(/^.*\//, "").replace(/\.e2e\.ts$/, "");
  const i = ORDER.indexOf(name);
  return i === -1 ? ORDER.length : i;
};

export default class JourneyOrder extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return [...files].sort((a, b) => rank(a.moduleId) - rank(b.moduleId) || a.moduleId.localeCompare(b.moduleId));
  }
}
