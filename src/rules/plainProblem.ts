/**
 * Validation messages in the words an admin uses, shown at the field they concern. The
 * validator speaks JSON Schema ("must match pattern ..."); the form says what to type. Pure.
 */

/** What each pattern of the rules schema asks for, by the pattern itself. */
const PATTERNS: Record<string, string> = {
  '^[a-z0-9][a-z0-9_-]{0,62}$':
    'Use lowercase letters, digits, - and _, starting with a letter or digit.',
  '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$': 'Use a user name: letters, digits, ., _ and -.',
  '^[a-z_][a-z0-9_]*$': 'Use a step name: lowercase letters, digits and _.',
  '^[a-z0-9_*?]{1,64}$': 'Use a step name or a glob with * and ?, e.g. feature_*.',
  '^[A-Za-z_][A-Za-z0-9_.-]{0,99}$': 'Use a metric name such as accuracy.',
  '^([01][0-9]|2[0-3]):[0-5][0-9]$': 'Use a 24-hour time such as 16:00.',
  '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$': 'Use a time zone such as UTC or Europe/Berlin.',
  '^@?[a-z0-9@/._-]{1,100}$': 'Use a scanner id such as @secretlint/secretlint-rule-basicauth.'
};

/** One validator message in plain words. */
export function plainMessage(message: string): string {
  let m: RegExpExecArray | null;
  if (message === 'is required') {
    return 'Required.';
  }
  if ((m = /^must match pattern "(.*)"$/.exec(message))) {
    return PATTERNS[m[1]] ?? 'Not in the expected form.';
  }
  if ((m = /^must be (>=|<=|>|<) (-?[\d.e+-]+)$/.exec(message))) {
    const words = { '>=': 'at least', '<=': 'at most', '>': 'more than', '<': 'less than' };
    return `Must be ${words[m[1] as keyof typeof words]} ${m[2]}.`;
  }
  if (message === 'must be number') {
    return 'Enter a number.';
  }
  if (message === 'must be integer') {
    return 'Enter a whole number.';
  }
  if (message === 'must NOT have fewer than 1 characters') {
    return 'Cannot be empty.';
  }
  if ((m = /^must NOT have more than (\d+) characters$/.exec(message))) {
    return `Too long: at most ${m[1]} characters.`;
  }
  if ((m = /^must NOT have fewer than (\d+) items$/.exec(message))) {
    return m[1] === '1' ? 'Give at least one.' : `Give at least ${m[1]}.`;
  }
  if ((m = /^must NOT have more than (\d+) items$/.exec(message))) {
    return `At most ${m[1]}.`;
  }
  if (/^must NOT have fewer than \d+ properties$/.test(message)) {
    return 'Fill in at least one of these, or turn this off.';
  }
  if (/^must NOT have duplicate items/.test(message)) {
    return 'Listed twice: remove the repeat.';
  }
  if (message === 'must be equal to one of the allowed values') {
    return 'Pick one of the choices.';
  }
  if (message === 'must match format "date-time"') {
    return 'Use a date and time such as 2026-12-24T00:00:00Z.';
  }
  if ((m = /^must be (string|boolean|object|array)$/.exec(message))) {
    return `Must be ${m[1] === 'array' ? 'a list' : `a ${m[1] === 'object' ? 'group of fields' : m[1]}`}.`;
  }
  if ((m = /^unknown field "(.*)"$/.exec(message))) {
    return `“${m[1]}” is not a setting of this rule; remove it in the JSON view.`;
  }
  return message;
}
