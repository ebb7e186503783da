// extension.ts under a stand-in "vscode" module (test/fake-vscode.ts), with
// the real vscode-languageclient and the real server: no VS Code binary runs
// here, but activation, the client options the extension builds (selector,
// initializationOptions, the workspace/configuration middleware), settings
// changes, the outline provider, the missing-server message and the
// template commands all run as they would in the editor.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";

import { notFoundMessage } from "../src/launch";
import { document, FakeVscode, install } from "./fake-vscode";

const repo = path.resolve(__dirname, "..", "..", "..", "..");
const broken = fs.readFileSync(path.join(repo, "testdata", "broken-sending-policy.json"), "utf8");
const WAIT_MS = 10_000;

interface Extension {
  activate(ctx: unknown): Promise<void>;
  deactivate(): Promise<void> | undefined;
}

const fake = new FakeVscode();
// An extension folder without a bundled server, as in a build from source.
const sourceBuild = fs.mkdtempSync(path.join(os.tmpdir(), "policyls-source-build-"));
let uninstall: () => void;
let ext: Extension;

before(() => {
  uninstall = install(fake);
  ext = createRequire(__filename)("../src/extension");
});

after(() => {
  uninstall();
  fs.rmSync(sourceBuild, { recursive: true, force: true });
});

async function waitFor<T>(what: string, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const codesOf = (uri: string) => (fake.diagnostics.get(uri) ?? []).map((d) => String((d.code as { value?: unknown })?.value ?? d.code));

describe("without the server", () => {
  const context = { subscriptions: [] as unknown[], extensionPath: sourceBuild };

  before(async () => {
    fake.settings = { path: "policyls-not-installed-anywhere" };
    await ext.activate(context);
  });
  after(async () => {
    await ext.deactivate();
  });

  it("registers the commands and a settings listener", () => {
    assert.deepEqual([...fake.commands.keys()].sort(), [
      "policyls.insertPinpointPermissionPolicy",
      "policyls.insertPinpointTrustPolicy",
      "policyls.restartServer",
    ]);
    assert.equal(fake.configListeners.length, 1);
    assert.ok(context.subscriptions.length >= 5);
  });

  it("says how to install the server", () => {
    assert.deepEqual(fake.errors, [notFoundMessage("policyls-not-installed-anywhere")]);
  });

  it("says it again on restart", async () => {
    await fake.commands.get("policyls.restartServer")!();
    assert.equal(fake.errors.length, 2);
  });

  it("inserts the Pinpoint templates with the settings filled in", async () => {
    const snippets: string[] = [];
    fake.activeEditor = {
      document: { uri: { toString: () => "file:///p.json" } },
      insertSnippet: (s: { value: string }) => {
        snippets.push(s.value);
        return Promise.resolve(true);
      },
    };
    fake.settings = { accountId: "123456789012", partition: "aws-cn" };
    await fake.commands.get("policyls.insertPinpointPermissionPolicy")!();
    await fake.commands.get("policyls.insertPinpointTrustPolicy")!();
    const [permission, trust] = snippets;
    assert.match(permission, /"arn:aws-cn:ses:\$\{2:region\}:123456789012:identity\/\*"/);
    assert.match(trust, /"aws:SourceAccount": "123456789012"/);
    assert.match(trust, /"Service": "pinpoint\.amazonaws\.com"/);
    fake.activeEditor = undefined;
  });
});

describe("with the server on PATH (or at POLICYLS_PATH)", () => {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "policyls-ext-"));
  const policy = document(path.join(workspace, "sending-policy.json"), broken);
  const trust = document(path.join(workspace, "trust", "role.json"), broken);
  const notPolicy = document(path.join(workspace, "package.json"), '{"name": "x"}');
  // A CloudFormation template in YAML (attachToTemplates is on by default),
  // and YAML that is no template.
  const template = document(
    path.join(workspace, "stack.yaml"),
    [
      "Resources:",
      "  Role:",
      "    Type: AWS::IAM::Role",
      "    Properties:",
      "      AssumeRolePolicyDocument:",
      '        Version: "2012-10-17"',
      "        Statement:",
      "          - Effect: Allow",
      "            Principal: {Service: lambda.amazonaws.com}",
      "            Action: sts:AssumeRol",
      "",
    ].join("\n"),
    "yaml",
  );
  const kubernetes = document(path.join(workspace, "deploy.yaml"), "apiVersion: v1\nkind: ConfigMap\ndata:\n  Resources: AWS::IAM::Role\n", "yaml");
  // Terraform files (attachToTerraform is on by default): one with a policy
  // in the HashiCorp extension's language, the same without that extension
  // (no language: attached by its name), and one without policies.
  const terraformPolicy = [
    'resource "aws_iam_role_policy" "send" {',
    "  role = aws_iam_role.sender.id",
    "  policy = jsonencode({",
    '    Version = "2012-10-17"',
    "    Statement = [{",
    '      Effect   = "Allow"',
    '      Action   = "ses:SendEmial"',
    '      Resource = "*"',
    "    }]",
    "  })",
    "}",
    "",
  ].join("\n");
  const terraform = document(path.join(workspace, "infra", "role.tf"), terraformPolicy, "terraform");
  const plainTerraform = document(path.join(workspace, "plain", "role.tf"), terraformPolicy, "plaintext");
  const variables = document(path.join(workspace, "infra", "variables.tf"), 'variable "region" {}\n', "terraform");

  before(async () => {
    fake.errors.length = 0;
    fake.workspaceFolder = workspace;
    fake.documents = [policy, trust, notPolicy, template, kubernetes, terraform, plainTerraform, variables];
    fake.settings = { path: process.env.POLICYLS_PATH, kinds: [{ glob: "trust/*.json", kind: "trust" }] };
    await ext.activate({ subscriptions: [], extensionPath: sourceBuild });
    assert.deepEqual(fake.errors, [], "the extension could not start the server");
  });
  after(async () => {
    await ext.deactivate();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("publishes diagnostics for the open policy", async () => {
    const uri = policy.uri.toString();
    await waitFor("POL009 on the policy", () => codesOf(uri).includes("POL009"));
    assert.deepEqual(codesOf(uri).sort(), ["IAM002", "JSON004", "POL001", "POL003", "POL009"]);
    const d = fake.diagnostics.get(uri)![codesOf(uri).indexOf("POL009")];
    assert.equal(d.source, "policyls");
    assert.deepEqual([d.range.start.line, d.range.start.character], [4, 16]);
  });

  it("passes policyls.kinds to the server", async () => {
    await waitFor("TRUST002 on trust/role.json", () => codesOf(trust.uri.toString()).includes("TRUST002"));
  });

  it("stays silent on JSON that is not a policy", () => {
    assert.deepEqual(codesOf(notPolicy.uri.toString()), []);
  });

  it("checks a YAML CloudFormation template and stays silent on other YAML", async () => {
    const uri = template.uri.toString();
    await waitFor("ACT002 on stack.yaml", () => codesOf(uri).includes("ACT002"));
    const d = fake.diagnostics.get(uri)![codesOf(uri).indexOf("ACT002")];
    assert.deepEqual([d.range.start.line, d.range.start.character], [9, 20]);
    assert.deepEqual(codesOf(kubernetes.uri.toString()), []);
  });

  it("checks Terraform files, with or without the Terraform language, and stays silent on those without policies", async () => {
    for (const doc of [terraform, plainTerraform]) {
      const uri = doc.uri.toString();
      await waitFor(`ACT002 on ${uri}`, () => codesOf(uri).includes("ACT002"));
      const d = fake.diagnostics.get(uri)![codesOf(uri).indexOf("ACT002")];
      assert.deepEqual([d.range.start.line, d.range.start.character], [6, 17]);
    }
    assert.deepEqual(codesOf(variables.uri.toString()), []);
  });

  it("leaves formatting Terraform files to terraform-ls", () => {
    assert.equal(fake.formattingSelectors.length, 1);
    const selector = JSON.stringify(fake.formattingSelectors[0]);
    assert.ok(selector.includes('"json"') && !selector.includes("terraform") && !selector.includes(".tf"), selector);
  });

  it("sends changed settings to the running server", async () => {
    fake.changeSettings({ ...fake.settings, kinds: [{ glob: "trust/*.json", kind: "ses-identity" }] });
    const uri = trust.uri.toString();
    await waitFor("POL012 without TRUST002 on trust/role.json", () => !codesOf(uri).includes("TRUST002") && codesOf(uri).includes("POL012"));
  });

  it("provides the outline", async () => {
    const token = { isCancellationRequested: false, onCancellationRequested: () => ({ dispose() {} }) };
    const symbols = await fake.symbolProvider!.provideDocumentSymbols(policy, token);
    const names: string[] = [];
    const walk = (xs: Array<{ name: string; children?: unknown[] }>) =>
      xs.forEach((x) => (names.push(x.name), walk((x.children ?? []) as Array<{ name: string; children?: unknown[] }>)));
    walk(symbols);
    assert.ok(names.includes("Allow sending"), JSON.stringify(names));
  });
});

describe("the packaged extension (dist/extension.js of the .vsix in POLICYLS_EXTENSION_DIR)", () => {
  const dir = process.env.POLICYLS_EXTENSION_DIR;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "policyls-vsix-"));
  const policy = document(path.join(workspace, "sending-policy.json"), broken);
  let packaged: Extension | undefined;
  const savedPath = process.env.PATH;

  before(async () => {
    if (!dir) return;
    fake.errors.length = 0;
    fake.log.length = 0;
    fake.workspaceFolder = workspace;
    fake.documents = [policy];
    fake.settings = {};
    // No policyls on PATH, so only the package's own server can start.
    process.env.PATH = "";
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      packaged = createRequire(__filename)(path.join(dir, pkg.main)) as Extension;
      await packaged.activate({ subscriptions: [], extensionPath: dir });
    } finally {
      process.env.PATH = savedPath;
    }
  });
  after(async () => {
    await packaged?.deactivate();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  it("starts the server it carries and publishes diagnostics", async (t) => {
    if (!dir) {
      t.skip("POLICYLS_EXTENSION_DIR is not set (editors/ci.sh sets it to the unpacked linux-x64 .vsix)");
      return;
    }
    assert.deepEqual(fake.errors, []);
    const started = fake.log.find((m) => m.startsWith("starting "));
    assert.ok(started?.startsWith(`starting ${path.join(dir, "server", "policyls")} (policyls `), `log: ${JSON.stringify(fake.log)}`);
    assert.match(started!, /from the extension\)$/);
    await waitFor("POL009 on the policy", () => codesOf(policy.uri.toString()).includes("POL009"));
  });
});
