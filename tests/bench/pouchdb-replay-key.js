// SPDX-License-Identifier: EUPL-1.2
//
// The key under which bench-pouchdb.js records an answer and
// pouchdb-replay-server.js finds it again: method, path and query, and
// for a _bulk_get its first id and number of ids (the same first id
// starts batches of 100 and of 1000).
'use strict';

function replayKey(method, url, body) {
  const u = new URL(url, 'http://x');
  let key = `${method} ${u.pathname.replace(/\/$/, '')}${u.search}`;
  const at = body ? body.indexOf('"id":"') : -1;
  if (at >= 0)
    key += ` ${body.slice(at + 6, body.indexOf('"', at + 6))} ${body.split('"id":"').length - 1}`;
  return key;
}

module.exports = { replayKey };
