// Unit tests of the settings, selector and executable lookup in launch.ts.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";

import {
  bundledServerPath,
  chooseServer,
  currentEnv,
  DEFAULTS,
  documentSelector,
  formattingSelector,
  initializationOptions,
  makeExecutable,
  notFoundMessage,
  readSettings,
  resolveServerPath,
  serverExecutable,
  SEVERITIES,
} from "../src/launch";

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
const props = pkg.contributes.configuration.properties;

describe("settings", () => {
  it("defaults match package.json", () => {
    for (const key of Object.keys(DEFAULTS) as Array<keyof typeof DEFAULTS>) {
      assert.deepEqual(props[`policyls.${key}`]?.default, DEFAULTS[key], `policyls.${key}`);
    }
    assert.deepEqual(readSettings(() => undefined), DEFAULTS);
  });

  it("contributes every setting, command and the activation event the brief names", () => {
    for (const key of ["path", "files", "attachToAllJson", "attachToTemplates", "attachToTerraform", "accountId", "region", "partition", "kinds", "rules", "trace.server"]) {
      assert.ok(props[`policyls.${key}`], `policyls.${key}`);
    }
    const commands = pkg.contributes.commands.map((c: { command: string }) => c.command);
    assert.deepEqual(commands.sort(), ["policyls.insertPinpointPermissionPolicy", "policyls.insertPinpointTrustPolicy", "policyls.restartServer"]);
    assert.deepEqual(pkg.activationEvents, ["onLanguage:json", "onLanguage:yaml", "onLanguage:terraform", "workspaceContains:**/*.tf"]);
  });

  it("sends the server the policyls object, without client-only or empty settings", () => {
    const s = readSettings(
      (key) =>
        ({
          path: "/opt/policyls",
          kinds: [{ glob: "**/trust/*.json", kind: "trust" }, { glob: "x", kind: "bogus" }],
          region: " eu-west-1 ",
          accountId: "",
          rules: { POL003: "off", POL009: "loud" },
        })[key],
    );
    assert.deepEqual(initializationOptions(s), {
      policyls: { kinds: [{ glob: "**/trust/*.json", kind: "trust" }], region: "eu-west-1", rules: { POL003: "off" } },
    });
  });

  it("accepts the server's severity words, info and information alike", () => {
    const s = readSettings((key) => (key === "rules" ? { POL003: "info", POL009: "information", SEC001: "hint" } : undefined));
    assert.deepEqual(s.rules, { POL003: "info", POL009: "information", SEC001: "hint" });
    assert.deepEqual([...props["policyls.rules"].additionalProperties.enum].sort(), [...SEVERITIES].sort());
  });

  it("validates .policyls.json against the schema it ships", () => {
    assert.deepEqual(pkg.contributes.jsonValidation, [{ fileMatch: ".policyls.json", url: "./policyls.schema.json" }]);
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "policyls.schema.json"), "utf8"));
    assert.deepEqual(schema.definitions.severity.enum, ["off", "error", "warning", "info", "information", "hint"]);
  });

  it("keeps every kind package.json offers", () => {
    const offered = props["policyls.kinds"].anyOf[0].items.properties.kind.enum as string[];
    const s = readSettings((key) => (key === "kinds" ? offered.map((kind) => ({ glob: `${kind}/*.json`, kind })) : undefined));
    assert.deepEqual(
      s.kinds.map((k) => k.kind),
      offered,
    );
  });

  it("reads the kinds shorthand in written order", () => {
    const s = readSettings((key) => (key === "kinds" ? { "ses/**": "ses-identity", "**/trust/*.json": "trust" } : undefined));
    assert.deepEqual(s.kinds, [
      { glob: "ses/**", kind: "ses-identity" },
      { glob: "**/trust/*.json", kind: "trust" },
    ]);
  });

  it("selects all JSON, or only the files globs, YAML for templates and Terraform files", () => {
    assert.deepEqual(documentSelector(DEFAULTS), [
      { scheme: "file", language: "json" },
      { scheme: "untitled", language: "json" },
      { scheme: "file", language: "yaml" },
      { scheme: "untitled", language: "yaml" },
      { scheme: "file", language: "terraform" },
      { scheme: "untitled", language: "terraform" },
      { scheme: "file", pattern: "**/*.tf" },
      { scheme: "file", pattern: "**/*.tf.json" },
    ]);
    const some = documentSelector({ ...DEFAULTS, attachToAllJson: false, attachToTemplates: false, attachToTerraform: false });
    assert.deepEqual(
      some.map((f) => (f as { pattern?: string }).pattern),
      DEFAULTS.files,
    );
    const globsAndYAML = documentSelector({ ...DEFAULTS, attachToAllJson: false, attachToTerraform: false });
    assert.deepEqual(globsAndYAML.slice(DEFAULTS.files.length), [
      { scheme: "file", language: "yaml" },
      { scheme: "untitled", language: "yaml" },
    ]);
    assert.ok(!documentSelector({ ...DEFAULTS, attachToTemplates: false }).some((f) => (f as { language?: string }).language === "yaml"));
    const noTerraform = documentSelector({ ...DEFAULTS, attachToTerraform: false });
    assert.ok(!noTerraform.some((f) => JSON.stringify(f).includes("tf")), JSON.stringify(noTerraform));
  });

  it("offers formatting for every selected document but Terraform files", () => {
    assert.deepEqual(formattingSelector(documentSelector(DEFAULTS)), documentSelector({ ...DEFAULTS, attachToTerraform: false }));
    assert.equal(formattingSelector(undefined), undefined);
  });

  it("launches the server with --stdio and no transport", () => {
    assert.deepEqual(serverExecutable("/bin/policyls", "/ws"), { command: "/bin/policyls", args: ["--stdio"], options: { cwd: "/ws" } });
  });
});

describe("resolveServerPath", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policyls-path-"));
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  const exe = path.join(bin, "policyls");
  fs.writeFileSync(exe, "#!/bin/sh\n", { mode: 0o755 });
  fs.writeFileSync(path.join(bin, "notexec"), "", { mode: 0o644 });
  const env = { ...currentEnv(dir), env: { PATH: ["/nonexistent", bin].join(":") }, platform: "linux" as const };

  it("finds a name on PATH", () => {
    assert.equal(resolveServerPath("policyls", env), exe);
  });
  it("takes a path relative to the workspace folder", () => {
    assert.equal(resolveServerPath("bin/policyls", env), exe);
    assert.equal(resolveServerPath("./bin/policyls", env), exe);
    assert.equal(resolveServerPath(exe, env), exe);
  });
  it("rejects missing and non-executable files", () => {
    assert.equal(resolveServerPath("policyls-missing", env), undefined);
    assert.equal(resolveServerPath("notexec", env), undefined);
    assert.equal(resolveServerPath("bin/notexec", env), undefined);
    assert.equal(resolveServerPath("policyls", { ...env, env: {} }), undefined);
  });
  it("says how to install when not found", () => {
    assert.match(notFoundMessage("policyls"), /"policyls" on PATH.*go install github\.com\/policyls\/policyls\/cmd\/policyls@latest.*policyls\.path/);
    assert.match(notFoundMessage("./bin/policyls"), /at "\.\/bin\/policyls"/);
    assert.match(notFoundMessage(""), /the server bundled with the extension or "policyls" on PATH.*package for your platform/);
  });
});

describe("chooseServer", () => {
  // A made-up file system: only these files are executable.
  const where = (files: string[], platform: NodeJS.Platform = "linux") => ({
    env: { PATH: platform === "win32" ? "C:\\tools" : "/usr/local/bin", PATHEXT: ".EXE" },
    base: platform === "win32" ? "C:\\ws" : "/ws",
    platform,
    isExecutable: (f: string) => files.includes(f),
  });
  const bundled = bundledServerPath("/ext", "linux");
  const onPath = "/usr/local/bin/policyls";

  it("keeps the bundled server in server/ of the extension's folder", () => {
    assert.equal(bundled, path.join("/ext", "server", "policyls"));
    assert.equal(path.basename(bundledServerPath("/ext", "win32")), "policyls.exe");
  });
  it("prefers the bundled server to PATH when no path is set", () => {
    assert.deepEqual(chooseServer("", bundled, where([bundled, onPath])), { command: bundled, source: "bundled" });
  });
  it("falls back to policyls on PATH without a bundled server", () => {
    assert.deepEqual(chooseServer("", bundled, where([onPath])), { command: onPath, source: "PATH" });
    assert.equal(chooseServer("", bundled, where([])), undefined);
  });
  it("prefers the set path to the bundled server", () => {
    assert.deepEqual(chooseServer("/opt/policyls", bundled, where(["/opt/policyls", bundled])), { command: "/opt/policyls", source: "setting" });
    assert.deepEqual(chooseServer("policyls", bundled, where([bundled, onPath])), { command: onPath, source: "setting" });
  });
  it("reports a set path that finds nothing instead of falling back", () => {
    assert.equal(chooseServer("/opt/policyls", bundled, where([bundled, onPath])), undefined);
  });
  it("finds the bundled policyls.exe on Windows", () => {
    const exe = bundledServerPath("C:\\ext", "win32");
    assert.deepEqual(chooseServer("", exe, where([exe], "win32")), { command: exe, source: "bundled" });
  });
});

describe("makeExecutable", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policyls-mode-"));
  const file = path.join(dir, "policyls");

  it("sets the execute bits a zip tool dropped", () => {
    fs.writeFileSync(file, "#!/bin/sh\n", { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    makeExecutable(file, "linux");
    assert.equal(fs.statSync(file).mode & 0o777, 0o755);
    assert.equal(resolveServerPath(file, currentEnv(dir)), file);
  });
  it("leaves a missing file alone", () => {
    assert.doesNotThrow(() => makeExecutable(path.join(dir, "absent"), "linux"));
  });
});
