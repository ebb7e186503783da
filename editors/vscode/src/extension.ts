// The VS Code side of policyls: find the server, start it with
// vscode-languageclient, keep its settings in sync, and offer the commands.
// Everything the server needs to be started correctly is built in launch.ts,
// which the launch test exercises against the real binary.

import * as vscode from "vscode";
import { LanguageClient, type LanguageClientOptions } from "vscode-languageclient/node";
import { DidChangeConfigurationNotification, DocumentFormattingRequest } from "vscode-languageclient";

import {
  bundledServerPath,
  chooseServer,
  currentEnv,
  documentSelector,
  formattingSelector,
  initializationOptions,
  makeExecutable,
  notFoundMessage,
  probeServer,
  readSettings,
  serverExecutable,
  serverSettings,
  type Settings,
} from "./launch";
import { PINPOINT_PERMISSION_POLICY, PINPOINT_TRUST_POLICY, toSnippet } from "./templates";

const SECTION = "policyls";

/** Settings whose change needs a new server process or a new selector. */
const RESTART_ON = ["path", "files", "attachToAllJson", "attachToTemplates", "attachToTerraform"].map((k) => `${SECTION}.${k}`);

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
// The server a platform-specific package carries (absent in other builds).
let bundledServer: string;
// Starts and stops run one after the other, never interleaved.
let queue: Promise<void> = Promise.resolve();

function settings(scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return readSettings((key) => config.get(key));
}

function workspaceDir(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("policyls", { log: true });
  bundledServer = bundledServerPath(context.extensionPath, process.platform);
  makeExecutable(bundledServer, process.platform);
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("policyls.restartServer", () => serially(restart)),
    vscode.commands.registerCommand("policyls.insertPinpointPermissionPolicy", () => insertTemplate(PINPOINT_PERMISSION_POLICY)),
    vscode.commands.registerCommand("policyls.insertPinpointTrustPolicy", () => insertTemplate(PINPOINT_TRUST_POLICY)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (RESTART_ON.some((s) => e.affectsConfiguration(s))) {
        void serially(restart);
      } else if (e.affectsConfiguration(SECTION)) {
        void pushSettings();
      }
    }),
  );
  await serially(start);
}

export function deactivate(): Thenable<void> | undefined {
  return serially(stop);
}

function serially(step: () => Promise<void>): Promise<void> {
  queue = queue.then(step, step);
  return queue;
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop();
    } catch (err) {
      output.warn(`stopping the server: ${String(err)}`);
    }
  }
}

async function start(): Promise<void> {
  const s = settings();
  const dir = workspaceDir();
  const found = chooseServer(s.path, bundledServer, currentEnv(dir ?? process.cwd()));
  if (!found) {
    showStartError(notFoundMessage(s.path));
    return;
  }
  const { command, source } = found;
  let version: string;
  try {
    version = await probeServer(command);
  } catch (err) {
    showStartError(`policyls: ${(err as Error).message}`);
    return;
  }
  output.info(`starting ${command} (${version}, from ${source === "setting" ? "policyls.path" : source === "bundled" ? "the extension" : "PATH"})`);

  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(s),
    initializationOptions: () => initializationOptions(settings()),
    outputChannel: output,
    middleware: {
      workspace: {
        // Answer the server's workspace/configuration requests for our
        // section with the same object initializationOptions carries, not
        // the raw editor section with its client-only entries.
        configuration: async (params, token, next) => {
          const answer = await next(params, token);
          if (!Array.isArray(answer)) return answer;
          return params.items.map((item, i) =>
            item.section === SECTION ? serverSettings(settings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)) : answer[i],
          );
        },
      },
    },
  };
  const c = new LanguageClient(SECTION, "policyls", serverExecutable(command, dir), clientOptions);
  // Formatting is registered for the documents' selector at start: leave
  // Terraform files out of it (terraform fmt formats them).
  const formatting = c.getFeature(DocumentFormattingRequest.method);
  const initialize = formatting.initialize.bind(formatting);
  formatting.initialize = (capabilities, selector) => initialize(capabilities, formattingSelector(selector));
  try {
    await c.start();
    client = c;
  } catch (err) {
    showStartError(`policyls: the language server failed to start: ${String(err)}`);
  }
}

/** pushSettings sends the current settings to the running server. */
async function pushSettings(): Promise<void> {
  if (!client?.isRunning()) return;
  try {
    await client.sendNotification(DidChangeConfigurationNotification.type, { settings: initializationOptions(settings()) });
  } catch (err) {
    output.warn(`sending settings: ${String(err)}`);
  }
}

function showStartError(message: string): void {
  output.error(message);
  void vscode.window.showErrorMessage(message, "Open Settings", "Show Log").then((choice) => {
    if (choice === "Open Settings") {
      void vscode.commands.executeCommand("workbench.action.openSettings", `${SECTION}.path`);
    } else if (choice === "Show Log") {
      output.show();
    }
  });
}

/**
 * insertTemplate inserts a Pinpoint policy at the cursor of the active
 * editor (replacing the selection), or into a new JSON document when no
 * editor is open. Unset partition, region and account become placeholders.
 */
async function insertTemplate(template: string): Promise<void> {
  let editor = vscode.window.activeTextEditor;
  if (!editor) {
    const doc = await vscode.workspace.openTextDocument({ language: "json", content: "" });
    editor = await vscode.window.showTextDocument(doc);
  }
  const s = settings(editor.document.uri);
  const snippet = toSnippet(template, { partition: s.partition, region: s.region, accountId: s.accountId });
  await editor.insertSnippet(new vscode.SnippetString(snippet));
}
