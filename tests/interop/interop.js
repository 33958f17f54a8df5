// SPDX-License-Identifier: EUPL-1.2
//
// PouchDB 9 (memory adapter) replicating with a running relais-server.
// Driven by test-interop.c, which starts the server and fills the
// databases:   node interop.js SCENARIO BASE_URL DB [ARGS…]
// Every check is an assertion: a failed one exits non-zero with the
// difference on stderr. The last stdout line is a JSON summary that the C
// side checks again.
'use strict';

const assert = require('node:assert/strict');
const PouchDB = require('pouchdb').plugin(require('pouchdb-adapter-memory'));

const [, , scenario, base, dbName, ...args] = process.argv;
const ADMIN = 'admin';
const PASSWORD = 'relais-test-admin';
const AUTH = 'Basic ' + Buffer.from(`${ADMIN}:${PASSWORD}`).toString('base64');

let requests = 0;
const seenUrls = [];

// PouchDB talks to the server through this fetch: it checks that the
// credentials of the URL become a Basic header on every request (the
// server will enforce them) and records the paths for the checkpoint test.
function checkingFetch(url, opts) {
  requests++;
  const auth = opts.headers.get('Authorization');
  assert.equal(auth, AUTH, `request without admin Basic credentials: ${url}`);
  assert.ok(!String(url).includes(PASSWORD), 'password left in the URL');
  seenUrls.push(`${opts.method || 'GET'} ${url}`);
  return PouchDB.fetch(url, opts);
}

// http://admin:relais-test-admin@127.0.0.1:PORT/db, as the issue asks.
function remoteUrl(db) {
  const u = new URL(base);
  u.username = ADMIN;
  u.password = PASSWORD;
  return u.href + encodeURIComponent(db);
}

function remote(db) {
  return new PouchDB(remoteUrl(db), { fetch: checkingFetch });
}

let localCount = 0;
function local() {
  return new PouchDB(`interop-${process.pid}-${localCount++}`, { adapter: 'memory' });
}

// Plain HTTP to the server, for the server-side edits and the checks.
async function http(method, path, body) {
  const r = await fetch(new URL(path, base), {
    method,
    headers: { Authorization: AUTH, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, json };
}

function docPath(db, id) {
  return `${encodeURIComponent(db)}/${encodeURIComponent(id)}`;
}

// What both sides must agree on, per document: every leaf, whether the
// winner is deleted, and for a live document its winning rev and conflicts.
async function serverState(db) {
  const ch = await http('GET', `${encodeURIComponent(db)}/_changes?style=all_docs`);
  assert.equal(ch.status, 200);
  const state = {};
  for (const row of ch.json.results)
    state[row.id] = { leaves: row.changes.map((c) => c.rev).sort(), deleted: !!row.deleted };
  for (const [id, s] of Object.entries(state)) {
    const d = await http('GET', `${docPath(db, id)}?conflicts=true`);
    if (s.deleted) {
      assert.equal(d.status, 404, `${id} deleted in _changes but readable`);
      assert.equal(d.json.reason, 'deleted');
      continue;
    }
    assert.equal(d.status, 200, `${id}: ${JSON.stringify(d.json)}`);
    s.rev = d.json._rev;
    s.conflicts = (d.json._conflicts || []).slice().sort();
  }
  return state;
}

async function pouchState(db) {
  const ch = await db.changes({ style: 'all_docs' });
  const state = {};
  for (const row of ch.results)
    state[row.id] = { leaves: row.changes.map((c) => c.rev).sort(), deleted: !!row.deleted };
  for (const [id, s] of Object.entries(state)) {
    if (s.deleted) {
      await assert.rejects(db.get(id), (e) => e.status === 404);
      continue;
    }
    const doc = await db.get(id, { conflicts: true });
    s.rev = doc._rev;
    s.conflicts = (doc._conflicts || []).slice().sort();
  }
  return state;
}

async function assertSameState(pouch, db, what) {
  const [p, s] = await Promise.all([pouchState(pouch), serverState(db)]);
  assert.deepStrictEqual(p, s, `PouchDB and relais-server differ (${what})`);
  return s;
}

// CouchDB's and PouchDB's winner: live first, then generation, then hash.
function expectedWinner(revs) {
  const key = (r) => [parseInt(r, 10), r.slice(r.indexOf('-') + 1)];
  return revs.slice().sort((a, b) => {
    const [ga, ha] = key(a);
    const [gb, hb] = key(b);
    return gb - ga || (hb > ha ? 1 : hb < ha ? -1 : 0);
  })[0];
}

function summarize(state) {
  const docs = Object.values(state);
  return {
    docs: docs.length,
    leaves: docs.reduce((n, d) => n + d.leaves.length, 0),
    deleted: docs.filter((d) => d.deleted).length,
    conflicted: docs.filter((d) => !d.deleted && d.conflicts.length > 0).length,
  };
}

async function allDocsBodies(db) {
  const r = await http('GET', `${encodeURIComponent(db)}/_all_docs?include_docs=true`);
  assert.equal(r.status, 200);
  return r.json.rows.map((row) => row.doc);
}

// Edits the body of a DE in a way its validation accepts.
function edited(doc, tag) {
  const copy = structuredClone(doc);
  delete copy._conflicts;
  copy.competences = [...(copy.competences || []), `Compétence ${tag}`];
  return copy;
}

async function serverPut(db, doc) {
  const r = await http('PUT', docPath(db, doc._id), doc);
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json.rev;
}

async function serverGet(db, id) {
  const r = await http('GET', docPath(db, id));
  assert.equal(r.status, 200, `${id}: ${JSON.stringify(r.json)}`);
  return r.json;
}

// 1. The C side filled DB (documents, conflicts, deletions): pull it into
// PouchDB, compare, push it into the new database COPY, compare again.
async function roundtrip() {
  const copy = args[0];
  const pouch = local();
  const pull = await PouchDB.replicate(remote(dbName), pouch, { batch_size: 100 });
  assert.equal(pull.ok, true);
  assert.equal(pull.doc_write_failures, 0);
  const source = await assertSameState(pouch, dbName, 'after the pull');

  // Bodies: every winner as the server has it.
  for (const doc of await allDocsBodies(dbName))
    assert.deepStrictEqual(await pouch.get(doc._id), doc);

  // PouchDB creates the target (PUT /copy) and pushes every leaf.
  const push = await PouchDB.replicate(pouch, remote(copy), { batch_size: 100 });
  assert.equal(push.ok, true);
  assert.equal(push.doc_write_failures, 0);
  assert.deepStrictEqual(await serverState(copy), source, 'the copy differs from the source');
  assert.deepStrictEqual(await allDocsBodies(copy), await allDocsBodies(dbName));

  // A second pull starts from its checkpoint and reads nothing.
  const again = await PouchDB.replicate(remote(dbName), pouch);
  assert.equal(again.docs_read, 0, 'the checkpoint was not used');
  return { ...summarize(source), pulled: pull.docs_written, pushed: push.docs_written };
}

// 2. Divergent revisions on both sides, replicated both ways.
async function conflicts() {
  const pouch = local();
  const r = remote(dbName);
  await PouchDB.replicate(r, pouch);
  const ids = Object.keys(await serverState(dbName)).sort().slice(0, 4);
  assert.equal(ids.length, 4, 'the C side writes at least 4 documents');
  const [a, b, c, d] = ids;

  // a: one edit each side, same generation: the higher hash wins.
  const aServer = await serverPut(dbName, edited(await serverGet(dbName, a), 'serveur'));
  const aPouch = (await pouch.put(edited(await pouch.get(a), 'pouch'))).rev;
  // b: two edits in PouchDB beat one on the server (generation).
  await serverPut(dbName, edited(await serverGet(dbName, b), 'serveur'));
  let bPouch = (await pouch.put(edited(await pouch.get(b), 'pouch 1'))).rev;
  bPouch = (await pouch.put(edited(await pouch.get(b), 'pouch 2'))).rev;
  // c: deleted in PouchDB at a higher generation, edited on the server: the
  // live leaf wins everywhere and the deleted one is not a conflict.
  const cServer = await serverPut(dbName, edited(await serverGet(dbName, c), 'serveur'));
  let cDoc = await pouch.get(c);
  cDoc = { ...cDoc, _rev: (await pouch.put(edited(cDoc, 'x'))).rev };
  await pouch.remove(cDoc);
  // d: a branch grafted on the server by a replicator (new_edits=false).
  const dDoc = await serverGet(dbName, d);
  const dGraft = `2-${'f'.repeat(32)}`;
  const g = await http('POST', `${encodeURIComponent(dbName)}/_bulk_docs`, {
    new_edits: false,
    docs: [{ ...edited(dDoc, 'greffe'), _rev: dGraft,
             _revisions: { start: 2, ids: ['f'.repeat(32), dDoc._rev.split('-')[1]] } }],
  });
  assert.equal(g.status, 201);
  assert.deepStrictEqual(g.json, []);
  const dPouch = (await pouch.put(edited(await pouch.get(d), 'pouch'))).rev;

  const sync = await PouchDB.sync(pouch, r);
  assert.equal(sync.push.ok && sync.pull.ok, true);
  const state = await assertSameState(pouch, dbName, 'after the conflicting edits');

  assert.equal(state[a].rev, expectedWinner([aServer, aPouch]));
  assert.deepStrictEqual(state[a].conflicts, [aServer, aPouch].filter((x) => x !== state[a].rev));
  assert.equal(state[b].rev, bPouch);
  assert.equal(state[b].conflicts.length, 1);
  assert.equal(state[c].rev, cServer);
  assert.deepStrictEqual(state[c].conflicts, []);
  assert.equal(state[c].leaves.length, 2);
  assert.equal(state[d].rev, expectedWinner([dGraft, dPouch]));
  assert.deepStrictEqual(state[d].conflicts, [dGraft, dPouch].filter((x) => x !== state[d].rev).sort());

  // Resolving in PouchDB (deleting the loser) resolves on the server too.
  await pouch.remove(a, state[a].conflicts[0]);
  // … and resolving on the server reaches PouchDB.
  const del = await http('DELETE', `${docPath(dbName, b)}?rev=${state[b].conflicts[0]}`);
  assert.equal(del.status, 200, JSON.stringify(del.json));
  await PouchDB.sync(pouch, r);
  const resolved = await assertSameState(pouch, dbName, 'after resolving');
  assert.deepStrictEqual(resolved[a].conflicts, []);
  assert.equal(resolved[a].rev, state[a].rev);
  assert.deepStrictEqual(resolved[b].conflicts, []);
  assert.equal(resolved[b].rev, bPouch);
  return summarize(state);
}

// 3. Deletions on either side, then a deleted document comes back.
async function deletions() {
  const pouch = local();
  const r = remote(dbName);
  await PouchDB.replicate(r, pouch);
  const ids = Object.keys(await serverState(dbName)).sort();
  assert.ok(ids.length >= 20);
  for (const id of ids.slice(0, 10)) {
    const doc = await serverGet(dbName, id);
    const del = await http('DELETE', `${docPath(dbName, id)}?rev=${doc._rev}`);
    assert.equal(del.status, 200);
  }
  for (const id of ids.slice(10, 20)) await pouch.remove(await pouch.get(id));
  await PouchDB.sync(pouch, r);
  const state = await assertSameState(pouch, dbName, 'after the deletions');
  assert.equal(summarize(state).deleted, 20);
  const info = await http('GET', encodeURIComponent(dbName));
  assert.equal(info.json.doc_del_count, 20);
  assert.equal(info.json.doc_count, ids.length - 20);
  assert.equal((await pouch.info()).doc_count, ids.length - 20);

  // A tombstone's body is the deleter's: GET ?rev= reads it.
  const tomb = state[ids[0]].leaves[0];
  const t = await http('GET', `${docPath(dbName, ids[0])}?rev=${tomb}`);
  assert.equal(t.status, 200);
  assert.equal(t.json._deleted, true);

  // Recreated in PouchDB (a new generation above the tombstone).
  const bodies = await allDocsBodies(dbName);
  const back = { ...bodies[0], _id: ids[10] };
  delete back._rev;
  const put = await pouch.put(back);
  assert.ok(put.rev.startsWith('3-'), put.rev);
  await PouchDB.replicate(pouch, r);
  assert.equal((await serverGet(dbName, ids[10]))._rev, put.rev);
  const after = await assertSameState(pouch, dbName, 'after the recreation');
  assert.equal(summarize(after).deleted, 19);
  return summarize(after);
}

// 4. Ids that need encoding, written on either side.
async function unicodeIds() {
  const template = (await allDocsBodies(dbName))[0];
  assert.ok(template, 'the C side writes a DE first');
  const serverIds = ['de:élodie-é', 'de:中文-文档', 'de:emoji-😀🎉', 'de:slash/in/id', 'de:q?h#a&b=c+d %'];
  const pouchIds = serverIds.map((id) => `${id}-pouch`);
  for (const id of serverIds) {
    const doc = { ...template, _id: id };
    delete doc._rev;
    await serverPut(dbName, doc);
  }
  const pouch = local();
  const r = remote(dbName);
  await PouchDB.replicate(r, pouch);
  for (const id of serverIds) assert.equal((await pouch.get(id))._id, id);
  for (const id of pouchIds) {
    const doc = { ...template, _id: id };
    delete doc._rev;
    await pouch.put(doc);
  }
  await PouchDB.replicate(pouch, r);
  for (const id of [...serverIds, ...pouchIds]) {
    assert.equal((await serverGet(dbName, id))._id, id);
    // Through PouchDB's http adapter too (it encodes the id itself).
    assert.equal((await r.get(id))._id, id);
  }
  // Edited remotely through the adapter, pulled back.
  const e = await r.put(edited(await r.get(serverIds[2]), 'emoji'));
  await PouchDB.replicate(r, pouch);
  assert.equal((await pouch.get(serverIds[2]))._rev, e.rev);
  const state = await assertSameState(pouch, dbName, 'unicode ids');
  for (const id of [...serverIds, ...pouchIds]) assert.ok(state[id], `${id} missing`);
  return summarize(state);
}

// 5. _local documents: PouchDB's checkpoints and explicit ones.
async function localDocs() {
  const r = remote(dbName);
  const pouch = local();
  const ids = ['_local/RajEbWaJY6MtyHGt.NLP9g==', '_local/a=b.c/d', '_local/with/two/slashes',
               '_local/dots...and==equals', '_local/é中文😀'];
  for (const id of ids) {
    const put = await r.put({ _id: id, value: id });
    assert.equal(put.rev, '0-1');
    const got = await r.get(id);
    assert.equal(got.value, id);
    const again = await r.put({ ...got, value: 'two' });
    assert.equal(again.rev, '0-2');
    await assert.rejects(r.put({ ...got, value: 'stale' }), (e) => e.status === 409);
    assert.equal((await r.get(id)).value, 'two');
  }
  await r.remove(await r.get(ids[4]));
  await assert.rejects(r.get(ids[4]), (e) => e.status === 404);

  // Not documents: absent from _changes and _all_docs.
  const ch = await http('GET', `${encodeURIComponent(dbName)}/_changes`);
  for (const row of ch.json.results) assert.ok(!row.id.startsWith('_local/'));

  // The checkpoint PouchDB writes on the server, read back as it was sent.
  seenUrls.length = 0;
  const pull = await PouchDB.replicate(r, pouch);
  const put = seenUrls.find((u) => u.startsWith('PUT ') && u.includes('/_local/'));
  assert.ok(put, 'PouchDB wrote no checkpoint on the server');
  const path = new URL(put.slice(4)).pathname.slice(1);
  const checkpoint = await http('GET', path);
  assert.equal(checkpoint.status, 200);
  const info = await http('GET', encodeURIComponent(dbName));
  assert.equal(String(checkpoint.json.last_seq), String(info.json.update_seq));
  assert.equal(checkpoint.json.session_id, pull.session_id ?? checkpoint.json.session_id);
  const localCheckpoint = await pouch.get(decodeURIComponent(path.slice(path.indexOf('/') + 1)));
  assert.equal(localCheckpoint.session_id, checkpoint.json.session_id);
  const again = await PouchDB.replicate(r, pouch);
  assert.equal(again.docs_read, 0);
  return { local: ids.length, checkpoint: decodeURIComponent(path) };
}

// 6. Live pull (longpoll): how long a write on the server takes to reach
// PouchDB. Each delay must stay under a second.
async function live() {
  const template = (await allDocsBodies(dbName))[0];
  const pouch = local();
  const rep = PouchDB.replicate(remote(dbName), pouch, { live: true, retry: false });
  const waiters = new Map();
  let failure = null;
  rep.on('change', (info) => {
    for (const doc of info.docs) {
      const w = waiters.get(doc._id);
      if (w) w(performance.now());
    }
  });
  rep.on('error', (e) => (failure = e));
  await new Promise((resolve) => rep.once('paused', resolve));
  const delays = [];
  const n = Number(args[0] || 5);
  for (let i = 0; i < n; i++) {
    const doc = { ...template, _id: `${template._id}-live-${i}` };
    delete doc._rev;
    const seen = new Promise((resolve) => waiters.set(doc._id, resolve));
    const t0 = performance.now();
    await serverPut(dbName, doc);
    const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 3000));
    const t1 = await Promise.race([seen, timeout]);
    assert.ok(t1 !== null, `live replication did not deliver ${doc._id} within 3 s`);
    delays.push(Math.round((t1 - t0) * 10) / 10);
    assert.ok(t1 - t0 < 1000, `live replication took ${t1 - t0} ms (> 1 s)`);
    // Let the feed go back to waiting, so each write starts from longpoll.
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  rep.cancel();
  assert.equal(failure, null);
  await assertSameState(pouch, dbName, 'after live replication');
  return { live_delays_ms: delays, max_ms: Math.max(...delays) };
}

const scenarios = { roundtrip, conflicts, deletions, 'unicode-ids': unicodeIds, local: localDocs, live };

(async () => {
  const run = scenarios[scenario];
  if (!run || !base || !dbName) {
    console.error(`usage: node interop.js ${Object.keys(scenarios).join('|')} BASE_URL DB [ARGS]`);
    process.exit(2);
  }
  const summary = await run();
  summary.requests = requests;
  console.log(JSON.stringify(summary));
})().catch((e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
