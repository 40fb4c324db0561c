// Starts `plazo lsp` (stdio) for .plazo and .scenario files. The command is the setting
// plazo.server.command, by default `plazo lsp` from the PATH (a venv where plazo[lsp] is installed).
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration("plazo").get("server.command", ["plazo", "lsp"]);
  client = new LanguageClient(
    "plazo",
    "plazo",
    { command, args },
    {
      documentSelector: [
        { scheme: "file", language: "plazo" },
        { scheme: "file", language: "plazo-scenario" },
      ],
    },
  );
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
