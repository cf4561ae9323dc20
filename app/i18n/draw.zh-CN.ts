// Messages of the verifiable draw v2 (zjcs-draw-v2, decision 042): the verify page and its threat model.
const drawZh = {
  "draw.errors.pending": "抽取所用的公共随机信标轮次尚未产生，请在该轮次公布后再完成评审。",
  "draw.pending": "有效报价名单已在开标时固定并公开其哈希；抽取正在等待第 {round} 轮公共随机信标（{at}）。",
  "draw.v2.title": "复核抽取（zjcs-draw-v2）",
  "draw.v2.lead": "下列各项由本页根据公开数据（draw.json）重新计算；也可以在自己的电脑上运行同样的校验程序，不需要信任本平台。",
  "draw.v2.check.auditEvents": "发布和开标两条审计记录属于本项目，其哈希与审计链一致",
  "draw.v2.check.commitment": "公开的平台密钥的 SHA-256 等于发布时写入审计记录的承诺值",
  "draw.v2.check.chain": "随机信标的链信息（公钥、起始时间、周期）与发布时固定的一致，且为受信任的链",
  "draw.v2.check.round": "所用信标轮次按公布的规则由指定轮次和开标时间得出",
  "draw.v2.check.signature": "该轮次的 BLS 签名经信标公钥验证有效，随机值 = SHA-256(签名)",
  "draw.v2.check.list": "有效报价名单的哈希等于开标时（信标轮次产生之前）写入审计记录的哈希",
  "draw.v2.check.preimages": "每份报价的承诺值都等于其公开原文（机构、价格、版本、随机数）的哈希",
  "draw.v2.check.seed": "种子 = SHA-256(平台密钥, 名单哈希, 信标随机值)",
  "draw.v2.check.ranking": "用该种子重新运行选取方式，得到相同的排名",
  "draw.v2.check.winner": "中选报价及其机构与重新计算的结果一致（结果公告和中选记录）",
  "draw.v2.delayed": "开标晚于指定的第 {designated} 轮信标，抽取已按公布的规则改用开标后的第 {round} 轮，此延迟已记入审计记录。",
  "draw.v2.facts": "指定轮次：第 {designated} 轮；实际轮次：第 {round} 轮；名单哈希：{listHash}",
  "draw.threat.title": "谁能操纵抽取？——威胁模型",
  "draw.threat.platform":
    "平台运营方：发布项目时就要生成密钥并把它的承诺值写入不可篡改的审计链，事后换密钥会与承诺值不符；开标时名单哈希先写入审计链，信标轮次在此之后才产生，所以平台在固定名单时无法知道随机值，也不能在看到随机值后增删报价或改变有效性。",
  "draw.threat.database":
    "拥有数据库全部权限的内部人员：可以改库，但改动中选者、名单、密钥或信标签名都会使上面某一项校验失败；改写审计记录会破坏审计哈希链（npm run audit:verify 与外部见证可发现）。",
  "draw.threat.agency":
    "投标机构（包括串通的机构）：报价在截止前固定，承诺值绑定机构、价格、版本和随机数；反复重新提交只会改变名单，而信标随机值在名单固定之后才产生，无法试出有利结果。",
  "draw.threat.owner": "业主和监管部门：不接触密钥和名单的生成，无法影响随机值；所有结果公开可复核。",
  "draw.threat.beacon":
    "随机信标（drand）：由多个独立机构以门限签名共同产生，任何单一成员都不能提前算出或选择某一轮的签名；信标也不知道它将与哪份名单和哪个密钥结合。",
  "draw.threat.limit":
    "仍然存在的限制：平台若拒绝开标或长期拖延，会被看见（延迟会被记录和标示），但无法由本校验阻止；信标不可达时抽取保持等待。",
  "draw.source": "校验程序的源代码",
  "draw.source.hint": "本页和命令行使用同一段代码：",
  "draw.v1.note": "本项目在启用公共随机信标之前发布，使用 zjcs-draw-v1 校验。",
} as const;

export default drawZh;
