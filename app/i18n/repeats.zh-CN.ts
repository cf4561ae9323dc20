// Messages of repeated state changes: a second "abandon" and the like answer 409 with the state found.
const repeatsZh = {
  "errors.award.notActive": "该中标当前为“{state}”，不能再放弃",
  "errors.bid.notLive": "该报价当前为“{state}”，不能再撤回",
  "errors.question.answered": "该问题已答复，答复公开后不能再改",
  "question.status.answered": "已答复",
} as const;

export default repeatsZh;
