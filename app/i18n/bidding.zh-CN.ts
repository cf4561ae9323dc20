// Sealed bids and the edges of bidding: deadlines, abnormally low bids, the direct-award floor.
const biddingZh = {
  "bidding.sealed": "报价密封中：开标前，除报价机构本身外，任何人（含业主、监管部门和平台）都看不到报名机构、报价或报名数量。",
  "errors.datetime.noSuchDay": "该日期不存在（例如 2 月 30 日），请检查年月日",
  "errors.project.deadlineTooFar": "报名截止时间不得晚于发布后 {days} 天（本地区采购政策规定的最长报名期）",
  "policy.maxBiddingDays": "最长报名期（日历天）",
  "policy.directFloorPct": "直接选取成交价下限（占最高限价的百分比）",
  "policy.abnormallyLowCeilingPct": "异常低价阈值（低于最高限价的百分比，报价时即须说明）",
  "bid.justification": "异常低价书面说明",
  "bid.justification.hint": "报价低于最高限价的 {pct}% 时须填写（至少 {min} 字），开标后与报价一同公开。",
  "errors.bid.justificationRequired": "报价低于最高限价的 {pct}%，属异常低价：须填写书面说明（至少 {min} 字），说明将在开标后公开",
  "bid.abnormallyLow.basis.ceiling": "低于最高限价的 {pct}%",
  "bid.abnormallyLow.basis.others": "低于其他有效报价均值 {pct}% 以上",
  "project.bids.justifications": "异常低价说明",
  "errors.selection.belowDirectFloor": "直接选取的成交价不得低于最高限价的 {pct}%（{floor}）",
} as const;

export default biddingZh;
