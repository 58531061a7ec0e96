// A thin client: VS Code starts `claudelint lsp` and shows what it publishes.
// Everything claudelint knows lives in the server; nothing is checked here.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** The languages of the files a claudelint tree holds. */
const LANGUAGES = ['json', 'jsonc', 'yaml', 'dotenv', 'shellscript'];

let client;

/** A client for the binary and arguments the settings name. */
function createClient() {
  const config = vscode.workspace.getConfiguration('claudelint');
  const run = { command: config.get('path', 'claudelint'), args: ['lsp', ...config.get('args', [])], transport: TransportKind.stdio };
  return new LanguageClient('claudelint', 'claudelint', { run, debug: run }, {
    documentSelector: [
      ...LANGUAGES.map((language) => ({ scheme: 'file', language })),
      // .env.production and friends have no language of their own without an extension for it.
      { scheme: 'file', pattern: '**/{.env,.env.*,*.env}' },
    ],
    // No file watcher here: the server registers the ones it needs
    // (client/registerCapability), so every editor gets the same.
  });
}

async function activate(context) {
  client = createClient();
  await client.start();
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async (event) => {
    if (!event.affectsConfiguration('claudelint.path') && !event.affectsConfiguration('claudelint.args')) return;
    await client.stop();
    client = createClient();
    await client.start();
  }));
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
