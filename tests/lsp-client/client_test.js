// Drives `claudelint lsp` with a real LSP client implementation: the
// JSON-RPC connection of vscode-languageserver-protocol (the library under
// VS Code's own client). Run by tests/e2e/lsp_node_test.cpp:
//   node client_test.js CLAUDELINT_BINARY SCRATCH_TREE
// Prints one "ok - ..." line per check and exits 0, or throws.
'use strict';

const assert = require('node:assert/strict');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  InitializeRequest, InitializedNotification, ShutdownRequest, ExitNotification,
  DidOpenTextDocumentNotification, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
  PublishDiagnosticsNotification, HoverRequest, CodeActionRequest, CompletionRequest,
} = require('vscode-languageserver-protocol/node');

const [binary, tree] = process.argv.slice(2);
const uriOf = (relative) => pathToFileURL(path.join(tree, relative)).href;

function ok(what) { console.log(`ok - ${what}`); }

/** Starts the server; returns the child, its connection and a diagnostics waiter. */
function start() {
  const child = spawn(binary, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiting = [];
  const latest = new Map();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    latest.set(params.uri, params);
    for (let i = waiting.length - 1; i >= 0; --i) {
      if (waiting[i].uri === params.uri && waiting[i].accept(params)) {
        waiting[i].resolve(params);
        waiting.splice(i, 1);
      }
    }
  });
  connection.listen();
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  /** The next publication for `uri` that `accept` takes. */
  const diagnostics = (uri, accept = () => true) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}`)), 20000);
    waiting.push({ uri, accept, resolve: (p) => { clearTimeout(timer); resolve(p); } });
  });
  return { child, connection, diagnostics, exited, latest };
}

const codes = (publication) => publication.diagnostics.map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);

async function session() {
  const { connection, diagnostics, exited } = start();
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: pathToFileURL(tree).href, workspaceFolders: [{ uri: pathToFileURL(tree).href, name: 'tree' }],
    capabilities: { general: { positionEncodings: ['utf-16'] } },
  });
  assert.equal(init.capabilities.positionEncoding, 'utf-16');
  assert.equal(init.capabilities.textDocumentSync.change, 2);
  assert.equal(init.serverInfo.name, 'claudelint');
  await connection.sendNotification(InitializedNotification.type, {});
  ok('initialize');

  const staging = uriOf('configs/staging.json');
  const text = fs.readFileSync(path.join(tree, 'configs/staging.json'), 'utf8');
  const first = diagnostics(staging);
  const preProd = diagnostics(uriOf('configs/pre-prod.json'));
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: staging, languageId: 'json', version: 1, text },
  });
  const opened = await first;
  assert.equal(opened.version, 1);
  assert.ok(codes(opened).includes('CL0002@31:4'), codes(opened).join(' '));
  const duplicate = opened.diagnostics.find((d) => d.code === 'CL0002');
  assert.equal(duplicate.source, 'claudelint');
  assert.equal(duplicate.severity, 1);
  assert.equal(duplicate.codeDescription.href, 'https://claudelint.dev/diagnostics#cl0002');
  assert.equal(duplicate.relatedInformation[0].location.uri, staging);
  assert.deepEqual(duplicate.relatedInformation[0].location.range.start, { line: 25, character: 4 });
  assert.ok(codes(await preProd).includes('CL0010@6:38'));
  ok('open: the document and the rest of its tree get diagnostics');

  // Remove the duplicate "timeout" and the comma after 100 further up.
  const second = diagnostics(staging, (p) => p.version === 2);
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: staging, version: 2 },
    contentChanges: [
      { range: { start: { line: 30, character: 5 }, end: { line: 31, character: 20 } }, text: '' },
      { range: { start: { line: 24, character: 29 }, end: { line: 24, character: 30 } }, text: '' },
    ],
  });
  assert.deepEqual(codes(await second), ['CL0001@24:29']);
  ok('edit: the duplicate is gone and the syntax error is where the comma was');

  // Hover: the schema's description of the key under the cursor.
  const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: staging }, position: { line: 3, character: 8 } });
  assert.equal(hover.contents.kind, 'markdown');
  assert.ok(hover.contents.value.startsWith('**TLS version** `/security/tls/version`'), hover.contents.value);
  assert.deepEqual(hover.range, { start: { line: 3, character: 6 }, end: { line: 3, character: 15 } });
  ok('hover: the schema description of a key');

  // Completion: the keys the schema allows in the object at the cursor.
  const completion = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri: staging }, position: { line: 1, character: 2 } });
  const labels = completion.map((item) => item.label);
  assert.ok(labels.length > 0, 'no completion items');
  for (const present of ['security', 'context', 'performance', 'logging']) assert.ok(!labels.includes(present), labels.join(' '));
  ok('completion: the top-level keys staging does not have yet');

  // A code action applied as an editor applies it: the finding is gone.
  const deployment = uriOf('deployment.yaml');
  const yamlText = fs.readFileSync(path.join(tree, 'deployment.yaml'), 'utf8');
  const yamlOpened = diagnostics(deployment, (p) => p.version === 1);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: deployment, languageId: 'yaml', version: 1, text: yamlText },
  });
  const ambiguous = (await yamlOpened).diagnostics.find((d) => d.code === 'CL0006');
  assert.ok(ambiguous);
  const actions = await connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri: deployment }, range: ambiguous.range, context: { diagnostics: [ambiguous] },
  });
  assert.equal(actions.length, 1);
  assert.equal(actions[0].title, 'Suppress CL0006 on this line with a claudelint comment');
  const edits = actions[0].edit.changes[deployment];
  const yamlFixed = diagnostics(deployment, (p) => p.version === 2);
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri: deployment, version: 2 },
    contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
  });
  const after = codes(await yamlFixed);
  assert.ok(!after.some((c) => c.startsWith('CL0006@')), after.join(' '));
  assert.ok(!after.some((c) => c.startsWith('CL0016@')), after.join(' '));
  ok('code action: the suppression is inserted and the finding disappears');
  await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: deployment } });

  // A policy rule's own fix: production on TLS 1.2 behind a plain-http
  // endpoint; each quick fix applied makes its finding go.
  const production = uriOf('configs/production.json');
  const prodText = fs.readFileSync(path.join(tree, 'configs/production.json'), 'utf8')
    .replace('"1.3"', '"1.2"').replace('https://api', 'http://api');
  let prodVersion = 1;
  let published = diagnostics(production, (p) => p.version === prodVersion);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: production, languageId: 'json', version: prodVersion, text: prodText },
  });
  let current = await published;
  for (const [code, title] of [['CL2003', 'set it to "1.3"'], ['CL2001', 'replace "http://" with "https://"']]) {
    const finding = current.diagnostics.find((d) => d.code === code);
    assert.ok(finding, `${code} in ${codes(current).join(' ')}`);
    const fixes = await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: production }, range: finding.range, context: { diagnostics: [finding] },
    });
    assert.equal(fixes.length, 1);
    assert.equal(fixes[0].title, title);
    assert.equal(fixes[0].kind, 'quickfix');
    assert.ok(!fixes[0].isPreferred, 'a policy fix is offered for review, not preferred');
    prodVersion += 1;
    published = diagnostics(production, (p) => p.version === prodVersion);
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: production, version: prodVersion },
      contentChanges: fixes[0].edit.changes[production].map((e) => ({ range: e.range, text: e.newText })),
    });
    current = await published;
    assert.ok(!codes(current).some((c) => c.startsWith(`${code}@`)), codes(current).join(' '));
  }
  ok('code action: a policy rule\'s fix (TLS 1.3, https://) is applied and the findings disappear');
  await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: production } });

  // The last check published staging's findings too, maybe after
  // production's: wait for the clearing publication, not the next one.
  const cleared = diagnostics(staging, (p) => p.diagnostics.length === 0);
  await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: staging } });
  assert.deepEqual((await cleared).diagnostics, []);
  ok('close clears the diagnostics');

  assert.equal(await connection.sendRequest(ShutdownRequest.type), null);
  await connection.sendNotification(ExitNotification.type);
  assert.deepEqual(await exited, { code: 0, signal: null });
  connection.dispose();
  ok('shutdown and exit: exit code 0');
}

async function garbage() {
  const child = spawn(binary, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const reader = new StreamMessageReader(child.stdout);
  const replies = [];
  let wake = () => {};
  reader.listen((message) => { replies.push(message); wake(); });
  const next = () => new Promise((resolve, reject) => {
    if (replies.length) return resolve(replies.shift());
    const timer = setTimeout(() => reject(new Error('no reply to garbage')), 20000);
    wake = () => { clearTimeout(timer); resolve(replies.shift()); };
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.stdin.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  let reply = await next();
  assert.equal(reply.error.code, -32700);
  assert.equal(reply.id, null);
  child.stdin.write('Content-Length: 3\r\n\r\n{{{');
  reply = await next();
  assert.equal(reply.error.code, -32700);
  // Still in step: a well-formed request after the garbage is answered.
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  reply = await next();
  assert.equal(reply.id, 1);
  assert.ok(reply.result.capabilities);
  child.stdin.end();
  assert.deepEqual(await exited, { code: 1, signal: null });
  reader.dispose();
  ok('garbage on stdin: parse errors, then a normal reply; input ending without exit is 1');
}

(async () => {
  await session();
  await garbage();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
