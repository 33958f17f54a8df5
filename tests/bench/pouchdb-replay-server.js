// SPDX-License-Identifier: EUPL-1.2
//
// The floor of bench-pouchdb.js: a server that answers a PouchDB pull
// with answers recorded from relais-server beforehand (RECORD.json, from
// bench-pouchdb.js), looked up by request and sent as they are, with a
// Content-Length. No store, no parsing beyond the first id of a _bulk_get
// body: what PouchDB takes to pull from a server that costs nothing.
// Prints "listening on http://127.0.0.1:PORT/" like relais-server.
//
//   node pouchdb-replay-server.js RECORD.json
'use strict';

const http = require('node:http');
const fs = require('node:fs');
const { replayKey } = require('./pouchdb-replay-key.js');

const answers = new Map();
for (const [key, body] of Object.entries(JSON.parse(fs.readFileSync(process.argv[2], 'utf8'))))
  answers.set(key, Buffer.from(body));
const locals = new Map();
let revs = 0;

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString();
    const path = new URL(req.url, 'http://x').pathname;

    // Checkpoints: kept in memory, as PouchDB reads back what it wrote.
    if (path.includes('/_local/')) {
      if (req.method === 'GET') {
        const doc = locals.get(path);
        return send(res, doc ? 200 : 404, doc || Buffer.from('{"error":"not_found","reason":"missing"}'));
      }
      const doc = JSON.parse(body);
      doc._rev = `0-${++revs}`;
      locals.set(path, Buffer.from(JSON.stringify(doc)));
      return send(res, 201, Buffer.from(JSON.stringify({ ok: true, id: doc._id, rev: doc._rev })));
    }
    const answer = answers.get(replayKey(req.method, req.url, body));
    if (answer === undefined) {
      console.error(`pouchdb-replay-server: nothing recorded for ${req.method} ${req.url}`);
      return send(res, 500, Buffer.from('{"error":"not_recorded"}'));
    }
    send(res, 200, answer);
  });
});

server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/`);
});
