// SPDX-License-Identifier: EUPL-1.2
//
// PouchDB 9's side of bench-sync: the same three replications against the
// same relais-server database, with PouchDB's default options.
//
//   node pouchdb-sync-bench.js SOURCE_URL PUSH_TARGET_URL N_CHANGED [ADAPTER]
//
// ADAPTER is `leveldb` (the default: PouchDB's own default in Node, a
// LevelDB folder on disk, as our store is a file on disk) or `memory`.
//
// The URLs carry the admin's credentials (user:password@). Modules come
// from tests/interop/node_modules (`npm ci --prefix tests/interop`). The
// last line of the output is a JSON object of the three times in ms.
'use strict';

const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const interop = path.join(__dirname, '..', 'interop', 'node_modules');
const PouchDB = require(path.join(interop, 'pouchdb'));
PouchDB.plugin(require(path.join(interop, 'pouchdb-adapter-memory')));

const [source, target, nText, adapterArg] = process.argv.slice(2);
const adapter = adapterArg || 'leveldb';

// One option differs from the defaults: a keep-alive agent. node-fetch's
// default `Connection: close` requests get intermittent "socket hang up"
// from relais-server (libsoup), and keep-alive only makes PouchDB faster.
const agent = new http.Agent({ keepAlive: true });
const options = { fetch: (url, opts) => PouchDB.fetch(url, Object.assign(opts, { agent })) };
const nChanged = parseInt(nText, 10);

// Node's fetch refuses credentials in the URL: they go in a header.
function plain(url) {
  const u = new URL(url);
  const auth = 'Basic ' + Buffer.from(decodeURIComponent(u.username) + ':' +
                                      decodeURIComponent(u.password)).toString('base64');
  u.username = '';
  u.password = '';
  return { url: u.toString().replace(/\/$/, ''), auth };
}

async function request(url, method, body) {
  const p = plain(url);
  const answer = await fetch(p.url, {
    method,
    headers: { Authorization: p.auth, 'Content-Type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!answer.ok)
    throw new Error(`${method} ${p.url}: HTTP ${answer.status}`);
  return answer.json();
}

async function timed(what) {
  const start = process.hrtime.bigint();
  const result = await what();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

async function main() {
  // LevelDB's folder in a temporary directory, removed at the end.
  const dir = adapter === 'memory' ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'relais-pouch-'));
  const local = new PouchDB(dir ? path.join(dir, 'db') : 'bench-' + process.pid, { adapter });

  const full = await timed(() => PouchDB.replicate(new PouchDB(source, options), local));
  if (full.result.docs_written === 0)
    throw new Error('full pull wrote nothing');

  // Edit documents on the server (others than bench-sync's own edits).
  const page = await request(`${source}/_all_docs?include_docs=true&skip=1000&limit=${nChanged}`,
                             'GET');
  const docs = page.rows.map((row) => Object.assign(row.doc, { commentaire_bench: 'pouchdb' }));
  const saved = await request(`${source}/_bulk_docs`, 'POST', { docs });
  if (saved.some((item) => item.error))
    throw new Error('edits refused: ' + JSON.stringify(saved.find((item) => item.error)));

  const changed = await timed(() => PouchDB.replicate(new PouchDB(source, options), local));
  if (changed.result.docs_written !== nChanged)
    throw new Error(`changed pull wrote ${changed.result.docs_written}`);

  const push = await timed(() => PouchDB.replicate(local, new PouchDB(target, options)));
  if (push.result.docs_written !== full.result.docs_written)
    throw new Error(`push wrote ${push.result.docs_written}`);

  console.log(`pouchdb (${adapter}): full pull ${full.result.docs_written} docs, changed pull ` +
              `${changed.result.docs_written}, push ${push.result.docs_written}`);
  console.log(JSON.stringify({
    full_pull_ms: full.ms,
    pull_changed_ms: changed.ms,
    push_ms: push.ms,
  }));
  await local.destroy();
  if (dir)
    fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
