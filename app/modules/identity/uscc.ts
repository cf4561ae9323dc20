/**
 * 统一社会信用代码 (unified social credit code), GB 32100-2015.
 *
 * 18 characters from the 31-character set below (no I, O, S, V, Z): registration authority (1),
 * organisation type (1), administrative region (6 digits, GB/T 2260), organisation code (9, GB 11714),
 * check character (1). The check character is C18 = 31 − (Σ Wi·Ci mod 31), with 31 written as 0.
 * Shared by the browser and the server so both say the same thing about the same code.
 */
export const USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type UsccProblem = "length" | "charset" | "region" | "checkDigit";

/** Upper-cases and strips spaces, which people often type or paste with the code. */
export function normalizeUscc(input: string): string {
  return input.replace(/[\s\u3000-]/g, "").toUpperCase();
}

export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error("usccCheckChar needs the first 17 characters");
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17[i]!);
    if (value < 0) throw new Error(`character ${first17[i]} is not allowed in a USCC`);
    sum += value * WEIGHTS[i]!;
  }
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARSET[check]!;
}

export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return "length";
  for (const ch of code) if (!USCC_CHARSET.includes(ch)) return "charset";
  if (!/^[0-9]{6}$/.test(code.slice(2, 8))) return "region";
  if (usccCheckChar(code.slice(0, 17)) !== code[17]) return "checkDigit";
  return null;
}

export function isValidUscc(code: string): boolean {
  return usccProblem(code) === null;
}
