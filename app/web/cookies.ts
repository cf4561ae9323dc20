/** The cookie that remembers the chosen language (zh-CN or en). */
export const LANG_COOKIE = "lang";
