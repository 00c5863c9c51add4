// A Docker engine for the runners that start VS Code (runIntegration.mjs) or benchmarks (bench-docker.mjs):
// the engine DOCKER_HOST (or the default socket) points at when one answers, else a private dockerd when
// this process can start one (root on Linux). The logic lives in test/support/dockerd.ts, shared with the
// unit tests; run the build first (its compiled form is out/test/support/dockerd.js).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './codeServer.mjs';

/**
 * Resolves with `{ host, env, stop }`: `env` holds DOCKER_HOST for child processes. When no engine can be had
 * it resolves with `{ error }` (the Docker tests then fail under CI and report why), never throws.
 */
export async function dockerEngineForTests() {
  const mod = await import(pathToFileURL(join(repoRoot, 'out', 'test', 'support', 'dockerd.js')).href);
  const { findOrStartDockerEngine } = mod.default ?? mod;
  try {
    const engine = await findOrStartDockerEngine();
    if (engine.started) console.log(`[docker] started a private dockerd at ${engine.host}`);
    return { host: engine.host, env: { DOCKER_HOST: engine.host }, stop: () => engine.stop() };
  } catch (error) {
    console.warn(`[docker] no Docker engine for the tests: ${error.message}`);
    return { error, env: {}, stop: async () => {} };
  }
}
