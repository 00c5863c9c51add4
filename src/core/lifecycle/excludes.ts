// Which paths are never evidence: vendored and generated trees, tool caches and test fixtures of
// other projects, project templates, plus the user's own globs. Checked with one set lookup per folder.
import picomatch from 'picomatch';

/** Folder names that hold someone else's code, generated output or caches. */
export const EXCLUDED_DIRS = [
  'node_modules', 'bower_components', 'jspm_packages', 'vendor', 'third_party', 'third-party', 'external', 'extern',
  '.git', '.hg', '.svn', '.venv', 'venv', '.env', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache',
  '.terraform', '.terragrunt-cache', '.gradle', '.m2', '.yarn', '.pnpm-store', '.next', '.nuxt', '.svelte-kit',
  '.cache', '.parcel-cache', 'coverage', '.nyc_output', '.vscode-test', '.idea',
  // Fixtures and snapshots are test data about files, not the project's own tooling.
  'fixtures', '__fixtures__', 'test-fixtures', 'testdata', '__snapshots__',
  // Project templates: a Backstage software template's skeleton is the tooling of the projects it creates.
  'skeleton',
] as const;

/** Build output: excluded when the folder is walked; in a git repo .gitignore already says so. */
export const BUILD_OUTPUT_DIRS = ['dist', 'out', 'target', 'obj'] as const;

/**
 * A folder named by a template placeholder (`{{cookiecutter.project_slug}}`, `${{ values.name }}`,
 * `{% if … %}`) belongs to a project generator: what is under it is the generated project's tooling.
 */
function isTemplatePlaceholder(segment: string): boolean {
  return segment.includes('{{') || segment.includes('{%');
}

export class PathFilter {
  private readonly dirs: ReadonlySet<string>;
  private readonly user: ((p: string) => boolean) | undefined;

  /**
   * `walking` adds build output to the never-evidence folders; `dirs` replaces the built-in folder names
   * altogether, for a listing with other needs (Jest discovery skips only node_modules and VCS folders).
   */
  constructor(userGlobs: readonly string[] = [], walking = false, dirs?: readonly string[]) {
    this.dirs = new Set<string>(dirs ?? (walking ? [...EXCLUDED_DIRS, ...BUILD_OUTPUT_DIRS] : EXCLUDED_DIRS));
    this.user = userGlobs.length > 0 ? picomatch([...userGlobs], { dot: true }) : undefined;
  }

  // Listings come sorted, so consecutive paths mostly share their folder: its verdict is kept.
  private lastDir: string | undefined;
  private lastDirExcluded = false;

  /** True when a workspace-relative path (forward slashes) must not be evidence. */
  excludes(path: string): boolean {
    const end = path.lastIndexOf('/');
    if (end !== -1) {
      const dir = path.slice(0, end + 1);
      if (dir !== this.lastDir) {
        this.lastDir = dir;
        this.lastDirExcluded = this.excludesFolderPath(dir);
      }
      if (this.lastDirExcluded) return true;
    }
    return this.user !== undefined && this.user(path);
  }

  /** Each folder segment is looked up in a set: cheaper than a regex over every path of a large tree. */
  private excludesFolderPath(dir: string): boolean {
    for (let start = 0, slash = dir.indexOf('/'); slash !== -1; start = slash + 1, slash = dir.indexOf('/', start)) {
      const segment = dir.slice(start, slash);
      if (this.dirs.has(segment) || isTemplatePlaceholder(segment)) return true;
    }
    return false;
  }

  /** True when a folder (relative, no trailing slash) need not be entered at all. */
  excludesDir(dir: string): boolean {
    return this.excludes(`${dir}/`);
  }
}
