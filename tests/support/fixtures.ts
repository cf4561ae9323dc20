import type { SignUpInput } from "~/modules/identity/accounts.schema";
import { usccCheckChar } from "~/modules/identity/uscc";

let serial = 1000;
// Codes differ by their serial within a process (one test file, one database); the random base keeps files
// that share a database server apart. Decimal digits only: each is a valid USCC character as it is.
const codeBase = Math.floor(Math.random() * 8_000_000);

function testCreditCode(n: number): string {
  const body = `91320100MA${String(codeBase + n).padStart(7, "0")}`;
  return body + usccCheckChar(body);
}

/** A sign-up with a fresh valid USCC and e-mail. */
export function signUpInput(over: Partial<SignUpInput> = {}): SignUpInput {
  serial += 1;
  return {
    kind: "agency",
    ownerType: null,
    orgName: `测试中介机构${serial}有限公司`,
    creditCode: testCreditCode(serial),
    regionCode: "320100",
    userName: "测试用户",
    email: `user${serial}-${Math.random().toString(36).slice(2, 8)}@example.cn`,
    password: "correct horse battery",
    agency:
      (over.kind ?? "agency") === "agency"
        ? {
            legalRepresentative: "张法人",
            address: "南京市玄武区测试路 1 号",
            businessScope: "环境影响评价、环境监测技术咨询",
            contactPerson: "李联系",
            contactPhone: "025-83001234",
            contactEmail: "contact@example.cn",
            contactPublic: false,
          }
        : null,
    ...over,
  };
}
