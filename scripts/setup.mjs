#!/usr/bin/env node
// Installs what Podium needs on this machine, idempotently, and fast when all is present.
//   node scripts/setup.mjs          what `npm start` needs (npm deps + speech packages)
//   node scripts/setup.mjs --test   also what `npm test` needs (Chromium, PostgreSQL server)
// Plain JavaScript on purpose: it runs before any dependency is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const forTests = process.argv.includes('--test');
const log = (msg) => process.stderr.write(`[setup] ${msg}\n`);

// onnxruntime-node's postinstall tries to download CUDA libraries and fails offline;
// the CPU binary it needs is bundled in the package.
const installEnv = { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' };

function npmDepsCurrent() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return false;
  const lock = join(root, 'package-lock.json');
  return statSync(marker).mtimeMs >= statSync(lock).mtimeMs - 1000;
}

function ensureNpmDeps() {
  if (npmDepsCurrent()) return;
  log('installing npm dependencies (npm ci)');
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: 'inherit',
    env: installEnv,
  });
  if (r.status !== 0) {
    log('npm ci failed; run it by hand to see why: ONNXRUNTIME_NODE_INSTALL=skip npm ci');
    process.exit(r.status ?? 1);
  }
}

/** Debian packages behind the embedded defaults. `required` ones stop the run when missing. */
const debianPackages = [
  { name: 'festival', why: 'twin voice (embedded TTS)', required: false },
  { name: 'festvox-us-slt-hts', why: 'twin voice (HTS voice)', required: false },
  { name: 'sox', why: 'audio conversion for speech', required: false },
  { name: 'pocketsphinx', why: 'spoken questions (embedded STT)', required: false },
  { name: 'pocketsphinx-en-us', why: 'spoken questions (English model)', required: false },
  ...(forTests
    ? [
        { name: 'chromium', why: 'browser and XR tests', required: true },
        { name: 'postgresql', why: 'storage tests against a real PostgreSQL', required: false },
      ]
    : []),
];

function installed(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function hasCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

function ensureDebianPackages() {
  if (!hasCommand('dpkg-query')) {
    log('not a Debian system: install Chromium, Festival (+ HTS voice), sox and pocketsphinx yourself');
    return;
  }
  const missing = debianPackages.filter((p) => !installed(p.name));
  if (missing.length === 0) return;
  const names = missing.map((p) => p.name);
  const cmd = `apt-get update && apt-get install -y --no-install-recommends ${names.join(' ')}`;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && hasCommand('apt-get')) {
    log(`installing Debian packages: ${names.join(', ')}`);
    try {
      execFileSync('sh', ['-c', cmd], {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
      return;
    } catch {
      log(`apt-get failed; run: ${cmd}`);
    }
  } else {
    log(`missing Debian packages; run as root: sudo sh -c '${cmd}'`);
  }
  for (const p of missing)
    log(`  ${p.name}: ${p.why}${p.required ? ' (required)' : ' (that feature degrades)'}`);
  if (missing.some((p) => p.required && !installed(p.name))) process.exit(1);
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    log(`Node ${process.versions.node} is too old: Podium needs Node >= 20.19`);
    process.exit(1);
  }
}

checkNode();
ensureNpmDeps();
ensureDebianPackages();
if (existsSync(join(root, 'package.json'))) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  log(`ready (podium ${version})`);
}
