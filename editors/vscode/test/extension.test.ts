// extension.ts under a stand-in "vscode" module: no VS Code binary runs here,
// so this checks the wiring that does not need a live client: activation
// registers the commands and the settings listener, a missing server gives
// the install message, and the template commands insert the right snippet.

import * as assert from "node:assert/strict";
import Module, { createRequire } from "node:module";
import { after, before, describe, it } from "node:test";

import { notFoundMessage } from "../src/launch";

type Fn = (...args: unknown[]) => unknown;

/** What the fake editor API saw. */
const seen = {
  commands: new Map<string, Fn>(),
  errors: [] as string[],
  snippets: [] as string[],
  configListeners: [] as Fn[],
};
let settings: Record<string, unknown> = {};
let activeEditor: unknown;

class SnippetString {
  constructor(readonly value: string) {}
}

const disposable = { dispose() {} };
const log = { info() {}, warn() {}, error() {}, show() {}, dispose() {} };

const fakeVscode = {
  SnippetString,
  Uri: { parse: (s: string) => ({ toString: () => s }) },
  window: {
    createOutputChannel: () => log,
    showErrorMessage: (message: string) => {
      seen.errors.push(message);
      return Promise.resolve(undefined);
    },
    get activeTextEditor() {
      return activeEditor;
    },
  },
  commands: {
    registerCommand: (id: string, fn: Fn) => {
      seen.commands.set(id, fn);
      return disposable;
    },
    executeCommand: () => Promise.resolve(),
  },
  workspace: {
    workspaceFolders: undefined,
    getConfiguration: () => ({ get: (key: string) => settings[key] }),
    onDidChangeConfiguration: (fn: Fn) => {
      seen.configListeners.push(fn);
      return disposable;
    },
  },
};

// vscode-languageclient touches more of the API than the paths under test;
// anything else is a harmless callable, constructible stand-in.
function anything(): unknown {
  const f = function () {};
  return new Proxy(f, {
    get: (_t, prop) => (prop === Symbol.toPrimitive ? () => "" : prop === "then" ? undefined : anything()),
    apply: () => anything(),
    construct: () => anything() as object,
  });
}
const vscodeModule = new Proxy(fakeVscode, {
  get: (target, prop: string) => (prop in target ? target[prop as keyof typeof target] : anything()),
});

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;
const moduleInternals = Module as unknown as { _load: Loader };
const originalLoad = moduleInternals._load;

describe("extension.ts with a stand-in vscode module", () => {
  let ext: { activate: (ctx: unknown) => Promise<void>; deactivate: () => unknown };
  const context = { subscriptions: [] as unknown[] };

  before(async () => {
    moduleInternals._load = function (this: unknown, request, parent, isMain) {
      return request === "vscode" ? vscodeModule : originalLoad.call(this, request, parent, isMain);
    };
    ext = createRequire(__filename)("../src/extension");
    settings = { path: "policyls-not-installed-anywhere" };
    await ext.activate(context);
  });

  after(async () => {
    await ext.deactivate();
    moduleInternals._load = originalLoad;
  });

  it("registers the commands and a settings listener", () => {
    assert.deepEqual(
      [...seen.commands.keys()].sort(),
      ["policyls.insertPinpointPermissionPolicy", "policyls.insertPinpointTrustPolicy", "policyls.restartServer"],
    );
    assert.equal(seen.configListeners.length, 1);
    assert.ok(context.subscriptions.length >= 5);
  });

  it("says how to install the server when it is missing", () => {
    assert.deepEqual(seen.errors, [notFoundMessage("policyls-not-installed-anywhere")]);
  });

  it("reports a missing server again on restart", async () => {
    await seen.commands.get("policyls.restartServer")!();
    assert.equal(seen.errors.length, 2);
  });

  it("inserts the Pinpoint templates with the settings filled in", async () => {
    activeEditor = {
      document: { uri: { toString: () => "file:///p.json" } },
      insertSnippet: (s: SnippetString) => {
        seen.snippets.push(s.value);
        return Promise.resolve(true);
      },
    };
    settings = { accountId: "123456789012", partition: "aws-cn" };
    await seen.commands.get("policyls.insertPinpointPermissionPolicy")!();
    await seen.commands.get("policyls.insertPinpointTrustPolicy")!();
    const [permission, trust] = seen.snippets;
    assert.match(permission, /"arn:aws-cn:ses:\$\{2:region\}:123456789012:identity\/\*"/);
    assert.match(trust, /"aws:SourceAccount": "123456789012"/);
    assert.match(trust, /"Service": "pinpoint\.amazonaws\.com"/);
  });
});
