import type { TermCategory } from "~/modules/procurement/terms.rules";

/**
 * Term sentences as owners write them in notices, written for this project: half restrictive (with the
 * category a reviewer would file them under), half acceptable — many of those deliberately close to a
 * restrictive wording (a place, a grade, a brand "or equivalent", a refusal to restrict).
 * `item` is the catalogue item's required qualification (null: the item requires none).
 */
export interface CorpusEntry {
  text: string;
  restrictive: boolean;
  category?: TermCategory;
  item?: string | null;
}

const GEOHAZARD = "地质灾害防治单位资质（地质灾害评估和治理工程勘查设计资质，甲级或乙级）";
const LIGHTNING = "雷电防护装置检测资质（甲级或乙级）";
const SURVEY = "测绘资质证书（界线与不动产测绘专业）";

export const TERMS_CORPUS: CorpusEntry[] = [
  // ---- restrictive ----
  { text: "投标人须为宿迁市本地注册的企业。", restrictive: true, category: "localPresence" },
  { text: "注册地须在江苏省内。", restrictive: true, category: "localPresence" },
  { text: "项目负责人社保须在本市缴纳。", restrictive: true, category: "localPresence" },
  { text: "仅限已入驻本市中介库的机构参加。", restrictive: true, category: "localPresence" },
  { text: "须在宿迁市区设有分支机构或常驻办事处。", restrictive: true, category: "localPresence" },
  { text: "外地机构须在本市设立分公司后方可报名。", restrictive: true, category: "localPresence" },
  { text: "须为国有企业，且须具有甲级资质。", restrictive: true, category: "ownership" },
  { text: "国企、央企优先。", restrictive: true, category: "ownership" },
  { text: "仅限国有控股或事业单位性质的机构参与。", restrictive: true, category: "ownership" },
  { text: "参选单位应为国有独资或国有控股公司。", restrictive: true, category: "ownership" },
  { text: "注册资本不低于500万元。", restrictive: true, category: "size" },
  { text: "注册资金须达到1000万元以上。", restrictive: true, category: "size" },
  { text: "企业净资产不少于2000万元。", restrictive: true, category: "size" },
  { text: "近三年年均营业收入不低于3000万元。", restrictive: true, category: "size" },
  { text: "公司成立时间不少于5年。", restrictive: true, category: "size" },
  { text: "企业在职员工不少于100人。", restrictive: true, category: "size" },
  { text: "须具有环评甲级资质。", restrictive: true, category: "gradeBeyondItem", item: null },
  { text: "须持有甲级地质灾害评估资质。", restrictive: true, category: "gradeBeyondItem", item: GEOHAZARD },
  { text: "测绘资质须为甲级。", restrictive: true, category: "gradeBeyondItem", item: SURVEY },
  { text: "须具备建设项目环境影响评价资质证书。", restrictive: true, category: "gradeBeyondItem", item: null },
  { text: "优先选择江苏环科环境工程咨询有限公司。", restrictive: true, category: "namedParty" },
  { text: "推荐由南京华信工程咨询有限公司承担本项目。", restrictive: true, category: "namedParty" },
  { text: "须使用广联达计价软件编制预算。", restrictive: true, category: "namedParty" },
  { text: "须曾为本单位提供过同类服务。", restrictive: true, category: "namedParty" },
  { text: "近三年在宿迁有类似业绩。", restrictive: true, category: "localPerformance" },
  { text: "须具有本市类似项目业绩。", restrictive: true, category: "localPerformance" },
  { text: "在江苏省内完成过不少于3个同类项目。", restrictive: true, category: "localPerformance" },
  { text: "具有南京市区域内水土保持方案编制业绩的优先。", restrictive: true, category: "localPerformance" },
  { text: "获得过江苏省优秀工程咨询成果奖的加分。", restrictive: true, category: "localPerformance" },
  { text: "须为江苏省环境保护产业协会会员单位。", restrictive: true, category: "association" },
  { text: "参选机构须缴纳入库费2000元。", restrictive: true, category: "association" },
  { text: "须提供省工程咨询协会出具的信用等级AAA证明。", restrictive: true, category: "association" },
  { text: "须提供纳税信用A级证明。", restrictive: true, category: "unrelated" },
  { text: "项目负责人须为男性，年龄不超过45周岁。", restrictive: true, category: "unrelated" },
  { text: "须通过ISO9001质量管理体系认证。", restrictive: true, category: "unrelated" },
  { text: "中标人须免费为业主编制其他项目的申报材料。", restrictive: true, category: "unrelated" },

  // ---- acceptable ----
  { text: "投标机构需具备相应资质。", restrictive: false },
  { text: "项目所在地为宿迁市宿城区。", restrictive: false },
  { text: "具有类似项目经验。", restrictive: false },
  { text: "按国家标准编制。", restrictive: false },
  { text: "中标后3个工作日内提交工作计划。", restrictive: false },
  { text: "本项目不限投标人注册地和所有制形式。", restrictive: false },
  { text: "不得指定或变相指定中介机构，无需在本地设立分支机构。", restrictive: false },
  { text: "须具有雷电防护装置检测乙级及以上资质。", restrictive: false, item: LIGHTNING },
  { text: "须具有地质灾害评估甲级或乙级资质。", restrictive: false, item: GEOHAZARD },
  { text: "须具备测绘资质证书（界线与不动产测绘专业）。", restrictive: false, item: SURVEY },
  { text: "报告应通过宿迁市生态环境局组织的技术审查。", restrictive: false },
  { text: "本项目为国有资金投资项目，服务费由部门预算支付。", restrictive: false },
  { text: "中标机构应配备不少于3名专业技术人员。", restrictive: false },
  { text: "项目负责人须具有环境影响评价工程师职业资格。", restrictive: false },
  { text: "报价应包含专家评审费及修改完善的全部费用。", restrictive: false },
  { text: "服务期限为合同签订后60日历天。", restrictive: false },
  { text: "评审会在宿迁市召开，中标机构须派员参加。", restrictive: false },
  { text: "成果文件须加盖编制单位公章。", restrictive: false },
  { text: "未被列入失信被执行人名单和重大税收违法失信主体名单。", restrictive: false },
  { text: "欢迎省内外各类中介机构参与。", restrictive: false },
  { text: "采用AutoCAD或同等功能的软件绘图。", restrictive: false },
  { text: "提交近三年类似项目业绩合同复印件。", restrictive: false },
  { text: "注册资本不作为资格条件。", restrictive: false },
  { text: "项目位于江苏省宿迁市经济技术开发区。", restrictive: false },
  { text: "选取结果将在本市政务服务网公示。", restrictive: false },
  { text: "参照江苏省地方标准《建设项目水土保持方案技术规范》执行。", restrictive: false },
  { text: "中标人须在项目所在地开展现场调查。", restrictive: false },
  { text: "报价超过最高限价的为无效报价。", restrictive: false },
  { text: "项目负责人不得同时承担3个以上在编项目。", restrictive: false },
  { text: "按中国工程咨询协会发布的技术规范编制。", restrictive: false },
  { text: "不得要求中介机构垫资。", restrictive: false },
  { text: "本项目资金来源为区级财政资金，已落实。", restrictive: false },
  { text: "成果须满足《中华人民共和国土地管理法》等法律法规要求。", restrictive: false },
  { text: "外地机构与本地机构同等对待。", restrictive: false },
  { text: "报告须在合同签订后20个工作日内提交初稿。", restrictive: false },
  { text: "可使用广联达或其他符合国家标准的计价软件。", restrictive: false },
];
