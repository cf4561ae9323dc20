/** Bid documents (响应文件) and receipts (回执): the bid form, the agency's receipts and the printable receipt. */
const receiptsZh = {
  "bid.documents": "响应文件",
  "bid.documents.hint":
    "技术方案、资格证明等：PDF、JPEG 或 PNG，至多 {max} 个，合计不超过 10 MB。与报价一样密封至开标，文件哈希计入投标承诺。修改投标时不上传则沿用原文件，上传则整体替换。",
  "bid.documents.kind.technical": "技术方案",
  "bid.documents.kind.qualification": "资格证明",
  "bid.documents.kind.other": "其他文件",
  "bid.documents.yours": "本投标的响应文件",
  "bid.documents.opened": "响应文件",
  "errors.bid.documentsTooMany": "响应文件至多 {max} 个",
  "errors.bid.documentsTooLarge": "响应文件合计不得超过 10 MB",
  "receipt.list": "投标回执",
  "receipt.list.hint": "每次提交、修改和撤回都有一份回执。请保存或打印：开标后可凭回执核对本投标是否在开标记录中。",
  "receipt.open": "查看回执",
  "receipt.title": "投标回执",
  "receipt.action.submitted": "提交投标",
  "receipt.action.revised": "修改投标",
  "receipt.action.withdrawn": "撤回投标",
  "receipt.project": "项目",
  "receipt.agency": "投标机构",
  "receipt.action": "事项",
  "receipt.receivedAt": "接收时间（北京时间）",
  "receipt.version": "投标版本",
  "receipt.commitment": "投标承诺哈希",
  "receipt.bidHash": "投标内容哈希",
  "receipt.documents": "响应文件哈希（SHA-256）",
  "receipt.documents.none": "无响应文件",
  "receipt.hash": "回执哈希",
  "receipt.id": "回执编号",
  "receipt.print": "打印",
  "receipt.json": "下载回执（JSON）",
  "receipt.explain":
    "本回执证明平台在上述时间收到了该版本的投标。开标后，用 npm run verify:draw -- <项目编号> --receipt 回执.json 可核对：该投标（机构、版本、承诺哈希）是否在公布的开标记录中；如不在，说明原因（之后撤回、被新版本取代，或被平台遗漏）。",
  "receipt.notice": "已出具回执：",
} as const;

export default receiptsZh;
