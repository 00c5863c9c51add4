// The headless CLI: `devops-lifecycle scan [DIR] [--json]`. Same engine as the extension.
// Exit codes: 0 ok, 1 the operation failed (one-line reason on stderr), 2 bad usage.
import { runCli } from './cli';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`devops-lifecycle: ${(e as Error).message}\n`);
    process.exitCode = 1;
  },
);
