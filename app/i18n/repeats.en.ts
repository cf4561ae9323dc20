import type repeatsZh from "./repeats.zh-CN";

const repeatsEn: { [K in keyof typeof repeatsZh]: string } = {
  "errors.award.notActive": "This award is already “{state}” and cannot be abandoned again",
  "errors.bid.notLive": "This bid is now “{state}”; it cannot be withdrawn again",
  "errors.question.answered": "This question has been answered; a published answer cannot be changed",
  "question.status.answered": "answered",
};

export default repeatsEn;
