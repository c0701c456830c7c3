/**
 * zod's own words for a broken input ("Too small: expected number to be >=0", "Invalid input: expected
 * string, received undefined") are a programmer's; a field's reason is read by a planner beside the
 * field. These are the product's plain phrases for the checks a schema leaves unworded, in the same
 * "is required", "must be at least 0" form as the reasons written by hand, so that one table
 * (http/reason-words.ts) puts every one of them into Chinese at the edge. A schema's own message wins.
 */
import { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const KINDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
};

const UNITS: Record<string, string> = { string: 'characters', array: 'items', set: 'items', file: 'bytes' };

function bound(issue: Issue & { code: 'too_small' | 'too_big' }): string {
  const small = issue.code === 'too_small';
  const limit = String(small ? issue.minimum : issue.maximum);
  const unit = UNITS[issue.origin];
  if (unit) {
    if (small && limit === '1' && issue.origin === 'string') return 'must not be empty';
    return `must have ${issue.exact ? 'exactly' : small ? 'at least' : 'at most'} ${limit} ${unit}`;
  }
  if (issue.exact) return `must be exactly ${limit}`;
  if (small) return issue.inclusive ? `must be at least ${limit}` : `must be more than ${limit}`;
  return issue.inclusive ? `must be at most ${limit}` : `must be less than ${limit}`;
}

const FORMATS: Record<string, string> = {
  uuid: 'must be a UUID',
  date: 'must be a date as YYYY-MM-DD',
  datetime: 'must be an ISO 8601 date and time',
  email: 'must be an e-mail address',
  url: 'must be a URL',
};

/** The plain phrase for an issue whose schema gave no message of its own. */
export function plainReason(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${KINDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
    case 'too_big':
      return bound(issue);
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return FORMATS[issue.format] ?? 'is not in the expected form';
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return 'is not a known field';
    default:
      return 'is not valid';
  }
}

z.config({ customError: plainReason });
