/**
 * The credit pledge (信用承诺) an agency signs when it lists itself, shown on its public profile.
 * Seed 004 item 8 asks for public credit pledges; seed 003 for service pledges and honest records.
 * A new wording gets a new version; agencies keep the version they signed.
 */
export const CURRENT_PLEDGE_VERSION = "2026-11";

export const PLEDGES: Record<string, { zh: string; en: string }> = {
  "2026-11": {
    zh: "本机构郑重承诺：所提交的登记信息、资质证明和执业记录真实、准确、完整；严格执行公开的收费标准，不超标准收费、不变相收费；在承诺时限内完成服务；不围标串标、不弄虚作假、不以不正当手段承揽业务；接受监管部门和社会监督，自愿接受失信惩戒。如有违反，愿承担相应法律责任。",
    en: "We solemnly pledge that the registration data, qualifications and practice records we submit are true, accurate and complete; that we charge no more than our published fee standard, openly or in disguise; that we complete our services within the committed time; that we never rig bids, falsify documents or win work by improper means; and that we accept supervision by the regulators and the public and the sanctions for any breach of trust. We bear the legal responsibility for any violation.",
  },
};
