// SPDX-License-Identifier: EUPL-1.2
//
// PouchDB 9 (memory adapter) pulling 20,000 DE from relais-server and
// from express-pouchdb (memory adapter) holding the same documents, in the
// same run: both servers in their own process, loaded with the same
// _bulk_docs batches, then pulled in turn into fresh memory databases.
// Beside them the floor: pouchdb-replay-server.js answering the same pull
// with relais-server's recorded answers at no cost, to tell what any
// server could gain from what PouchDB itself takes.
// Not a test: prints `bench:` lines (medians of the runs, and the best).
//
//   node bench-pouchdb.js BUILD_DIR [N_DE] [RUNS]
'use strict';

const { createRequire } = require('node:module');
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');

const interop = createRequire(path.join(__dirname, '..', 'interop', 'package.json'));
const PouchDB = interop('pouchdb').plugin(interop('pouchdb-adapter-memory'));
const { replayKey } = require('./pouchdb-replay-key.js');

const build = path.resolve(process.argv[2] || 'build-release');
const N = Number(process.argv[3] || 20000);
const RUNS = Number(process.argv[4] || 3);
const AUTH = 'Basic ' + Buffer.from('admin:relais-test-admin').toString('base64');
const children = [];

function start(command, argv, cwd) {
  const child = spawn(command, argv, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      if (!line.startsWith('listening on ')) reject(new Error(`${command}: ${line}`));
      resolve(line.slice('listening on '.length));
    });
    child.once('exit', (code) => reject(new Error(`${command} exited with ${code}`)));
  });
}

async function http(base, method, p, body) {
  const r = await fetch(new URL(p, base), {
    method,
    headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await r.json();
  if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${JSON.stringify(json)}`);
  return json;
}

async function load(base, docs) {
  await http(base, 'PUT', 'bench');
  const t0 = performance.now();
  for (let i = 0; i < docs.length; i += 1000) {
    const rows = await http(base, 'POST', 'bench/_bulk_docs', { docs: docs.slice(i, i + 1000) });
    if (rows.some((row) => !row.ok)) throw new Error(`load: ${JSON.stringify(rows.find((r) => !r.ok))}`);
  }
  return performance.now() - t0;
}

let dbCount = 0;
async function pull(base, batchSize, options = {}) {
  const u = new URL(base);
  u.username = 'admin';
  u.password = 'relais-test-admin';
  const local = new PouchDB(`bench-${dbCount++}`, { adapter: 'memory' });
  const t0 = performance.now();
  const result = await PouchDB.replicate(new PouchDB(`${u.href}bench`, options), local,
                                         { batch_size: batchSize });
  const ms = performance.now() - t0;
  if (!result.ok || result.docs_written !== N) throw new Error(`pull wrote ${result.docs_written}/${N}`);
  await local.destroy();
  return ms;
}

// One untimed pull from relais-server whose answers (checkpoints aside)
// go into @record for the replay server.
async function record(base, batchSize, answers) {
  const fetch = async (url, opts) => {
    const response = await PouchDB.fetch(url, opts);
    const text = await response.text();
    if (!String(url).includes('/_local/'))
      answers[replayKey(opts.method || 'GET', new URL(url).pathname + new URL(url).search,
                        opts.body)] = text;
    response.json = async () => JSON.parse(text);
    return response;
  };
  await pull(base, batchSize, { fetch });
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'relais-bench-pouchdb-'));
  try {
    const out = execFileSync(path.join(build, 'tests', 'bench', 'gen-de-json'), [String(N)], {
      maxBuffer: 1 << 30, encoding: 'utf8' });
    const docs = out.trim().split('\n').map((line) => JSON.parse(line));

    fs.writeFileSync(path.join(tmp, 'relais.ini'),
      '[server]\nlog-level = warning\n\n[admins]\nadmin = relais-test-admin\n');
    const relais = await start(path.join(build, 'src', 'server', 'relais-server'),
      ['serve', '--config', path.join(tmp, 'relais.ini'), '--port', '0', '--data-dir', path.join(tmp, 'data')]);
    const express = await start(process.execPath, [path.join(__dirname, '..', 'interop', 'express-pouchdb-server.js')], tmp);
    const peers = { relais, express };

    for (const [name, base] of Object.entries(peers)) {
      const ms = await load(base, docs);
      console.log(`bench: pouchdb_load_${N}_${name} ${Math.round(ms)} ms`);
    }
    const answers = {};
    for (const batch of [100, 1000]) await record(relais, batch, answers);
    fs.writeFileSync(path.join(tmp, 'replay.json'), JSON.stringify(answers));
    peers.floor = await start(process.execPath,
      [path.join(__dirname, 'pouchdb-replay-server.js'), path.join(tmp, 'replay.json')], tmp);

    for (const batch of [100, 1000]) {
      const times = { relais: [], express: [], floor: [] };
      // Alternate the peers so that a busy moment of the shared machine
      // does not fall on one of them only.
      for (let run = 0; run < RUNS; run++)
        for (const [name, base] of Object.entries(peers)) times[name].push(await pull(base, batch));
      for (const name of Object.keys(peers))
        console.log(`bench: pouchdb_pull_${N}_b${batch}_${name} ${Math.round(median(times[name]))} ms` +
          ` (best ${Math.round(Math.min(...times[name]))})`);
      for (const name of ['relais', 'floor'])
        console.log(`bench: pouchdb_pull_${N}_b${batch}_${name}_vs_express ` +
          `${(median(times.express) / median(times[name])).toFixed(2)} x` +
          ` (best ${(Math.min(...times.express) / Math.min(...times[name])).toFixed(2)})`);
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    fs.rmSync(tmp, { recursive: true, force: true });
  }
})().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exitCode = 1;
});
