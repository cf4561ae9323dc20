import type limitsZh from "./limits.zh-CN";

const limitsEn: { [K in keyof typeof limitsZh]: string } = {
  "limits.tooLarge.title": "Too much was sent",
  "limits.tooLarge.body":
    "This submission is over the allowed size or number of fields; nothing was saved. Please shorten it and send it again.",
  "limits.tooLarge.limits": "Limits: {size}, {fields} fields.",
  "limits.badForm.title": "Bad request",
  "limits.badForm.body": "What was sent could not be read; nothing was saved. Please go back and submit the page again.",
  "limits.back": "Back to the home page",
};
export default limitsEn;
