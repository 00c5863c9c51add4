// Branch-name validation by git's own rules (git-check-ref-format), with the reason spelled out so the
// user can fix the name as they type it. No shell ever sees a name, so characters a shell would treat
// specially (`;`, `$`, backticks…) are simply characters: git's rules alone decide.

/** Why `name` cannot be a branch name, or undefined when git accepts it (as `git check-ref-format --branch`). */
export function branchNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (name.startsWith('-')) return "a branch name cannot start with '-'";
  if (name === 'HEAD') return "'HEAD' is reserved by git";
  if (name === '@') return "'@' alone is reserved by git";
  // eslint-disable-next-line no-control-regex
  const control = /[\x00-\x1f\x7f]/.exec(name);
  if (control) return 'it contains a control character (a tab or a line break)';
  if (name.includes(' ')) return 'it contains a space';
  for (const [ch, what] of [['~', 'a tilde (~)'], ['^', 'a caret (^)'], [':', 'a colon (:)'], ['?', 'a question mark (?)'], ['*', 'an asterisk (*)'], ['[', 'an opening bracket ([)'], ['\\', 'a backslash (\\)']] as const) {
    if (name.includes(ch)) return `it contains ${what}`;
  }
  if (name.includes('..')) return "it contains '..'";
  if (name.includes('@{')) return "it contains '@{'";
  if (name.startsWith('/')) return "it starts with '/'";
  if (name.endsWith('/')) return "it ends with '/'";
  if (name.includes('//')) return "it contains '//'";
  if (name.endsWith('.')) return "it ends with '.'";
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return `the part '${part}' starts with '.'`;
    if (part.endsWith('.lock')) return `the part '${part}' ends with '.lock'`;
  }
  return undefined;
}

/**
 * Why `name` (what the user types after the kind) cannot name a gitflow branch under `prefix`, or undefined.
 * The name itself may not start with '-' even under a prefix: it is what users type on command lines.
 */
export function flowNameProblem(prefix: string, name: string): string | undefined {
  if (name.trim().length === 0) return 'type a name';
  if (name.startsWith('-')) return "a name cannot start with '-'";
  const problem = branchNameProblem(prefix + name);
  return problem && `'${prefix}${name}' is not a valid branch name: ${problem}`;
}
