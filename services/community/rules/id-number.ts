/** GB 11643-1999 resident ID numbers: 17 digits and a check character over weighted digits mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

export function idNumberCheckCharacter(first17: string): string {
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(first17[i]), 0);
  return CHECK_CHARACTERS[sum % 11]!;
}

/** Whether `idNumber` is well formed, has a valid check character and encodes `birthDate` (YYYY-MM-DD). */
export function isValidIdNumber(idNumber: string, birthDate: string): boolean {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return false;
  if (idNumber.slice(6, 14) !== birthDate.replace(/-/g, '')) return false;
  return idNumber[17] === idNumberCheckCharacter(idNumber.slice(0, 17));
}
