import { sql, type Kysely } from "kysely";

// Restrictive terms as data: versioned rule sets, published by the platform authority, never edited
// in place (a later version supersedes an earlier one; the earlier stays as it was, for every check it
// made). Version 1 is seeded below.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table terms_rule_sets (
      version integer primary key check (version >= 1),
      rules jsonb not null,
      note text not null,
      created_by uuid references users(id),
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`
    create function terms_rule_sets_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'terms_rule_sets is append-only' using errcode = 'P0001', hint = 'terms_rules_append_only';
    end $$`.execute(db);
  await sql`
    create trigger terms_rule_sets_no_change before update or delete on terms_rule_sets
    for each row execute function terms_rule_sets_append_only()`.execute(db);
  await sql`
    create trigger terms_rule_sets_no_truncate before truncate on terms_rule_sets
    for each statement execute function terms_rule_sets_append_only()`.execute(db);
  await sql`
    insert into terms_rule_sets (version, rules, note) values (1, ${JSON.stringify(TERMS_RULES_V1)}::jsonb,
      '默认规则：地域、所有制、规模、超出事项要求的资质等级、指定机构或品牌、本地业绩、协会会员或收费、与项目无关的条件。')`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists terms_rule_sets`.execute(db);
  await sql`drop function if exists terms_rule_sets_append_only()`.execute(db);
}

// ---- Version 1, frozen here (later versions are published through the authority's page) ----

const SEED_000_30 = {
  key: "seed 000 #30",
  text: "放宽中介服务市场准入……除法律法规有特别规定外，各部门设定的区域性、行业性和部门间中介服务机构执业限制一律取消。",
};
const SEED_000_31 = { key: "seed 000 #31", text: "企业自主选择中介服务机构，政府部门（服务大厅）不得强制指定或变相指定。" };
const SEED_000_32 = { key: "seed 000 #32", text: "中介服务机构“零门槛、零限制”入驻，实现网上展示、网上竞价、网上中标、网上评价。" };
const SEED_002_9 = {
  key: "seed 002 (九)",
  text: "全面放开中介服务市场，吸引省内外优质中介机构入驻本地，任何部门不得以任何理由设置障碍……任何单位和个人不得强制或变相指定中介机构。",
};
const SEED_003_ADMISSION = {
  key: "seed 003 审核登记原则",
  text: "“非禁即入”原则。放开中介服务市场，依法取消各种行业性、区域性的中介服务市场保护政策……项目申请人不得以任何形式指定中介服务机构。",
};
const SEED_004_7 = { key: "seed 004 #7", text: "推行中介机构“零门槛、零限制”入驻网上中介超市，不得强制企业选择特定中介服务机构。" };
const BUSINESS_13 = {
  key: "优化营商环境条例 第十三条",
  text: "招标投标和政府采购应当公开透明、公平公正，依法平等对待各类所有制和不同地区的市场主体，不得以不合理条件或者产品产地来源等进行限制或者排斥。",
};
const TENDER_32 = "招标投标法实施条例 第三十二条";
const TENDER_32_2 = {
  key: `${TENDER_32}（二）`,
  text: "设定的资格、技术、商务条件与招标项目的具体特点和实际需要不相适应或者与合同履行无关。",
};
const TENDER_32_3 = {
  key: `${TENDER_32}（三）`,
  text: "依法必须进行招标的项目以特定行政区域或者特定行业的业绩、奖项作为加分条件或者中标条件。",
};
const TENDER_32_5 = { key: `${TENDER_32}（五）`, text: "限定或者指定特定的专利、商标、品牌、原产地或者供应商。" };
const TENDER_32_6 = { key: `${TENDER_32}（六）`, text: "依法必须进行招标的项目非法限定潜在投标人或者投标人的所有制形式或者组织形式。" };
const TENDER_32_7 = { key: `${TENDER_32}（七）`, text: "以其他不合理条件限制、排斥潜在投标人或者投标人。" };
const SME_5 = {
  key: "政府采购促进中小企业发展管理办法 第五条",
  text: "不得以企业注册资本、资产总额、营业收入、从业人员、利润、纳税额等规模条件和财务指标作为供应商的资格要求或者评审因素。",
};
const EIA_19 = {
  key: "环境影响评价法（2018年修正）第十九条",
  text: "建设单位可以委托技术单位对其建设项目开展环境影响评价……（2018 年修正取消了建设项目环境影响评价机构资质管理）。",
};

const LOCAL = "本地|本市|本省|本区|本县|当地|市内|省内|区内|县内|辖区内?|本地区";
// The places of the province the marketplace serves; the authority extends the list in a later version.
const PLACES = "江苏|南京|无锡|徐州|常州|苏州|南通|连云港|淮安|盐城|扬州|镇江|泰州|宿迁";
const ORG = "企业|机构|单位|公司";

export const TERMS_RULES_V1 = {
  negations: [
    "不得",
    "不限",
    "不限制",
    "不要求",
    "不作要求",
    "无需",
    "无须",
    "不需",
    "不设",
    "不以",
    "不作为",
    "不将",
    "严禁",
    "禁止",
    "并非",
    "无论",
    "不论",
    "不区分",
  ],
  rules: [
    {
      id: "local-registration",
      category: "localPresence",
      patterns: [
        `(${LOCAL})[^，,]{0,4}(注册|登记|成立)的?(${ORG})?`,
        "注册地[^，,]{0,6}(须|必须|应当?|需|要求|限|仅限)?[^，,]{0,2}(在|为|位于|属于)",
        `(仅限|只限|限于|限定)(${LOCAL}|${PLACES})`,
        `(${LOCAL})(${ORG})[^，,]{0,4}(优先|方可|才能|才可)`,
        `(外地|外省|外市|省外|市外|外埠|区外|县外)(${ORG})?[^，,]{0,10}(不得|不能|不予|须|需|应|必须|方可)`,
        `(社保|社会保险|纳税|个税|户籍|户口)[^，,]{0,10}(${LOCAL}|${PLACES})`,
        `(在|于)(${LOCAL}|${PLACES})[^，,]{0,4}(缴纳|缴交|参保)`,
        `(${LOCAL}|本部门|本单位)[^，,]{0,6}(中介库|机构库|名录库|备选库|预选库)`,
      ],
      messageKey: "errors.project.restrict.region",
      basis: [SEED_000_30, SEED_003_ADMISSION, BUSINESS_13],
    },
    {
      id: "local-office",
      category: "localPresence",
      patterns: [
        "(设立|设有|设置|建立|开设|具有|拥有)[^，,]{0,6}(分支机构|分公司|办事处|常驻机构|常设机构|服务网点|固定办公场所|办公场所|营业场所)",
      ],
      messageKey: "errors.project.restrict.office",
      basis: [SEED_000_30, SEED_002_9, BUSINESS_13],
    },
    {
      id: "ownership-form",
      category: "ownership",
      patterns: [
        "(国有|国营|国有控股|国有独资|国资|央企|中央企业|国企|民营|私营|外资|集体所有制|事业单位)(?!资金|资产|土地|投资)[^，,]{0,8}(优先|方可|才能|才可|为限)",
        "(须|必须|应当?|需|要求|仅限|限于|只限|只能|限定)[^，,]{0,6}(是|为|属于|具有)?[^，,]{0,3}(国有|国营|国企|央企|中央企业|国资|民营|私营|外资|集体所有制|事业单位)(?!资金|资产|土地|投资)",
        "所有制(形式|性质)?[^，,]{0,4}(须|必须|应|限|为|要求)",
        "(企业|单位|机构)性质[^，,]{0,4}(须|必须|应|限|为)",
        "(国企|央企|国有)(背景|身份|下属|子公司)",
      ],
      messageKey: "errors.project.restrict.ownership",
      basis: [TENDER_32_6, BUSINESS_13, SEED_000_30],
    },
    {
      id: "size-threshold",
      category: "size",
      patterns: [
        "(注册资本|注册资金|实缴资本|实收资本|净资产|总资产|资产总额|营业收入|营业额|年收入|年产值|利润总额|净利润|纳税额|年纳税)[^，,]{0,12}(不低于|不少于|不得低于|不小于|达到|以上|超过|高于|≥|>=|\\d+(\\.\\d+)?\\s*(万|亿))",
        "(从业人员|员工|职工|在职人员|在册人员|正式员工|社保人数)(总数|人数|数量)?[^，,]{0,4}(不少于|不低于|达到|超过|以上)\\s*\\d{2,}",
        "(成立|经营)(时间|年限)[^，,]{0,4}(不少于|不低于|满|超过|以上|达到)",
        "成立(满|超过)?\\s*\\d+\\s*年(以上|及以上)",
        "(上市公司|世界500强|中国500强|百强企业|规模以上)",
        "(存款证明|资信证明|银行授信)[^，,]{0,10}(\\d+\\s*(万|亿)|不低于|不少于)",
      ],
      messageKey: "errors.project.restrict.size",
      basis: [SME_5, TENDER_32_2, SEED_000_32],
    },
    {
      id: "grade-beyond-item",
      category: "gradeBeyondItem",
      patterns: [],
      matcher: "gradeBeyondItem",
      messageKey: "errors.project.restrict.grade",
      basis: [TENDER_32_2, SEED_000_32],
    },
    {
      id: "abolished-qualification",
      category: "gradeBeyondItem",
      patterns: ["(环评|环境影响评价)[^，,]{0,6}(资质|资格证书|机构资格)"],
      messageKey: "errors.project.restrict.abolished",
      basis: [EIA_19, TENDER_32_2],
    },
    {
      id: "named-agency",
      category: "namedParty",
      patterns: [
        "(指定|限定|推荐|优先(选择|选用|考虑|委托|采用)?|建议(选择|委托|选用|由)?|只接受|仅接受|原则上由|宜由|拟由|拟委托)[^，,]{0,25}(有限责任公司|有限公司|公司|事务所|研究院|设计院|研究所|研究中心)",
        "(曾为|曾经为|曾在|曾向|曾与)[^，,]{0,8}(本单位|我单位|本局|我局|业主|招标人|采购人)",
        "(与|和)(本单位|我单位|本局|我局|业主|招标人|采购人)[^，,]{0,6}(合作过|有过合作|签订过|有合作)",
      ],
      messageKey: "errors.project.restrict.naming",
      basis: [SEED_000_31, SEED_002_9, SEED_004_7, TENDER_32_5],
    },
    {
      id: "named-brand",
      category: "namedParty",
      patterns: [
        "(指定|限定|仅限|必须使用|须使用|应使用|需使用|只能使用)[^，,]{0,10}(品牌|厂家|原厂|生产厂商|软件)",
        "(须|必须|应当?|需|只能|要求)[^，,]{0,4}(使用|采用|选用)[^，,]{0,6}(广联达|斯维尔|鲁班|品茗|新点|神机妙算|南方CASS|ArcGIS|AutoCAD|EIAProA|超图|MapGIS)",
        "(原厂|厂家)(授权|证明|承诺)",
      ],
      unless: ["(或|或者)(同等|相当|等同|等效|其他|其它|同类)"],
      messageKey: "errors.project.restrict.brand",
      basis: [TENDER_32_5, BUSINESS_13],
    },
    {
      id: "local-performance",
      category: "localPerformance",
      patterns: [
        `(${LOCAL}|${PLACES})[^，,]{0,14}(业绩|类似项目|同类项目|服务经验|项目经验|工程经验)`,
        `(业绩|类似项目|同类项目)[^，,]{0,8}(须|应|需|限|仅限|必须)?[^，,]{0,4}(为|在|位于|属于)(${LOCAL}|${PLACES})`,
        `(${LOCAL}|${PLACES}|省级|市级)[^，,]{0,8}(奖项|获奖|优秀|示范)`,
      ],
      messageKey: "errors.project.restrict.performance",
      basis: [TENDER_32_3, BUSINESS_13, SEED_000_30],
    },
    {
      id: "association-membership",
      category: "association",
      patterns: [
        "(协会|学会|商会|联合会|行业组织)[^，,]{0,8}(会员|理事|成员单位|入会)",
        "(缴纳|交纳|缴清|交清|支付|收取)[^，,]{0,6}(会费|年费|入会费|入库费|入场费|平台使用费|平台费|信息费|报名费)",
        "(协会|学会|商会|联合会)[^，,]{0,12}(推荐|认定|评定|评价|星级|等级|AAA|备案|证明)",
      ],
      messageKey: "errors.project.restrict.association",
      basis: [SEED_000_30, SEED_003_ADMISSION, SEED_000_32, TENDER_32_7],
    },
    {
      id: "unrelated-condition",
      category: "unrelated",
      patterns: [
        "(纳税信用|守合同重信用|文明单位|高新技术企业|专精特新|科技型中小企业|诚信示范|明星企业|龙头企业)",
        "ISO\\s*\\d{4,5}|(质量|环境|职业健康安全)管理体系认证",
        "(性别|男性|女性|限男|限女|已婚|未婚|民族|籍贯)",
        "年龄[^，,]{0,4}(不超过|不大于|以下|以内|不得超过|不高于)|\\d+\\s*周岁以下",
        "(免费|无偿)[^，,]{0,12}(其他|其它|额外|另外|以外)",
        "(垫资|带资|捐赠|赞助)",
      ],
      messageKey: "errors.project.restrict.unrelated",
      basis: [TENDER_32_2, TENDER_32_7, SEED_000_32],
    },
  ],
};
