// The pure parts of the Docker capability, on literal strings: build output of both builders (as printed
// by the legacy builder of Docker 28 / 20.10 and by BuildKit 20.10 with --progress=plain), the Dockerfile
// model, the image reference grammar, lifecycle.yml, the context check and the argv.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { analyzeFailure, describeStep, instructionForBuildKitStep, LineSplitter, parseStepLine } from '../../src/core/docker/buildOutput';
import { defaultTag, loadDockerConfig, parseDockerSection, resolveBuildPlan } from '../../src/core/docker/buildConfig';
import { checkContext, describeContextCheck } from '../../src/core/docker/contextCheck';
import { dockerBuildArgv, engineDownMessage } from '../../src/core/docker/dockerBuild';
import { contextSources, parseDockerfile } from '../../src/core/docker/dockerfile';
import { parseImageReference, suggestTag } from '../../src/core/docker/imageReference';

const MULTI_STAGE = [
  'FROM scratch AS base',
  'COPY busybox /bin/busybox',
  'RUN ["/bin/busybox", "sh", "-c", "echo hello"]',
  'ARG GREETING',
  'RUN ["/bin/busybox", "sh", "-c", "echo \\"$GREETING\\""]',
  '',
  'FROM base AS final',
  'RUN ["/bin/busybox", "false"]',
  '',
].join('\n');

const LEGACY_RUN_FAILED = `DEPRECATED: The legacy builder is deprecated and will be removed in a future release.
            Install the buildx component to build images with BuildKit:
            https://docs.docker.com/go/buildx/

Sending build context to Docker daemon  1.985MB
Step 1/7 : FROM scratch AS base
 --->
Step 2/7 : COPY busybox /bin/busybox
 ---> 32efa7056466
Step 3/7 : RUN ["/bin/busybox", "sh", "-c", "echo hello"]
 ---> Running in 5bd90e05feed
hello
Removing intermediate container 5bd90e05feed
 ---> e7ffa62d51b4
Step 4/7 : ARG GREETING
 ---> Running in 81d02fd17546
Removing intermediate container 81d02fd17546
 ---> ba76f36dd640
Step 5/7 : RUN ["/bin/busybox", "sh", "-c", "echo \\"$GREETING\\""]
 ---> Running in 5afca8409698
an error; $(x)
Removing intermediate container 5afca8409698
 ---> 53ccb6f96309
Step 6/7 : FROM base AS final
 ---> 53ccb6f96309
Step 7/7 : RUN ["/bin/busybox", "false"]
 ---> Running in 917938ad0de1
The command '/bin/busybox false' returned a non-zero code: 1
`;

const BUILDKIT_RUN_FAILED = `#1 [internal] load build definition from Dockerfile
#1 sha256:64761eb1957879ceec1bac57bc6a25a51d186004f6319436a26f59c2f6692935
#1 transferring dockerfile: 279B done
#1 DONE 0.0s

#4 [base 1/3] COPY busybox /bin/busybox
#4 sha256:3a9890366058427f2ab8dd8074987539990a5b296787338c8486b0bb260c05fa
#4 DONE 0.0s

#5 [base 2/3] RUN ["/bin/busybox", "sh", "-c", "echo hello"]
#5 0.057 hello
#5 DONE 0.1s

#6 [base 3/3] RUN ["/bin/busybox", "sh", "-c", "echo "a b; $(x)""]
#6 0.042 a b; $(x)
#6 DONE 0.0s

#7 [final 1/1] RUN ["/bin/busybox", "false"]
#7 sha256:52e16272cc5f62a02283ed64c10c6f2b0f126663e3e83dd6d5ca0a64a8e05f41
#7 ERROR: executor failed running [/bin/busybox false]: exit code: 1
------
 > [final 1/1] RUN ["/bin/busybox", "false"]:
------
executor failed running [/bin/busybox false]: exit code: 1
`;

const BUILDKIT_SYNTAX = `#2 [internal] load .dockerignore
#2 transferring context: 2B done
#2 DONE 0.0s
failed to solve with frontend dockerfile.v0: failed to create LLB definition: dockerfile parse error line 4: unknown instruction: FORM
`;

const LEGACY_SYNTAX = `Sending build context to Docker daemon  1.987MB
Error response from daemon: dockerfile parse error line 4: unknown instruction: FORM
`;

const LEGACY_MISSING_COPY = `Sending build context to Docker daemon  1.987MB
Step 1/3 : FROM scratch
 --->
Step 2/3 : COPY busybox /bin/busybox
 ---> Using cache
 ---> 32efa7056466
Step 3/3 : COPY missing.txt /m
COPY failed: file not found in build context or excluded by .dockerignore: stat missing.txt: file does not exist
`;

const BUILDKIT_MISSING_COPY = `#3 [1/2] COPY busybox /bin/busybox
#3 CACHED

#4 [2/2] COPY missing.txt /m
#4 sha256:d4c21f6f747da33a23166d5fd39075f38f9111b4cfbb68077c5f881e18e60ad8
#4 ERROR: "/missing.txt" not found: not found
------
 > [2/2] COPY missing.txt /m:
------
failed to compute cache key: "/missing.txt" not found: not found
`;

// Newer BuildKit (buildx) names the line in an excerpt.
const BUILDX_EXCERPT = `#6 [2/2] RUN false
#6 0.210 ERROR: process "/bin/sh -c false" did not complete successfully: exit code: 1
------
 > [2/2] RUN false:
------
Dockerfile.app:3
--------------------
   1 |     FROM alpine
   2 |     WORKDIR /x
   3 | >>> RUN false
--------------------
ERROR: failed to solve: process "/bin/sh -c false" did not complete successfully: exit code: 1
`;

describe('docker: build output parsers', () => {
  it('reads legacy, BuildKit and Podman step lines', () => {
    assert.deepEqual(parseStepLine('Step 3/7 : RUN ["/bin/busybox", "sh"]'), { builder: 'legacy', current: 3, total: 7, instruction: 'RUN ["/bin/busybox", "sh"]' });
    assert.deepEqual(parseStepLine('#5 [base 2/3] RUN echo hi'), { builder: 'buildkit', vertex: 5, stage: 'base', current: 2, total: 3, instruction: 'RUN echo hi' });
    assert.deepEqual(parseStepLine('#4 [1/2] COPY busybox /bin/busybox\r'), { builder: 'buildkit', vertex: 4, stage: undefined, current: 1, total: 2, instruction: 'COPY busybox /bin/busybox' });
    assert.deepEqual(parseStepLine('STEP 2/4: COPY . /app'), { builder: 'podman', current: 2, total: 4, instruction: 'COPY . /app' });
    assert.equal(parseStepLine('#1 [internal] load build definition from Dockerfile'), undefined);
    assert.equal(parseStepLine('#5 0.057 hello'), undefined);
    assert.equal(parseStepLine(' ---> Running in 5bd90e05feed'), undefined);
    assert.equal(describeStep(parseStepLine('Step 3/7 : RUN make')!), 'step 3/7: RUN make');
    assert.equal(describeStep(parseStepLine('#5 [base 2/3] RUN make')!), '[base 2/3] RUN make');
  });

  it('splits chunks into whole lines', () => {
    const s = new LineSplitter();
    assert.deepEqual(s.push('Step 1/2 : FR'), []);
    assert.deepEqual(s.push('OM scratch\r\nStep 2/2'), ['Step 1/2 : FROM scratch']);
    assert.deepEqual(s.flush(), ['Step 2/2']);
  });

  it('a failing RUN, legacy builder: the step, the reason, and its line', () => {
    const model = parseDockerfile(MULTI_STAGE);
    const f = analyzeFailure(LEGACY_RUN_FAILED, model);
    assert.equal(f.kind, 'step');
    assert.equal(f.message, `RUN ["/bin/busybox", "false"]: The command '/bin/busybox false' returned a non-zero code: 1`);
    assert.equal(f.line, 8);
  });

  it('a failing RUN, BuildKit: the vertex error, mapped through its stage to the line', () => {
    const model = parseDockerfile(MULTI_STAGE);
    const f = analyzeFailure(BUILDKIT_RUN_FAILED, model);
    assert.equal(f.message, 'RUN ["/bin/busybox", "false"]: executor failed running [/bin/busybox false]: exit code: 1');
    assert.equal(f.line, 8);
    // Expanded variables do not match the text; the position inside the stage does.
    assert.equal(instructionForBuildKitStep(model, parseStepLine('#6 [base 3/3] RUN ["/bin/busybox", "sh", "-c", "echo "a b""]')!)?.line, 5);
  });

  it('a syntax error, both builders: the line the parser names', () => {
    for (const out of [BUILDKIT_SYNTAX, LEGACY_SYNTAX]) {
      const f = analyzeFailure(out);
      assert.equal(f.kind, 'syntax');
      assert.equal(f.line, 4);
      assert.equal(f.message, 'Dockerfile syntax error on line 4: unknown instruction: FORM');
    }
  });

  it('a missing COPY source, both builders', () => {
    const model = parseDockerfile('FROM scratch\nCOPY busybox /bin/busybox\nCOPY missing.txt /m\n');
    const legacy = analyzeFailure(LEGACY_MISSING_COPY, model);
    assert.equal(legacy.line, 3);
    assert.match(legacy.message, /^COPY missing\.txt \/m: COPY failed: file not found in build context/);
    const bk = analyzeFailure(BUILDKIT_MISSING_COPY, model);
    assert.equal(bk.line, 3);
    assert.equal(bk.message, 'COPY missing.txt /m: "/missing.txt" not found: not found');
  });

  it('BuildKit excerpts name the line outright', () => {
    const f = analyzeFailure(BUILDX_EXCERPT, undefined, 'Dockerfile.app');
    assert.equal(f.line, 3);
    assert.equal(f.message, 'RUN false: process "/bin/sh -c false" did not complete successfully: exit code: 1');
    const vertex = analyzeFailure(BUILDX_EXCERPT.replace('#6 0.210 ERROR:', '#6 ERROR:'), undefined, 'Dockerfile.app');
    assert.equal(vertex.message, 'RUN false: process "/bin/sh -c false" did not complete successfully: exit code: 1');
    assert.equal(vertex.line, 3);
  });

  it('no engine, and the advice on how to start one', () => {
    const f = analyzeFailure('DEPRECATED: The legacy builder is deprecated\n\nCannot connect to the Docker daemon at unix:///tmp/nope.sock. Is the docker daemon running?\n');
    assert.equal(f.kind, 'engine');
    assert.match(engineDownMessage('docker', f.message, { DOCKER_HOST: 'unix:///tmp/nope.sock' }), /Docker is not running: no engine answers at DOCKER_HOST=unix:\/\/\/tmp\/nope\.sock\. Start it/);
    assert.match(engineDownMessage('podman', 'Cannot connect to Podman'), /podman machine start/);
    // BuildKit's session dial can lose the race and report the dead socket in its own words.
    const grpc = analyzeFailure("failed to dial gRPC: cannot connect to the Docker daemon. Is 'docker daemon' running on this host?: dial unix /tmp/nope.sock: connect: no such file or directory\n");
    assert.equal(grpc.kind, 'engine');
  });

  it('a CLI that refuses its flags or lacks buildx', () => {
    assert.equal(analyzeFailure('ERROR: BuildKit is enabled but the buildx component is missing or broken.\n').kind, 'cli');
    const f = analyzeFailure('invalid argument "Bad:tag" for "-t, --tag" flag: invalid reference format: repository name must be lowercase\nSee \'docker build --help\'.\n');
    assert.equal(f.kind, 'cli');
  });
});

describe('docker: Dockerfile model', () => {
  it('lists stages with names, images and lines, and instructions with their stage', () => {
    const m = parseDockerfile(`# syntax=docker/dockerfile:1\nARG V=1\nFROM node:20-alpine AS build\nRUN npm ci \\\n  && npm test\nFROM --platform=linux/amd64 scratch\nCOPY --from=build /app /app\n`);
    assert.deepEqual(m.stages, [
      { index: 0, name: 'build', image: 'node:20-alpine', line: 3 },
      { index: 1, name: undefined, image: 'scratch', line: 6 },
    ]);
    assert.deepEqual(m.instructions.map((i) => [i.keyword, i.line, i.endLine, i.stage]), [['ARG', 2, 2, -1], ['FROM', 3, 3, 0], ['RUN', 4, 5, 0], ['FROM', 6, 6, 1], ['COPY', 7, 7, 1]]);
    assert.equal(m.instructions[2]!.text, 'RUN npm ci && npm test');
  });

  it('finds the local COPY/ADD sources (not --from, URLs, variables or globs)', () => {
    const m = parseDockerfile(`FROM scratch\nCOPY --chown=1 a b /x/\nCOPY ["c d", "/e"]\nADD https://example.com/y /z\nCOPY --from=base /a /b\nCOPY $SRC /s\nCOPY *.json /j/\nADD ./pkg.tar /\n`);
    assert.deepEqual(contextSources(m).map((s) => [s.source, s.line]), [['a', 2], ['b', 2], ['c d', 3], ['./pkg.tar', 8]]);
  });
});

describe('docker: image references', () => {
  it('accepts what Docker accepts', () => {
    for (const ok of ['api', 'api:latest', 'my-org/api:1.2.3', 'registry.example.com:5000/team/api:v1_x', 'localhost/a', 'a__b/c.d-e:TAG', 'Registry.Example.com/x']) {
      assert.doesNotThrow(() => parseImageReference(ok), ok);
    }
    assert.deepEqual(parseImageReference('registry:5000/api'), { name: 'registry:5000/api', tag: 'latest' });
  });

  it('rejects what Docker rejects, stating the rule', () => {
    const cases: [string, RegExp][] = [
      ['Bad:tag', /"Bad" is not a valid image name \(the component "Bad": it has uppercase letters\): a name is lowercase/],
      ['api:-x', /"-x" is not a valid image tag: a tag is 1–128 characters/],
      ['api:' + 'x'.repeat(129), /not a valid image tag/],
      ['my api', /it has characters that are not allowed there/],
      ['a//b', /it is empty/],
      [':tag', /has no image name/],
      ['', /empty/],
      ['api@sha256:abc', /digest/],
      ['-api', /not a valid image name/],
    ];
    for (const [bad, rule] of cases) assert.throws(() => parseImageReference(bad), rule, bad);
  });

  it('suggests <folder>:latest, made valid', () => {
    assert.equal(suggestTag('API Server'), 'api-server:latest');
    assert.equal(suggestTag('_web_'), 'web:latest');
    assert.equal(suggestTag('日本'), 'image:latest');
    assert.doesNotThrow(() => parseImageReference(suggestTag('My..Odd--Name')));
  });
});

describe('docker: lifecycle.yml and the build plan', () => {
  const tmp: string[] = [];
  const dir = () => {
    const d = fs.mkdtempSync(join(os.tmpdir(), 'devops-docker-cfg-'));
    tmp.push(d);
    return d;
  };
  after(() => tmp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  it('reads docker.builds from .devops/lifecycle.yml and reports what is wrong', () => {
    const root = dir();
    fs.mkdirSync(join(root, '.devops'));
    fs.writeFileSync(join(root, '.devops/lifecycle.yml'), `docker:\n  builds:\n    - dockerfile: services/api/Dockerfile\n      context: .\n      tag: api:dev\n      target: runtime\n      buildArgs:\n        NODE_ENV: production\n        PORT: 3000\n    - context: nowhere\n`);
    const cfg = loadDockerConfig(root);
    assert.deepEqual(cfg.builds, [{ dockerfile: 'services/api/Dockerfile', context: '.', tag: 'api:dev', target: 'runtime', network: undefined, buildArgs: { NODE_ENV: 'production', PORT: '3000' } }]);
    assert.deepEqual(cfg.problems, ['.devops/lifecycle.yml: docker.builds[1] needs a "dockerfile" path']);
    assert.deepEqual(parseDockerSection({ docker: { builds: 'x' } }).problems, ['.devops/lifecycle.yml: docker.builds must be a list']);
    fs.writeFileSync(join(root, '.devops/lifecycle.yml'), 'docker: [unclosed\n');
    assert.match(loadDockerConfig(root).problems[0]!, /is not valid YAML/);
    assert.deepEqual(loadDockerConfig(dir()), { builds: [], problems: [] });
  });

  it('context: the request, else lifecycle.yml, else the setting, else the Dockerfile folder', () => {
    const root = '/w';
    const cfg = parseDockerSection({ docker: { builds: [{ dockerfile: 'api/Dockerfile', context: '.', tag: 'api:team', buildArgs: { A: 'yml', B: 'yml' } }] } });
    const dflt = { context: 'dockerfileFolder' as const, buildArgs: { A: 'settings', C: 'settings' } };
    assert.equal(resolveBuildPlan(root, { dockerfile: 'web/Dockerfile' }, cfg, dflt).context, '/w/web');
    assert.equal(resolveBuildPlan(root, { dockerfile: 'web/Dockerfile' }, cfg, { ...dflt, context: 'workspaceFolder' }).context, '/w');
    const fromYml = resolveBuildPlan(root, { dockerfile: '/w/api/Dockerfile' }, cfg, dflt);
    assert.equal(fromYml.context, '/w');
    assert.equal(fromYml.sources.context, 'lifecycle.yml');
    assert.equal(fromYml.tag, 'api:team');
    assert.deepEqual(fromYml.buildArgs, { A: 'yml', B: 'yml', C: 'settings' });
    const asked = resolveBuildPlan(root, { dockerfile: 'api/Dockerfile', context: 'api', tag: 'x:1', buildArgs: { B: 'req' } }, cfg, dflt, 'api:remembered');
    assert.deepEqual([asked.context, asked.tag, asked.buildArgs.B], ['/w/api', 'x:1', 'req']);
    assert.equal(resolveBuildPlan(root, { dockerfile: 'api/Dockerfile' }, cfg, dflt, 'api:remembered').tag, 'api:remembered');
    assert.equal(resolveBuildPlan(root, { dockerfile: 'web/Dockerfile' }, cfg, dflt).tag, 'web:latest');
    assert.equal(defaultTag('/repos/My Shop', '/repos/My Shop/Dockerfile'), 'my-shop:latest');
  });

  it('warns when COPY sources are missing from the context but exist at the workspace root', () => {
    const root = dir();
    fs.mkdirSync(join(root, 'app'));
    fs.writeFileSync(join(root, 'package.json'), '{}');
    fs.writeFileSync(join(root, 'app', 'server.js'), '');
    const model = parseDockerfile('FROM scratch\nCOPY package.json /app/\nCOPY server.js /app/\nCOPY nowhere.txt /\n');
    const check = checkContext(model, join(root, 'app'), root);
    assert.deepEqual(check.inRootOnly.map((s) => [s.source, s.line]), [['package.json', 2]]);
    assert.deepEqual(check.missing.map((s) => s.source), ['nowhere.txt']);
    assert.match(describeContextCheck(check, join(root, 'app'), root)!, /^The build context "app" does not contain package\.json \(line 2\), but the workspace folder does/);
    assert.equal(describeContextCheck(checkContext(model, root, root), root, root), undefined);
  });

  it('builds the argv: one element per value, never a shell string', () => {
    const argv = dockerBuildArgv({ dockerfile: '/w/a b/Dockerfile', context: '/w/a b', tag: 'x:1', target: 'final', network: 'none', buildArgs: { MSG: 'a b; $(rm -rf /) `x` "q" \'s\'', EMPTY: '' } });
    assert.deepEqual(argv, ['build', '--file', '/w/a b/Dockerfile', '--tag', 'x:1', '--target', 'final', '--network', 'none', '--build-arg', 'MSG=a b; $(rm -rf /) `x` "q" \'s\'', '--build-arg', 'EMPTY=', '/w/a b']);
  });

  it('noCache from the request becomes --no-cache; absent, the cache is used', () => {
    const settings = { context: 'dockerfileFolder' as const, buildArgs: {} };
    const fresh = resolveBuildPlan('/w', { dockerfile: 'Dockerfile', tag: 'x:1', noCache: true }, { builds: [], problems: [] }, settings);
    assert.ok(dockerBuildArgv(fresh).includes('--no-cache'));
    const cached = resolveBuildPlan('/w', { dockerfile: 'Dockerfile', tag: 'x:1' }, { builds: [], problems: [] }, settings);
    assert.ok(!dockerBuildArgv(cached).includes('--no-cache'));
  });
});
