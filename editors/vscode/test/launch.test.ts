// The launch test: start the real policyls the way the extension does
// (resolveServerPath, probeServer, serverExecutable, initializationOptions,
// the answer to workspace/configuration) and talk LSP to it over its stdio
// with vscode-jsonrpc, the transport vscode-languageclient itself uses.
//
// The server is the one found through the same lookup as the extension's
// default setting: "policyls" on PATH, or POLICYLS_PATH when set. The last
// cases start the server bundled with the extension, as a platform-specific
// package carries it: the one in the unpacked .vsix that
// POLICYLS_EXTENSION_DIR names (editors/ci.sh sets it), and a copy of the
// server in a made-up extension folder.

import * as assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";

import {
  bundledServerPath,
  chooseServer,
  currentEnv,
  initializationOptions,
  makeExecutable,
  probeServer,
  readSettings,
  resolveServerPath,
  serverExecutable,
  serverSettings,
  type ServerSource,
  type Settings,
} from "../src/launch";

const repo = path.resolve(__dirname, "..", "..", "..", "..");
const broken = fs.readFileSync(path.join(repo, "testdata", "broken-sending-policy.json"), "utf8");
const WAIT_MS = 10_000;

interface Diagnostic {
  code?: string | number;
  source?: string;
  message: string;
  severity?: number;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

interface Symbol {
  name: string;
  children?: Symbol[];
}

/** A small LSP client over the server's stdio, recording what it is sent. */
class Session {
  readonly conn: MessageConnection;
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly configurationRequests: unknown[] = [];
  readonly messages: string[] = [];
  private waiters: Array<() => void> = [];
  exitCode: Promise<number | null>;

  constructor(
    readonly proc: ChildProcess,
    public settings: Settings,
  ) {
    this.exitCode = new Promise((resolve) => proc.on("exit", (code) => resolve(code)));
    this.conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    this.conn.onNotification("textDocument/publishDiagnostics", (p: { uri: string; diagnostics: Diagnostic[] }) => {
      this.diagnostics.set(p.uri, p.diagnostics);
      this.waiters.forEach((w) => w());
    });
    this.conn.onNotification("window/showMessage", (p: { message: string }) => {
      this.messages.push(p.message);
    });
    this.conn.onNotification("window/logMessage", () => {});
    // What the extension's middleware answers for the policyls section.
    this.conn.onRequest("workspace/configuration", (p: { items: Array<{ section?: string }> }) => {
      this.configurationRequests.push(p);
      return p.items.map((item) => (item.section === "policyls" ? serverSettings(this.settings) : null));
    });
    this.conn.onRequest("client/registerCapability", () => null);
    this.conn.onRequest("window/workDoneProgress/create", () => null);
    this.conn.listen();
  }

  /** waitFor resolves once check(diagnostics of uri) holds, or fails after WAIT_MS. */
  waitFor(uri: string, what: string, check: (d: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== poll);
        const got = (this.diagnostics.get(uri) ?? []).map((d) => d.code);
        reject(new Error(`no diagnostics with ${what} for ${uri} within ${WAIT_MS} ms (last: ${JSON.stringify(got)})`));
      }, WAIT_MS);
      const poll = () => {
        const d = this.diagnostics.get(uri);
        if (d && check(d)) {
          clearTimeout(timer);
          this.waiters = this.waiters.filter((w) => w !== poll);
          resolve(d);
        }
      };
      this.waiters.push(poll);
      poll();
    });
  }
}

const codes = (ds: Diagnostic[]) => ds.map((d) => String(d.code));
const hasCodes = (...want: string[]) => (ds: Diagnostic[]) => want.every((c) => codes(ds).includes(c));

/** The extension's settings in these tests: the default path (or
 * POLICYLS_PATH) and a kinds rule, so that the tests see settings reach the
 * server. */
function testSettings(): Settings {
  return readSettings(
    (key) =>
      ({
        path: process.env.POLICYLS_PATH,
        kinds: { "trust/*.json": "trust" },
        accountId: "123456789012",
        region: "us-east-1",
      })[key],
  );
}

/** The extension's folder as a package without a bundled server has it. */
const noBundledServer = bundledServerPath(path.join(os.tmpdir(), "policyls-no-such-extension"), process.platform);

/** Where the server came from, and the executable started. */
interface Launched {
  source: ServerSource;
  command: string;
}

/**
 * startSession launches the server as the extension does and initializes
 * it. pull says whether the client answers workspace/configuration (VS Code
 * does; without it the server has only initializationOptions). bundled and
 * where are what the extension's choice of server sees.
 */
async function startSession(
  workspace: string,
  settings: Settings,
  pull: boolean,
  bundled = noBundledServer,
  where = currentEnv(workspace),
): Promise<{ session: Session; capabilities: Record<string, unknown>; launched: Launched }> {
  const found = chooseServer(settings.path, bundled, where);
  assert.ok(found, `the server "${settings.path || "policyls"}" is not on PATH: build it (go build -o DIR/policyls ./cmd/policyls) and put DIR on PATH, or set POLICYLS_PATH`);
  assert.match(await probeServer(found.command), /policyls/);

  const exe = serverExecutable(found.command, workspace);
  // vscode-languageclient spawns an Executable without transport exactly so.
  const proc = spawn(exe.command, exe.args ?? [], { ...exe.options, stdio: ["pipe", "pipe", "pipe"] });
  proc.stderr!.resume();
  const session = new Session(proc, settings);

  const result = (await session.conn.sendRequest("initialize", {
    processId: process.pid,
    clientInfo: { name: "policyls-launch-test" },
    rootUri: pathToFileURL(workspace).href,
    workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: "ws" }],
    initializationOptions: initializationOptions(settings),
    capabilities: {
      workspace: { configuration: pull, didChangeConfiguration: { dynamicRegistration: true }, workspaceFolders: true },
      textDocument: {
        synchronization: { didSave: true },
        publishDiagnostics: { relatedInformation: true, versionSupport: true },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        completion: { completionItem: { snippetSupport: true } },
        hover: { contentFormat: ["markdown", "plaintext"] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } },
      },
    },
  })) as { capabilities: Record<string, unknown>; serverInfo?: { name: string } };
  assert.equal(result.serverInfo?.name, "policyls");
  await session.conn.sendNotification("initialized", {});
  return { session, capabilities: result.capabilities, launched: found };
}

async function stopSession(session: Session | undefined): Promise<void> {
  if (!session) return;
  await session.conn.sendRequest("shutdown");
  await session.conn.sendNotification("exit");
  const code = await session.exitCode;
  session.conn.dispose();
  assert.equal(code, 0, "the server should exit 0 after shutdown and exit");
}

function makeWorkspace(): string {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "policyls-vscode-"));
  fs.mkdirSync(path.join(workspace, "trust"));
  return workspace;
}

describe("policyls launched as the extension launches it", () => {
  let workspace: string;
  let session: Session;
  let capabilities: Record<string, unknown>;

  before(async () => {
    workspace = makeWorkspace();
    ({ session, capabilities } = await startSession(workspace, testSettings(), true));
  });

  after(async () => {
    await stopSession(session);
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("advertises full text sync and the outline", () => {
    const sync = capabilities.textDocumentSync as { openClose?: boolean; change?: number };
    assert.equal(sync.openClose, true);
    assert.equal(sync.change, 1);
    assert.ok(capabilities.documentSymbolProvider);
  });

  it("publishes diagnostics for a broken policy", async () => {
    const uri = pathToFileURL(path.join(workspace, "sending-policy.json")).href;
    await session.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "json", version: 1, text: broken } });
    const ds = await session.waitFor(uri, "POL009, POL001, JSON004, IAM002", hasCodes("POL009", "POL001", "JSON004", "IAM002", "POL003"));
    for (const d of ds) assert.equal(d.source, "policyls");
    const effect = ds.find((d) => d.code === "POL009")!;
    assert.match(effect.message, /"allow"/);
    assert.deepEqual(effect.range.start, { line: 4, character: 16 });
  });

  it("applies the kinds setting", async () => {
    const uri = pathToFileURL(path.join(workspace, "trust", "role.json")).href;
    await session.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "json", version: 1, text: broken } });
    const ds = await session.waitFor(uri, "TRUST002 (kind forced to trust)", hasCodes("TRUST002", "POL012"));
    assert.ok(!codes(ds).includes("IAM002"), `IAM002 is for identity policies, got ${codes(ds)}`);
  });

  it("applies settings sent with workspace/didChangeConfiguration", async () => {
    const uri = pathToFileURL(path.join(workspace, "trust", "role.json")).href;
    session.settings = readSettings((key) => ({ kinds: [] })[key as "kinds"]);
    await session.conn.sendNotification("workspace/didChangeConfiguration", { settings: initializationOptions(session.settings) });
    const ds = await session.waitFor(uri, "IAM002 (kind inferred again)", hasCodes("IAM002"));
    assert.ok(!codes(ds).includes("TRUST002"));
    assert.deepEqual(session.messages, [], "the server complained about the settings");
  });

  it("stays silent on JSON that is not a policy", async () => {
    const uri = pathToFileURL(path.join(workspace, "package.json")).href;
    await session.conn.sendNotification("textDocument/didOpen", {
      textDocument: { uri, languageId: "json", version: 1, text: '{"name": "x", "version": "1.0.0",}' },
    });
    await session.waitFor(uri, "an empty list", (ds) => ds.length === 0);
  });

  it("serves the document outline", async () => {
    const uri = pathToFileURL(path.join(workspace, "sending-policy.json")).href;
    const symbols = (await session.conn.sendRequest("textDocument/documentSymbol", { textDocument: { uri } })) as Symbol[];
    assert.ok(Array.isArray(symbols) && symbols.length > 0, "empty outline");
    const names: string[] = [];
    const walk = (s: Symbol[]) => s.forEach((x) => (names.push(x.name), walk(x.children ?? [])));
    walk(symbols);
    assert.ok(names.includes("Allow sending"), `outline has no statement "Allow sending": ${JSON.stringify(names)}`);
  });

  it("completes, when the server offers completion", async (t) => {
    if (!capabilities.completionProvider) {
      t.skip("the server does not advertise completion yet");
      return;
    }
    const uri = pathToFileURL(path.join(workspace, "sending-policy.json")).href;
    // Inside the value of "Effect": "allow".
    const result = (await session.conn.sendRequest("textDocument/completion", {
      textDocument: { uri },
      position: { line: 4, character: 17 },
    })) as unknown[] | { items: unknown[] } | null;
    const items = Array.isArray(result) ? result : (result?.items ?? []);
    assert.ok(items.length > 0, "no completion items");
  });
});

describe("policyls with initializationOptions only (no workspace/configuration)", () => {
  let workspace: string;
  let session: Session;

  before(async () => {
    workspace = makeWorkspace();
    ({ session } = await startSession(workspace, testSettings(), false));
  });

  after(async () => {
    await stopSession(session);
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("applies the kinds setting from initializationOptions", async () => {
    const uri = pathToFileURL(path.join(workspace, "trust", "role.json")).href;
    await session.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "json", version: 1, text: broken } });
    await session.waitFor(uri, "TRUST002 (kind forced to trust)", hasCodes("TRUST002", "POL012"));
    assert.equal(session.configurationRequests.length, 0);
  });

  it("applies settings sent with workspace/didChangeConfiguration", async () => {
    const uri = pathToFileURL(path.join(workspace, "trust", "role.json")).href;
    const settings = readSettings((key) => ({ kinds: [{ glob: "trust/*.json", kind: "ses-identity" }] })[key as "kinds"]);
    await session.conn.sendNotification("workspace/didChangeConfiguration", { settings: initializationOptions(settings) });
    const ds = await session.waitFor(uri, "POL012 for an SES identity policy", (ds) =>
      ds.some((d) => d.code === "POL012" && /SES identity policy/.test(d.message)),
    );
    assert.ok(!codes(ds).includes("TRUST002"));
  });
});

/**
 * fakeExtension makes an extension folder holding a copy of the server from
 * PATH (or POLICYLS_PATH) at server/policyls, without its execute bits, as a
 * tool that drops file modes would unpack it.
 */
function fakeExtension(): string {
  const server = resolveServerPath(process.env.POLICYLS_PATH || "policyls", currentEnv(process.cwd()));
  assert.ok(server, "the server is not on PATH (or at POLICYLS_PATH)");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policyls-extension-"));
  const copy = bundledServerPath(dir, process.platform);
  fs.mkdirSync(path.dirname(copy));
  fs.copyFileSync(server, copy);
  fs.chmodSync(copy, 0o644);
  return dir;
}

// [name, the extension folder, whether the test made it]
const bundledCases: Array<[string, () => string | undefined, boolean]> = [
  ["the unpacked .vsix in POLICYLS_EXTENSION_DIR", () => process.env.POLICYLS_EXTENSION_DIR, false],
  ["a made-up extension folder", fakeExtension, true],
];

for (const [name, extensionDir, madeUp] of bundledCases) {
  describe(`policyls bundled with the extension, no path set: ${name}`, () => {
    const dir = extensionDir();
    let workspace: string;
    let session: Session | undefined;
    let launched: Launched;

    before(async () => {
      if (!dir) return;
      workspace = makeWorkspace();
      const bundled = bundledServerPath(dir, process.platform);
      makeExecutable(bundled, process.platform); // as activation does
      // No policyls on PATH: only the bundled server can be chosen.
      const where = { ...currentEnv(workspace), env: { PATH: "" } };
      ({ session, launched } = await startSession(workspace, readSettings((key) => ({ path: "" })[key as "path"]), true, bundled, where));
    });

    after(async () => {
      await stopSession(session);
      if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
      if (madeUp && dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    it("starts the bundled server and gets diagnostics from it", async (t) => {
      if (!dir) {
        t.skip("POLICYLS_EXTENSION_DIR is not set (editors/ci.sh sets it to the unpacked linux-x64 .vsix)");
        return;
      }
      assert.deepEqual(launched, { source: "bundled", command: bundledServerPath(dir, process.platform) });
      const uri = pathToFileURL(path.join(workspace, "sending-policy.json")).href;
      await session!.conn.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "json", version: 1, text: broken } });
      await session!.waitFor(uri, "POL009", hasCodes("POL009", "POL001"));
    });
  });
}
