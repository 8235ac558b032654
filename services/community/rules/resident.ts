/** Contact details as shown to viewers who may not see them in full: `138****5678`. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/** ID numbers are always shown masked, keeping the region and the last four characters: `330106********1234`. */
export const maskIdNumber = (idNumber: string) => `${idNumber.slice(0, 6)}********${idNumber.slice(-4)}`;

/** A birth date (YYYY-MM-DD) can be registered if it is not after `today` (YYYY-MM-DD). */
export const isPossibleBirthDate = (birthDate: string, today: string) => birthDate <= today;
