import { demoCreditCode } from "#db/seed/demo";
import type { SignUpInput } from "~/modules/identity/accounts.schema";

let serial = 1000;

/** A sign-up with a fresh valid USCC and e-mail. */
export function signUpInput(over: Partial<SignUpInput> = {}): SignUpInput {
  serial += 1;
  return {
    kind: "agency",
    ownerType: null,
    orgName: `测试中介机构${serial}有限公司`,
    creditCode: demoCreditCode("320100", serial + Math.floor(Math.random() * 1e6)),
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
