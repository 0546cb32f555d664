// No zod here: the accept page imports these and must stay small.
export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

/** Length in Unicode code points (not UTF-16 units), as NIST SP 800-63B counts it. */
export function passwordLength(password: string): number {
  return [...password].length;
}
