/** Contact details as shown to viewers who may not see them in full: `138****5678`. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/**
 * An ID number as shown to viewers who may not see it whole: its first and last characters, `3****************4`
 * (as GB/T 35273's examples show). The region (6 characters) follows from the address and the birth date (8) is the
 * birth date; what stays hidden is the 3-digit sequence, so nothing visible elsewhere completes the number. The last
 * (check) character, computed from the other 17, narrows the 1,000 possible sequences to about 90, never to one.
 */
export const maskIdNumber = (idNumber: string) => `${idNumber.slice(0, 1)}${'*'.repeat(idNumber.length - 2)}${idNumber.slice(-1)}`;

/** A birth date (YYYY-MM-DD) can be registered if it is not after `today` (YYYY-MM-DD). */
export const isPossibleBirthDate = (birthDate: string, today: string) => birthDate <= today;
