// Messages of the request limits: a form or upload refused before it is read (413), a body that is not a form (400).
const limitsZh = {
  "limits.tooLarge.title": "提交的内容过多",
  "limits.tooLarge.body": "这次提交超过了允许的大小或字段数量，没有保存任何内容。请精简后重新提交。",
  "limits.tooLarge.limits": "上限：{size}，{fields} 个字段。",
  "limits.badForm.title": "请求无效",
  "limits.badForm.body": "提交的内容无法识别，没有保存任何内容。请返回页面重新提交。",
  "limits.back": "返回首页",
} as const;
export default limitsZh;
