// Messages of the open-data page (OCDS feed, records, bulk downloads).
const opendataZh = {
  "openData.title": "开放数据",
  "openData.lead":
    "平台按开放缔约数据标准（OCDS 1.1，含投标信息扩展）公开每个项目从发布、开标、中选、签约到履约验收的全过程，并提供机构、项目、中选结果、合同和信用惩戒的批量下载。数据不包含任何个人信息。",
  "openData.feed": "变更流",
  "openData.feed.text":
    "每个改变项目公开记录的事件（发布、修改公告、开标、中选、公示期满、签约、提交成果、验收、流标、终止）生成一条 release，按发生顺序排列；release 编号为“ocid-事件编号”，内容是该事件发生时项目的状态。",
  "openData.feed.paging":
    "每页最多 {max} 条（默认 {default} 条）。跟随返回结果中的 links.next 继续读取；读到末尾时 releases 为空，稍后用同一个 links.next 再次请求即可取得新的变更。游标 after 请视为不透明的值。",
  "openData.feed.link": "读取变更流",
  "openData.records": "项目记录",
  "openData.records.text":
    "每个项目一份 record package：按时间排列的全部 release，以及项目当前状态的汇总（compiledRelease）。可用项目编号或 ocid 访问。",
  "openData.records.example": "示例：最新发布项目的记录",
  "openData.bids": "报价在截止时间前密封，只有截止并开标后才会出现在数据中（bids 扩展），与项目页面公开的内容一致。",
  "openData.ids": "标识符",
  "openData.ids.ocid":
    "ocid 为“{prefix}-项目编号”。前缀由配置项 OCDS_OCID_PREFIX 设定；正式公开发布时应使用向开放缔约伙伴关系（Open Contracting Partnership）登记的前缀。",
  "openData.ids.org":
    "机构以统一社会信用代码标识：以 9 开头（市场监管部门登记）的代码使用 org-id.guide 登记的 CN-SAIC；其他登记管理部门（机构编制、民政等）赋予的代码使用本平台说明的 CN-USCC。两者同属统一社会信用代码，编号全国唯一。",
  "openData.ids.item": "服务事项分类（classification.scheme = ZJCS-SERVICE）使用本平台服务事项目录的编码。",
  "openData.ids.money": "金额以元为单位（CNY），精确到分。",
  "openData.bulk": "批量下载",
  "openData.bulk.text": "JSON Lines（每行一条记录）和 CSV（UTF-8，含表头）两种格式，按页从数据库流式输出，文件再大也可直接下载。",
  "openData.bulk.col.dataset": "数据集",
  "openData.bulk.col.content": "内容",
  "openData.bulk.col.files": "下载",
  "openData.bulk.projects": "项目",
  "openData.bulk.projects.text": "已发布项目：标题、状态、选取方式、服务事项、地区、业主、最高限价、截止时间、投标机构数",
  "openData.bulk.awards": "中选结果",
  "openData.bulk.awards.text": "中选机构、中选金额、公示期、状态",
  "openData.bulk.contracts": "合同",
  "openData.bulk.contracts.text": "合同金额、签订日期、约定完成日期、状态、交付与验收、逾期工作日",
  "openData.bulk.agencies": "中介机构",
  "openData.bulk.agencies.text": "名称、统一社会信用代码、地区、经营范围、入驻时间、信用等级和信用分",
  "openData.bulk.sanctions": "信用惩戒",
  "openData.bulk.sanctions.text": "与信用公示页面相同的内容：类型、对象、范围、期限、决定机关、依据",
  "openData.license": "许可",
  "openData.license.text": "数据以知识共享署名 4.0 国际许可协议（CC BY 4.0）发布：可自由使用、转载和加工，请注明来源“中介超市”。",
  "openData.privacy": "个人信息",
  "openData.privacy.text":
    "数据只包含机构层面的公开信息。不包含：用户姓名、电子邮箱、电话号码、联系人、法定代表人姓名；投诉的事实和投诉人身份；各方上传的文件（只链接已公开、非保密的公告附件）。",
} as const;

export default opendataZh;
