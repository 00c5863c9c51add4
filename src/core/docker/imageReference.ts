// Validates an image name and tag against Docker's reference grammar (distribution/reference) before a
// build runs, so a bad tag is refused with the rule instead of Docker's terse "invalid reference format".

/** The grammar, in the words the error messages quote. */
export const TAG_RULE = 'a tag is 1–128 characters: letters, digits, "_", "." and "-", not starting with "." or "-"';
export const NAME_RULE =
  'a name is lowercase path components (a–z, 0–9, separated by ".", "_", "__" or "-") joined by "/", optionally after a registry host[:port]/, at most 255 characters';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_PART = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])$/;
const TAG = /^[\w][\w.-]{0,127}$/;

export interface ImageReference {
  readonly name: string;
  readonly tag: string;
}

/** Splits `name[:tag]` (the tag defaults to `latest`) or throws an Error that states the rule broken. */
export function parseImageReference(input: string): ImageReference {
  const ref = input.trim();
  if (ref.length === 0) throw new Error(`The image name is empty: ${NAME_RULE}.`);
  if (ref.includes('@')) throw new Error(`"${ref}" has a digest (@…): a build can only be tagged name[:tag].`);
  // The tag is after the last ":" that comes after the last "/" (a ":" before it is a registry port).
  const slash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? ref.slice(0, colon) : ref;
  const tag = hasTag ? ref.slice(colon + 1) : 'latest';
  if (!TAG.test(tag)) throw new Error(`"${tag}" is not a valid image tag: ${TAG_RULE}.`);
  checkName(name, ref);
  return { name, tag };
}

function checkName(name: string, ref: string): void {
  if (name.length === 0) throw new Error(`"${ref}" has no image name before the tag: ${NAME_RULE}.`);
  if (name.length > 255) throw new Error(`The image name is ${name.length} characters long: ${NAME_RULE}.`);
  const parts = name.split('/');
  const first = parts[0]!;
  // A first component with a "." or ":" (or "localhost") is a registry host, which may use capitals and a port.
  const isDomain = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const path = isDomain ? parts.slice(1) : parts;
  if (isDomain) {
    const [host = '', port, extra] = first.split(':');
    const hostOk = host.split('.').every((p) => DOMAIN_PART.test(p));
    const portOk = port === undefined || /^[0-9]+$/.test(port);
    if (!hostOk || !portOk || extra !== undefined) throw new Error(`"${first}" is not a valid registry host in "${ref}": host[:port] of letters, digits, "-" and ".".`);
  }
  for (const component of path) {
    if (COMPONENT.test(component)) continue;
    const why = /[A-Z]/.test(component) ? 'it has uppercase letters' : component === '' ? 'it is empty' : 'it has characters that are not allowed there';
    throw new Error(`"${name}" is not a valid image name (the component "${component}": ${why}): ${NAME_RULE}.`);
  }
}

/** The tag a build of `folderName` is offered first: `<folder>:latest`, made valid (lowercase, allowed characters). */
export function suggestTag(folderName: string): string {
  const base = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .replace(/[._-]{2,}/g, '-');
  return `${base || 'image'}:latest`;
}
