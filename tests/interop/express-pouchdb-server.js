// SPDX-License-Identifier: EUPL-1.2
//
// express-pouchdb (memory adapter, minimumForPouchDB) on a free loopback
// port: the peer bench-pouchdb.js compares relais-server with, and the
// second server test-sync-pouchdb.c replicates with. Prints
// "listening on http://127.0.0.1:PORT/" like relais-server. Run it in a
// temporary folder: express-pouchdb writes its log there.
'use strict';

const { createRequire } = require('node:module');
const path = require('node:path');

const interop = createRequire(path.join(__dirname, 'package.json'));
const PouchDB = interop('pouchdb').plugin(interop('pouchdb-adapter-memory'));
const MemPouchDB = PouchDB.defaults({ adapter: 'memory' });
const app = interop('express-pouchdb')(MemPouchDB, {
  mode: 'minimumForPouchDB',
  inMemoryConfig: true,
  logPath: path.join(process.cwd(), 'express-pouchdb.log'),
});

const server = app.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/`);
});
