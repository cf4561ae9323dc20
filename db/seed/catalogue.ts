/**
 * 中介服务事项目录（种子数据）
 *
 * 依据《国务院部门行政审批中介服务事项清单》及各省网上中介服务超市的常见事项整理。
 * 说明：
 * - statutoryDays 为中介服务本身的法定或惯常办理时限（日历日）；多数事项法律未规定中介服务时限，
 *   此处为行业惯常周期，仅供参考；null 表示不宜给出统一时限。
 * - 法律条文序号仅在较有把握时写出，否则只写法律法规名称。
 * - 资质要求反映 2016—2021 年“放管服”“证照分离”改革后的状态，具体以最新规定为准。
 */

export interface CatalogueItem {
  code: string;
  category: "environment" | "land" | "construction" | "safety" | "energy" | "valuation" | "finance" | "survey" | "water" | "other";
  nameZh: string;
  nameEn: string;
  approvalZh: string;
  legalBasisZh: string;
  statutoryDays: number | null;
  feeBasisZh: string;
  feeBasisEn: string;
  requiredQualificationZh: string | null;
  requiredQualificationEn: string | null;
  descriptionZh: string;
}

/** 发改价格〔2015〕299号放开的五类建设项目专业服务价格（前期咨询、勘察设计、招标代理、工程监理、环境影响咨询） */
const FEE_299_ZH = "实行市场调节价（依据《国家发展改革委关于进一步放开建设项目专业服务价格的通知》发改价格〔2015〕299号）";
const FEE_299_EN =
  "Market-regulated price (NDRC Notice on Further Liberalising Prices of Professional Services for Construction Projects, Fa Gai Jia Ge [2015] No. 299)";

const FEE_MARKET_ZH = "实行市场调节价，由委托双方协商确定";
const FEE_MARKET_EN = "Market-regulated price, negotiated between client and agency";

const FEE_SURVEY_ZH = "实行市场调节价，可参考《测绘生产成本费用定额》（财建〔2009〕17号）协商确定";
const FEE_SURVEY_EN =
  "Market-regulated price; the Surveying and Mapping Production Cost Quota (Cai Jian [2009] No. 17) may be used as a reference";

const FEE_LOCAL_ZH = "实行市场调节价；个别地区仍有政府指导价的，以省级价格主管部门规定为准";
const FEE_LOCAL_EN = "Market-regulated price; where a province still sets guidance prices, the provincial pricing authority's rules apply";

const SURVEY_QUAL_EN_ENGINEERING = "Surveying & mapping qualification certificate (engineering survey specialty)";

export const catalogue: CatalogueItem[] = [
  // ───────────────────────────── environment 生态环境 ─────────────────────────────
  {
    code: "eia-report",
    category: "environment",
    nameZh: "建设项目环境影响报告书编制",
    nameEn: "Environmental Impact Report (EIS) preparation",
    approvalZh: "建设项目环境影响评价文件审批",
    legalBasisZh:
      "《中华人民共和国环境影响评价法》第十六条、第十九条；《建设项目环境保护管理条例》；《建设项目环境影响报告书（表）编制监督管理办法》（生态环境部令第9号）",
    statutoryDays: 60,
    feeBasisZh: FEE_299_ZH,
    feeBasisEn: FEE_299_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "对可能造成重大环境影响的建设项目全面评价其环境影响并编制环境影响报告书。2019年起不再实行环评资质管理，编制单位和编制人员须在全国环境影响评价信用平台登记，建设单位也可自行编制。",
  },
  {
    code: "eia-form",
    category: "environment",
    nameZh: "建设项目环境影响报告表编制",
    nameEn: "Environmental Impact Form preparation",
    approvalZh: "建设项目环境影响评价文件审批",
    legalBasisZh:
      "《中华人民共和国环境影响评价法》第十六条、第十九条；《建设项目环境保护管理条例》；《建设项目环境影响报告书（表）编制监督管理办法》（生态环境部令第9号）",
    statutoryDays: 30,
    feeBasisZh: FEE_299_ZH,
    feeBasisEn: FEE_299_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "对可能造成轻度环境影响的建设项目进行分析或专项评价并编制环境影响报告表。编制单位须在全国环境影响评价信用平台登记，不再要求资质。",
  },
  {
    code: "eia-completion-acceptance",
    category: "environment",
    nameZh: "建设项目竣工环境保护验收调查（监测）报告编制",
    nameEn: "Completion environmental protection acceptance report preparation",
    approvalZh: "建设项目竣工环境保护验收（建设单位自主验收，生态环境部门事中事后监管）",
    legalBasisZh: "《建设项目环境保护管理条例》第十七条；《建设项目竣工环境保护验收暂行办法》（国环规环评〔2017〕4号）",
    statutoryDays: 90,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: "承担验收监测的机构须取得检验检测机构资质认定（CMA）",
    requiredQualificationEn: "Laboratories performing acceptance monitoring must hold inspection & testing body accreditation (CMA)",
    descriptionZh: "建设项目竣工后，对配套环境保护设施的建设和运行情况开展监测或调查，编制验收报告供建设单位自主验收并依法公开。",
  },
  {
    code: "sewage-outlet-demonstration",
    category: "environment",
    nameZh: "入河排污口设置论证报告编制",
    nameEn: "River sewage outfall siting demonstration report",
    approvalZh: "入河排污口设置审批",
    legalBasisZh: "《中华人民共和国水法》第三十四条；《中华人民共和国水污染防治法》；《入河排污口监督管理办法》（生态环境部令第35号）",
    statutoryDays: 30,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "对新设、改设或扩大入河排污口的位置、排放方式、污染物排放量及其对水功能、水生态和第三方权益的影响进行论证，作为设置审批的技术依据。",
  },

  // ───────────────────────────── water 水利 ─────────────────────────────
  {
    code: "soil-water-conservation-plan",
    category: "water",
    nameZh: "生产建设项目水土保持方案编制",
    nameEn: "Soil and water conservation plan preparation",
    approvalZh: "生产建设项目水土保持方案审批",
    legalBasisZh: "《中华人民共和国水土保持法》第二十五条、第二十六条",
    statutoryDays: 45,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "对在水土流失易发区开办的生产建设项目，分析水土流失预测结果并提出防治措施，编制水土保持方案报告书或报告表。原水土保持方案编制资质已取消，水利部门对编制单位实行信用监管。",
  },
  {
    code: "water-resources-demonstration",
    category: "water",
    nameZh: "建设项目水资源论证报告编制",
    nameEn: "Water resources demonstration report for construction projects",
    approvalZh: "取水许可审批",
    legalBasisZh: "《中华人民共和国水法》第四十八条；《取水许可和水资源费征收管理条例》；《建设项目水资源论证管理办法》",
    statutoryDays: 45,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "对建设项目取水的合理性、取水水源的可靠性、取退水影响及补救措施等进行分析论证，编制水资源论证报告书（表），作为取水许可审批的依据。原水资源论证资质已取消。",
  },
  {
    code: "flood-impact-assessment",
    category: "water",
    nameZh: "洪水影响评价报告编制",
    nameEn: "Flood impact assessment report",
    approvalZh: "洪水影响评价类审批（河道管理范围内建设项目工程建设方案审批、非防洪建设项目洪水影响评价报告审批等）",
    legalBasisZh: "《中华人民共和国防洪法》第二十七条、第三十三条；《中华人民共和国河道管理条例》",
    statutoryDays: 45,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "评价涉河建设项目或洪泛区、蓄滞洪区内非防洪建设项目对防洪、河势、堤防安全的影响以及洪水对项目本身的影响，并提出防治和补救措施。",
  },

  // ───────────────────────────── land 自然资源 ─────────────────────────────
  {
    code: "geohazard-risk-assessment",
    category: "land",
    nameZh: "地质灾害危险性评估",
    nameEn: "Geological hazard risk assessment",
    approvalZh: "建设项目用地预审与选址意见书核发；建设用地审批（地质灾害易发区内工程建设）",
    legalBasisZh: "《地质灾害防治条例》第二十一条、第二十二条；《地质灾害防治单位资质管理办法》（自然资源部令第8号）",
    statutoryDays: 30,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: "地质灾害防治单位资质（地质灾害评估和治理工程勘查设计资质，甲级或乙级）",
    requiredQualificationEn:
      "Geological hazard prevention unit qualification (assessment & remediation survey/design category, Grade A or B)",
    descriptionZh:
      "在地质灾害易发区内进行工程建设时，于可行性研究阶段评估工程遭受及引发崩塌、滑坡、泥石流、地面塌陷等地质灾害的可能性，提出预防治理措施。已开展区域评估的区域内项目一般不再单独评估。",
  },
  {
    code: "overlying-mineral-assessment",
    category: "land",
    nameZh: "建设项目压覆重要矿产资源评估",
    nameEn: "Assessment of important mineral resources overlain by construction projects",
    approvalZh: "建设项目压覆重要矿产资源审批",
    legalBasisZh:
      "《中华人民共和国矿产资源法》关于建设项目压覆重要矿床的规定；《国土资源部关于进一步做好建设项目压覆重要矿产资源审批管理工作的通知》（国土资发〔2010〕137号）",
    statutoryDays: 30,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "查明拟建项目用地范围内压覆重要矿产资源的种类、范围和资源储量，编制压覆矿产资源评估报告，作为压覆审批和矿业权补偿的依据。",
  },
  {
    code: "mineral-reserve-verification",
    category: "land",
    nameZh: "矿产资源储量核实报告编制",
    nameEn: "Mineral resource reserve verification report",
    approvalZh: "采矿权登记（新立、延续、变更）；矿产资源储量评审备案",
    legalBasisZh: "《中华人民共和国矿产资源法》；《矿产资源开采登记管理办法》（国务院令第241号）",
    statutoryDays: 60,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "对矿区保有和动用的矿产资源储量进行核实、估算，编制储量核实报告，经评审备案后用于采矿权登记、出让收益评估等。原地质勘查资质审批已于2017年取消。",
  },
  {
    code: "mine-geoenv-reclamation-plan",
    category: "land",
    nameZh: "矿山地质环境保护与土地复垦方案编制",
    nameEn: "Mine geo-environment protection and land reclamation plan",
    approvalZh: "采矿权登记；矿山地质环境保护与土地复垦方案审查",
    legalBasisZh: "《土地复垦条例》；《矿山地质环境保护规定》",
    statutoryDays: 45,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "分析矿产资源开采对地质环境的影响和损毁土地情况，提出地质环境保护治理和土地复垦的目标、措施、工程量和费用安排，两方案已合并编报。",
  },
  {
    code: "land-boundary-survey",
    category: "land",
    nameZh: "建设用地勘测定界",
    nameEn: "Land survey and boundary demarcation for construction land",
    approvalZh: "建设用地审批（农用地转用和土地征收审批、国有建设用地供应）",
    legalBasisZh: "《中华人民共和国土地管理法》；《中华人民共和国土地管理法实施条例》；《中华人民共和国测绘法》第二十七条",
    statutoryDays: 15,
    feeBasisZh: FEE_SURVEY_ZH,
    feeBasisEn: FEE_SURVEY_EN,
    requiredQualificationZh: "测绘资质证书（界线与不动产测绘专业）",
    requiredQualificationEn: "Surveying & mapping qualification certificate (boundary and real-estate surveying specialty)",
    descriptionZh:
      "依据用地批准文件对拟用地范围进行实地勘测、界址放样和面积量算，编制勘测定界图和勘测定界技术报告，作为建设用地报批的基础材料。",
  },
  {
    code: "forest-land-feasibility-report",
    category: "land",
    nameZh: "建设项目使用林地可行性报告（现状调查表）编制",
    nameEn: "Feasibility report on forest land use by construction projects",
    approvalZh: "建设项目使用林地审核审批",
    legalBasisZh: "《中华人民共和国森林法》第三十七条；《建设项目使用林地审核审批管理办法》",
    statutoryDays: 20,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "调查拟使用林地的地类、面积、森林资源和保护等级等现状，分析占用林地的必要性与合理性，编制使用林地可行性报告或林地现状调查表。不再要求编制单位具备林业调查规划设计资质。",
  },

  // ───────────────────────────── energy 节能 ─────────────────────────────
  {
    code: "energy-saving-report",
    category: "energy",
    nameZh: "固定资产投资项目节能报告编制",
    nameEn: "Energy conservation report for fixed-asset investment projects",
    approvalZh: "固定资产投资项目节能审查",
    legalBasisZh: "《中华人民共和国节约能源法》第十五条；《固定资产投资项目节能审查办法》",
    statutoryDays: 30,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "分析评价项目能源消费量、能效水平、用能工艺和设备，提出节能措施，编制节能报告，作为节能审查的依据；建设单位可自行编制或委托有能力的机构编制。",
  },
  {
    code: "energy-audit",
    category: "energy",
    nameZh: "重点用能单位能源审计",
    nameEn: "Energy audit for key energy-consuming entities",
    approvalZh: "重点用能单位节能管理与节能监察（能源利用状况报告审查）",
    legalBasisZh: "《中华人民共和国节约能源法》；《重点用能单位节能管理办法》",
    statutoryDays: 60,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh: "对用能单位能源利用的物理过程和财务过程进行检测、核查、分析和评价，找出节能潜力并提出改进建议，形成能源审计报告。",
  },
  {
    code: "green-building-evaluation",
    category: "energy",
    nameZh: "绿色建筑评价及标识申报技术咨询",
    nameEn: "Green building evaluation and labelling consultancy",
    approvalZh: "绿色建筑标识认定",
    legalBasisZh: "《民用建筑节能条例》；《绿色建筑标识管理办法》（建标规〔2021〕1号）；《绿色建筑评价标准》（GB/T 50378）",
    statutoryDays: 45,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "依据《绿色建筑评价标准》对建筑的安全耐久、健康舒适、生活便利、资源节约和环境宜居等性能进行评价，编制自评估报告并协助申报绿色建筑标识。",
  },

  // ───────────────────────────── safety 安全 ─────────────────────────────
  {
    code: "safety-pre-evaluation",
    category: "safety",
    nameZh: "建设项目安全预评价",
    nameEn: "Safety pre-evaluation for construction projects",
    approvalZh: "危险化学品建设项目安全条件审查；矿山、金属冶炼等建设项目安全设施设计审查",
    legalBasisZh: "《中华人民共和国安全生产法》第三十二条；《危险化学品安全管理条例》第十二条；《建设项目安全设施“三同时”监督管理办法》",
    statutoryDays: 45,
    feeBasisZh: FEE_LOCAL_ZH,
    feeBasisEn: FEE_LOCAL_EN,
    requiredQualificationZh: "安全评价机构资质（应急管理部门颁发）",
    requiredQualificationEn: "Safety evaluation agency qualification (issued by emergency management authorities)",
    descriptionZh: "在可行性研究阶段辨识和分析建设项目的危险、有害因素，评价安全条件，提出安全对策措施，编制安全预评价报告。",
  },
  {
    code: "safety-acceptance-evaluation",
    category: "safety",
    nameZh: "建设项目安全验收评价",
    nameEn: "Safety acceptance evaluation for construction projects",
    approvalZh: "建设项目安全设施竣工验收；安全生产许可证核发（危险化学品、非煤矿山等）",
    legalBasisZh: "《中华人民共和国安全生产法》第三十四条；《安全生产许可证条例》；《建设项目安全设施“三同时”监督管理办法》",
    statutoryDays: 30,
    feeBasisZh: FEE_LOCAL_ZH,
    feeBasisEn: FEE_LOCAL_EN,
    requiredQualificationZh: "安全评价机构资质（应急管理部门颁发）",
    requiredQualificationEn: "Safety evaluation agency qualification (issued by emergency management authorities)",
    descriptionZh:
      "建设项目竣工试运行后，检查安全设施与主体工程“三同时”落实情况及其运行效果，评价是否满足安全生产条件，编制安全验收评价报告。",
  },
  {
    code: "occupational-hazard-pre-evaluation",
    category: "safety",
    nameZh: "建设项目职业病危害预评价",
    nameEn: "Occupational disease hazard pre-evaluation",
    approvalZh: "医疗机构放射性职业病危害建设项目预评价报告审核（其他建设项目由建设单位自行组织评审）",
    legalBasisZh: "《中华人民共和国职业病防治法》第十七条；《职业卫生技术服务机构管理办法》",
    statutoryDays: 30,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: "职业卫生技术服务机构资质（放射性职业病危害项目为放射卫生技术服务机构资质）",
    requiredQualificationEn:
      "Occupational health technical service agency qualification (radiological health service qualification for radiological projects)",
    descriptionZh: "在可行性论证阶段识别建设项目可能产生的职业病危害因素，评价危害程度及对劳动者健康的影响，确定危害类别并提出防护对策。",
  },
  {
    code: "occupational-hazard-control-evaluation",
    category: "safety",
    nameZh: "建设项目职业病危害控制效果评价",
    nameEn: "Occupational disease hazard control effect evaluation",
    approvalZh: "医疗机构放射性职业病防护设施竣工验收（其他建设项目由建设单位自行组织验收）",
    legalBasisZh: "《中华人民共和国职业病防治法》第十八条；《职业卫生技术服务机构管理办法》",
    statutoryDays: 30,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: "职业卫生技术服务机构资质（放射性职业病危害项目为放射卫生技术服务机构资质）",
    requiredQualificationEn:
      "Occupational health technical service agency qualification (radiological health service qualification for radiological projects)",
    descriptionZh: "在建设项目竣工验收前，检测评价职业病危害因素浓度（强度）和职业病防护设施的控制效果，编制控制效果评价报告。",
  },
  {
    code: "fire-facility-inspection",
    category: "safety",
    nameZh: "建筑消防设施检测",
    nameEn: "Building fire protection facility inspection",
    approvalZh: "公众聚集场所投入使用、营业前消防安全检查",
    legalBasisZh: "《中华人民共和国消防法》第十六条、第三十四条；《社会消防技术服务管理规定》",
    statutoryDays: 15,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "对建筑内火灾自动报警、自动灭火、防排烟、消火栓等消防设施的功能和完好性进行检测并出具检测报告。消防技术服务机构资质许可已取消，机构应符合《社会消防技术服务管理规定》的从业条件并在社会消防技术服务信息系统公示。",
  },
  {
    code: "lightning-protection-design-evaluation",
    category: "safety",
    nameZh: "防雷装置设计技术评价",
    nameEn: "Lightning protection design technical evaluation",
    approvalZh: "防雷装置设计审核（易燃易爆建设工程和场所等仍由气象部门许可的项目）",
    legalBasisZh: "《气象灾害防御条例》；《防雷装置设计审核和竣工验收规定》；《国务院关于优化建设工程防雷许可的决定》（国发〔2016〕39号）",
    statutoryDays: 10,
    feeBasisZh: "审批部门委托开展的，费用由审批部门承担，不向申请人收取；其他委托实行市场调节价",
    feeBasisEn: "Paid by the approving authority when it commissions the evaluation (no charge to applicants); otherwise market-regulated",
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "对防雷装置设计文件是否符合防雷技术标准进行技术审查评价。按照中介服务清理规范要求，多地已不再要求申请人提供评价报告，改由审批部门委托具备能力的机构开展；房屋建筑和市政基础设施防雷已纳入施工图审查。",
  },
  {
    code: "lightning-protection-inspection",
    category: "safety",
    nameZh: "雷电防护装置检测",
    nameEn: "Lightning protection device inspection",
    approvalZh: "防雷装置竣工验收（气象部门负责的易燃易爆等建设工程和场所）",
    legalBasisZh: "《中华人民共和国气象法》；《气象灾害防御条例》；《雷电防护装置检测资质管理办法》",
    statutoryDays: 10,
    feeBasisZh: FEE_LOCAL_ZH,
    feeBasisEn: FEE_LOCAL_EN,
    requiredQualificationZh: "雷电防护装置检测资质（甲级或乙级）",
    requiredQualificationEn: "Lightning protection device inspection qualification (Grade A or B)",
    descriptionZh: "对新建、改建、扩建建（构）筑物的雷电防护装置进行分阶段检测及投入使用后的定期检测，出具检测报告。",
  },
  {
    code: "seismic-safety-evaluation",
    category: "safety",
    nameZh: "建设工程地震安全性评价",
    nameEn: "Seismic safety evaluation of construction sites",
    approvalZh: "重大建设工程和可能发生严重次生灾害的建设工程抗震设防要求确定（纳入项目审批、核准）",
    legalBasisZh: "《中华人民共和国防震减灾法》第三十五条；《地震安全性评价管理条例》第八条",
    statutoryDays: 90,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "分析工程场地及周围的地震活动和地震地质环境，按设防风险水准给出与抗震设防要求相应的地震动参数和场地地震地质灾害预测结果。地震安全性评价单位资质已取消，评价单位须具备相应专业人员和技术条件；已开展区域评估的区域可不再单独评价。",
  },
  {
    code: "climate-feasibility-demonstration",
    category: "other",
    nameZh: "气候可行性论证",
    nameEn: "Climate feasibility demonstration",
    approvalZh: "与气候条件密切相关的规划和重大建设项目审批、核准",
    legalBasisZh: "《中华人民共和国气象法》第三十四条；《气象灾害防御条例》；《气候可行性论证管理办法》",
    statutoryDays: 45,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "对城乡规划、重大基础设施、大型风能太阳能开发等项目进行气候适宜性、气象灾害风险性及对局地气候影响的分析评估，形成论证报告。",
  },

  // ───────────────────────────── construction 工程建设 ─────────────────────────────
  {
    code: "project-cost-consulting",
    category: "construction",
    nameZh: "工程造价咨询（概算、预算、结算审核）",
    nameEn: "Construction cost consulting (estimate, budget, settlement review)",
    approvalZh: "政府投资项目初步设计及概算审批；工程结算审核",
    legalBasisZh: "《政府投资条例》；《建设工程价款结算暂行办法》（财建〔2004〕369号）",
    statutoryDays: 30,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "编制或审核建设项目投资估算、设计概算、施工图预算、工程量清单、招标控制价及竣工结算。工程造价咨询企业资质已于2021年取消，成果文件须由注册造价工程师签章。",
  },
  {
    code: "geotechnical-investigation",
    category: "construction",
    nameZh: "建设工程勘察",
    nameEn: "Geotechnical investigation for construction projects",
    approvalZh: "施工图设计文件（含勘察文件）审查；建筑工程施工许可证核发",
    legalBasisZh: "《中华人民共和国建筑法》第十三条；《建设工程勘察设计管理条例》",
    statutoryDays: 45,
    feeBasisZh: `${FEE_299_ZH}，可参考《工程勘察设计收费标准》（计价格〔2002〕10号）`,
    feeBasisEn: `${FEE_299_EN}; the Engineering Survey and Design Fee Standard (Ji Jia Ge [2002] No. 10) may be used as a reference`,
    requiredQualificationZh: "工程勘察资质证书（综合资质或相应专业资质）",
    requiredQualificationEn: "Engineering investigation qualification certificate (comprehensive or relevant specialty)",
    descriptionZh: "查明、分析、评价建设场地的地质地理环境特征和岩土工程条件，编制岩土工程勘察报告，为设计和施工提供依据。",
  },
  {
    code: "planning-design-scheme",
    category: "construction",
    nameZh: "建设工程规划设计方案（总平面图）编制",
    nameEn: "Planning & architectural design scheme (site plan) preparation",
    approvalZh: "建设工程规划许可证核发",
    legalBasisZh: "《中华人民共和国城乡规划法》第四十条；《建设工程勘察设计管理条例》",
    statutoryDays: 45,
    feeBasisZh: `${FEE_299_ZH}，可参考《工程勘察设计收费标准》（计价格〔2002〕10号）`,
    feeBasisEn: `${FEE_299_EN}; the Engineering Survey and Design Fee Standard (Ji Jia Ge [2002] No. 10) may be used as a reference`,
    requiredQualificationZh: "工程设计资质（建筑行业或相应行业、专业资质）；编制修建性详细规划的须具有城乡规划编制单位资质",
    requiredQualificationEn:
      "Engineering design qualification (architecture or relevant industry/specialty); urban-rural planning preparation qualification for detailed construction plans",
    descriptionZh:
      "依据规划条件编制建设工程设计方案及总平面图，说明建筑布局、容积率、建筑密度、绿地率、停车及交通组织等指标，作为建设工程规划许可的审查材料。",
  },
  {
    code: "construction-drawing-review",
    category: "construction",
    nameZh: "施工图设计文件审查",
    nameEn: "Construction drawing design document review",
    approvalZh: "建筑工程施工许可证核发",
    legalBasisZh: "《建设工程质量管理条例》第十一条；《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》",
    statutoryDays: 21,
    feeBasisZh: "多数地区实行政府购买服务，不向建设单位收费；未实行的地区以当地规定为准",
    feeBasisEn: "Mostly procured by government (no charge to the developer); elsewhere according to local rules",
    requiredQualificationZh: "经省级住房和城乡建设主管部门认定的施工图审查机构",
    requiredQualificationEn:
      "Construction drawing review institution recognised by the provincial housing and urban-rural development authority",
    descriptionZh:
      "对施工图涉及公共利益、公众安全和工程建设强制性标准的内容进行审查（含消防、人防、防雷、节能等），一般不超过15个工作日（约21个日历日）。部分地区已推行告知承诺、数字化审图或取消审查改革。",
  },
  {
    code: "construction-quality-testing",
    category: "construction",
    nameZh: "建设工程质量检测",
    nameEn: "Construction quality testing",
    approvalZh: "建设工程竣工验收备案；建设工程消防验收",
    legalBasisZh: "《建设工程质量管理条例》第三十一条；《建设工程质量检测管理办法》（住房和城乡建设部令第57号）",
    statutoryDays: null,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: "建设工程质量检测机构资质（综合资质或专项资质）",
    requiredQualificationEn: "Construction quality testing institution qualification (comprehensive or special)",
    descriptionZh:
      "对涉及结构安全、主要使用功能的建筑材料、构配件、工程实体及设备进行见证取样检测和现场检测并出具检测报告，周期随检测项目而定。",
  },
  {
    code: "construction-supervision",
    category: "construction",
    nameZh: "建设工程监理",
    nameEn: "Construction project supervision",
    approvalZh: "建筑工程施工许可证核发",
    legalBasisZh: "《中华人民共和国建筑法》第三十条、第三十一条；《建设工程质量管理条例》第十二条",
    statutoryDays: null,
    feeBasisZh: FEE_299_ZH,
    feeBasisEn: FEE_299_EN,
    requiredQualificationZh: "工程监理企业资质（综合资质或相应专业资质）",
    requiredQualificationEn: "Construction supervision enterprise qualification (comprehensive or relevant specialty)",
    descriptionZh:
      "受建设单位委托，依据法律法规、工程建设标准、设计文件和合同，对施工质量、进度、造价进行控制并履行安全生产管理法定职责，服务期与施工期一致。",
  },

  // ───────────────────────────── survey 测绘 ─────────────────────────────
  {
    code: "topographic-survey",
    category: "survey",
    nameZh: "地形图测绘",
    nameEn: "Topographic mapping",
    approvalZh: "建设项目用地预审与选址意见书核发；建设工程规划许可证核发",
    legalBasisZh: "《中华人民共和国测绘法》第二十七条",
    statutoryDays: 15,
    feeBasisZh: FEE_SURVEY_ZH,
    feeBasisEn: FEE_SURVEY_EN,
    requiredQualificationZh: "测绘资质证书（工程测量专业）",
    requiredQualificationEn: SURVEY_QUAL_EN_ENGINEERING,
    descriptionZh: "按规定比例尺测绘项目用地及周边的地物、地貌，形成数字地形图，作为规划设计和用地报批的底图。",
  },
  {
    code: "planning-setout-survey",
    category: "survey",
    nameZh: "建设工程规划放线测量",
    nameEn: "Planning set-out survey",
    approvalZh: "建设工程规划许可证核发后的放线验线（按地方规定）",
    legalBasisZh: "《中华人民共和国测绘法》第二十七条；地方城乡规划条例关于放线、验线的规定",
    statutoryDays: 7,
    feeBasisZh: FEE_SURVEY_ZH,
    feeBasisEn: FEE_SURVEY_EN,
    requiredQualificationZh: "测绘资质证书（工程测量专业）",
    requiredQualificationEn: SURVEY_QUAL_EN_ENGINEERING,
    descriptionZh: "依据建设工程规划许可证及附图，将建筑物轮廓和主要轴线测设于实地并出具放线测量成果报告，供规划部门验线。",
  },
  {
    code: "planning-verification-survey",
    category: "survey",
    nameZh: "建设工程规划条件核实测量（竣工测量）",
    nameEn: "Planning compliance verification (as-built) survey",
    approvalZh: "建设工程规划条件核实（规划核实）",
    legalBasisZh: "《中华人民共和国城乡规划法》第四十五条；《中华人民共和国测绘法》第二十七条",
    statutoryDays: 10,
    feeBasisZh: FEE_SURVEY_ZH,
    feeBasisEn: FEE_SURVEY_EN,
    requiredQualificationZh: "测绘资质证书（工程测量专业）",
    requiredQualificationEn: SURVEY_QUAL_EN_ENGINEERING,
    descriptionZh:
      "工程竣工后测量建筑物位置、高度、层数、面积及用地内配套设施等，编制规划核实测量报告，用于核实是否符合规划条件；多地已与不动产测绘“多测合一”。",
  },
  {
    code: "real-estate-survey",
    category: "survey",
    nameZh: "不动产测绘（房产测绘）",
    nameEn: "Real estate (property) surveying",
    approvalZh: "不动产登记（首次登记、转移登记等）",
    legalBasisZh: "《不动产登记暂行条例》；《房产测绘管理办法》；《中华人民共和国测绘法》第二十七条",
    statutoryDays: 15,
    feeBasisZh: FEE_SURVEY_ZH,
    feeBasisEn: FEE_SURVEY_EN,
    requiredQualificationZh: "测绘资质证书（界线与不动产测绘专业）",
    requiredQualificationEn: "Surveying & mapping qualification certificate (boundary and real-estate surveying specialty)",
    descriptionZh:
      "测定房屋及其用地的权属界址、位置、面积和分摊情况，编制房产测绘（预测、实测）报告和不动产权籍图件，作为不动产登记的依据。",
  },

  // ───────────────────────────── valuation 评估 ─────────────────────────────
  {
    code: "real-estate-appraisal",
    category: "valuation",
    nameZh: "房地产估价",
    nameEn: "Real estate appraisal",
    approvalZh: "国有土地上房屋征收补偿决定；涉及房地产价值确定的其他审批事项",
    legalBasisZh:
      "《中华人民共和国城市房地产管理法》第三十四条；《国有土地上房屋征收与补偿条例》第十九条、第二十条；《中华人民共和国资产评估法》",
    statutoryDays: 15,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: "房地产估价机构备案（住房和城乡建设主管部门）",
    requiredQualificationEn: "Real estate appraisal agency filing (housing and urban-rural development authorities)",
    descriptionZh:
      "由注册房地产估价师对房地产在估价时点的价值进行分析、测算和判断，出具估价报告。2021年“证照分离”改革后，房地产估价机构资质核准改为备案管理。",
  },
  {
    code: "asset-appraisal",
    category: "valuation",
    nameZh: "资产评估（国有资产评估）",
    nameEn: "Asset appraisal (including state-owned assets)",
    approvalZh: "国有资产评估项目核准或备案",
    legalBasisZh: "《中华人民共和国资产评估法》；《中华人民共和国企业国有资产法》第四十七条；《国有资产评估管理办法》（国务院令第91号）",
    statutoryDays: 30,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: "资产评估机构备案（财政部门）",
    requiredQualificationEn: "Asset appraisal firm filing (finance authorities)",
    descriptionZh:
      "对企业改制、产权转让、非货币资产出资、资产处置等经济行为涉及的资产价值进行评定估算，出具资产评估报告，涉及国有资产的为法定评估业务。",
  },

  // ───────────────────────────── finance 财务 ─────────────────────────────
  {
    code: "financial-audit",
    category: "finance",
    nameZh: "财务审计（含专项审计、竣工财务决算审计）",
    nameEn: "Financial audit (incl. special and completion final-accounts audit)",
    approvalZh: "政府投资项目竣工财务决算审批；相关行政许可所需财务审计报告",
    legalBasisZh: "《中华人民共和国注册会计师法》第十四条；《基本建设财务规则》",
    statutoryDays: 30,
    feeBasisZh: FEE_LOCAL_ZH,
    feeBasisEn: FEE_LOCAL_EN,
    requiredQualificationZh: "会计师事务所执业许可证（财政部门颁发）",
    requiredQualificationEn: "Accounting firm practising licence (issued by finance authorities)",
    descriptionZh: "由会计师事务所对财务报表、专项资金或项目竣工财务决算进行审计并出具审计报告，作为相关审批或备案的依据。",
  },
  {
    code: "capital-verification",
    category: "finance",
    nameZh: "验资",
    nameEn: "Capital verification",
    approvalZh: "实行注册资本实缴登记制行业的企业设立、变更登记及行业准入许可",
    legalBasisZh: "《中华人民共和国注册会计师法》第十四条；《国务院关于印发注册资本登记制度改革方案的通知》（国发〔2014〕7号）",
    statutoryDays: 7,
    feeBasisZh: FEE_LOCAL_ZH,
    feeBasisEn: FEE_LOCAL_EN,
    requiredQualificationZh: "会计师事务所执业许可证（财政部门颁发）",
    requiredQualificationEn: "Accounting firm practising licence (issued by finance authorities)",
    descriptionZh:
      "对被审验单位注册资本的实收情况或出资变更情况进行审验并出具验资报告。2014年注册资本登记制度改革后，仅银行、保险、证券等实行实缴登记的行业及特定许可仍需验资。",
  },

  // ───────────────────────────── other 综合 ─────────────────────────────
  {
    code: "bidding-agency",
    category: "other",
    nameZh: "招标代理",
    nameEn: "Tendering agency services",
    approvalZh: "依法必须招标项目的招标投标活动（项目审批、核准时确定的招标范围、方式和组织形式）",
    legalBasisZh: "《中华人民共和国招标投标法》第十二条、第十三条；《中华人民共和国招标投标法实施条例》",
    statutoryDays: 30,
    feeBasisZh: FEE_299_ZH,
    feeBasisEn: FEE_299_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "受招标人委托编制招标文件、发布公告、组织开标评标并协助确定中标人。招标代理机构资格认定已于2017年取消，机构在公共服务平台登记信息即可；招标文件发出至投标截止不得少于20日。",
  },
  {
    code: "feasibility-study-report",
    category: "other",
    nameZh: "项目可行性研究报告编制",
    nameEn: "Project feasibility study report preparation",
    approvalZh: "政府投资项目可行性研究报告审批",
    legalBasisZh: "《政府投资条例》第九条；《工程咨询行业管理办法》",
    statutoryDays: 60,
    feeBasisZh: FEE_299_ZH,
    feeBasisEn: FEE_299_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "对项目建设必要性、需求、建设方案、投资估算、融资、经济社会效益和风险进行全面论证，编制可行性研究报告。工程咨询单位资格认定已取消，改为通过全国投资项目在线审批监管平台备案。",
  },
  {
    code: "project-application-report",
    category: "other",
    nameZh: "企业投资项目申请报告（项目申请书）编制",
    nameEn: "Enterprise investment project application report preparation",
    approvalZh: "企业投资项目核准",
    legalBasisZh: "《企业投资项目核准和备案管理条例》（国务院令第673号）；《企业投资项目核准和备案管理办法》",
    statutoryDays: 30,
    feeBasisZh: FEE_299_ZH,
    feeBasisEn: FEE_299_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "对列入核准目录的企业投资项目，从维护经济安全、合理开发利用资源、保护生态环境、保障公共利益等方面进行论证，编制项目申请书；企业可自行编制或委托工程咨询单位编制。",
  },
  {
    code: "social-stability-risk-assessment",
    category: "other",
    nameZh: "重大固定资产投资项目社会稳定风险分析",
    nameEn: "Social stability risk assessment for major investment projects",
    approvalZh: "重大固定资产投资项目审批、核准",
    legalBasisZh: "《国家发展改革委重大固定资产投资项目社会稳定风险评估暂行办法》（发改投资〔2012〕2492号）；《重大行政决策程序暂行条例》",
    statutoryDays: 30,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "调查分析项目建设可能引发的社会稳定风险因素，听取利益相关方意见，确定风险等级并提出防范化解措施，形成社会稳定风险分析篇章或评估报告。",
  },
  {
    code: "traffic-impact-assessment",
    category: "other",
    nameZh: "建设项目交通影响评价",
    nameEn: "Traffic impact assessment",
    approvalZh: "建设工程规划许可证核发（按地方规定须进行交通影响评价的项目）",
    legalBasisZh: "地方性法规、规章（国家层面无统一法律设定）；《建设项目交通影响评价技术标准》（CJJ/T 141）",
    statutoryDays: 30,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh: "预测建设项目新增交通需求对周边道路和交通系统的影响，评价出入口、停车、公交及慢行设施配置，提出交通改善措施。",
  },
  {
    code: "cultural-relics-impact-assessment",
    category: "other",
    nameZh: "建设工程文物影响评估",
    nameEn: "Cultural heritage impact assessment",
    approvalZh: "文物保护单位保护范围内其他建设工程或者爆破、钻探、挖掘等作业审批；文物保护单位建设控制地带内建设工程设计方案审核",
    legalBasisZh: "《中华人民共和国文物保护法》关于文物保护单位保护范围和建设控制地带内建设工程的规定",
    statutoryDays: 30,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh: "评估建设工程对文物本体、历史环境风貌和文物安全可能造成的影响，提出避让、保护和减缓措施，形成文物影响评估报告。",
  },
  {
    code: "navigation-impact-assessment",
    category: "other",
    nameZh: "航道通航条件影响评价",
    nameEn: "Navigation condition impact assessment",
    approvalZh: "航道通航条件影响评价审核",
    legalBasisZh: "《中华人民共和国航道法》；《航道通航条件影响评价审核管理办法》",
    statutoryDays: 45,
    feeBasisZh: FEE_MARKET_ZH,
    feeBasisEn: FEE_MARKET_EN,
    requiredQualificationZh: null,
    requiredQualificationEn: null,
    descriptionZh:
      "对桥梁、闸坝、码头、管线等与航道有关的工程，在工程可行性研究阶段评价其选址及技术参数对航道条件、通航安全和港航发展的影响，提出保障措施；建设单位可自行编制或委托具备能力的机构编制。",
  },
];
