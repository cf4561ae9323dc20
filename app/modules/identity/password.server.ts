import { hash, verify, type Options } from "@node-rs/argon2";

// Argon2id with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane).
// (Algorithm.Argon2id is a const enum, which isolated modules cannot import; its value is 2.)
const OPTIONS: Options = { algorithm: 2 as Options["algorithm"], memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a fixed hash when the account does not exist keeps the response time the same,
// so timing does not tell which e-mail addresses have accounts.
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword("not-a-real-password-" + Math.random());
  await verifyPassword(await dummyHash, password);
}
