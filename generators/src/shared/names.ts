import { GeneratorRefusal } from './generator-refusal';

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** True for lower-case words of letters and digits joined by single hyphens, starting with a letter. */
export function isKebabCase(name: string): boolean {
  return KEBAB_CASE.test(name);
}

/**
 * The kebab-case spelling of `name` (`PaymentCaptured`, `payment_captured`, `Payment Captured` →
 * `payment-captured`), or undefined when no such spelling starts with a letter.
 */
export function toKebabCase(name: string): string | undefined {
  const kebab = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    .join('-');
  return isKebabCase(kebab) ? kebab : undefined;
}

/**
 * Returns `name` when it is kebab case; refuses otherwise, with the spelling to type instead.
 * `what` says which name it is, as the user knows it: `event name`, `--event`.
 */
export function requireKebabCase(name: string | undefined, what: string): string {
  if (name !== undefined && isKebabCase(name)) return name;
  const suggestion = name === undefined ? undefined : toKebabCase(name);
  const instead = suggestion ? `type ${suggestion}` : 'type lower-case words of letters and digits joined by hyphens, starting with a letter (payment-captured)';
  throw new GeneratorRefusal(`${what} '${name ?? ''}' is not kebab case: ${instead}.`);
}

const words = (kebab: string): string[] => kebab.split('-');
const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/** `payment-captured` → `PaymentCaptured`. */
export function pascalCase(kebab: string): string {
  return words(kebab).map(capitalize).join('');
}

/** `payment-captured` → `paymentCaptured`. */
export function camelCase(kebab: string): string {
  const pascal = pascalCase(kebab);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** `order-fulfilment` → `ORDER_FULFILMENT`. */
export function constantCase(kebab: string): string {
  return words(kebab).join('_').toUpperCase();
}

/** `payment-captured` → `payment captured`. */
export function spaced(kebab: string): string {
  return words(kebab).join(' ');
}
