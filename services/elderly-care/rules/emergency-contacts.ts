import { badInput } from '../../kit/errors';

export interface EmergencyContactAsGiven {
  name: string;
  relation: string;
  phone: string;
}

const MAX_EMERGENCY_CONTACTS = 5;
/** A mainland mobile number, or a landline with its area code (0571-87654321). */
const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;

/** Emergency contacts (紧急联系人): at most five, each named, with their relation and a phone number that can be dialled. */
export function checkEmergencyContacts(contacts: readonly EmergencyContactAsGiven[]): void {
  if (contacts.length > MAX_EMERGENCY_CONTACTS) {
    throw badInput(`An elder has at most ${MAX_EMERGENCY_CONTACTS} emergency contacts; got ${contacts.length}.`, { field: 'emergencyContacts' });
  }
  contacts.forEach(({ name, relation, phone }, i) => {
    const at = `emergencyContacts[${i}]`;
    if (name.trim().length === 0 || name.length > 50) throw badInput(`${at}.name must be 1 to 50 characters.`, { field: `${at}.name` });
    if (relation.trim().length === 0 || relation.length > 20) {
      throw badInput(`${at}.relation must be 1 to 20 characters, e.g. 女儿.`, { field: `${at}.relation` });
    }
    if (!PHONE.test(phone)) {
      throw badInput(`${at}.phone must be an 11-digit mobile number or a landline with its area code; got "${phone}".`, { field: `${at}.phone` });
    }
  });
}
