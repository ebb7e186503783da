// Unit tests of the settings, selector and executable lookup in launch.ts.

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";

import { DEFAULTS, documentSelector, initializationOptions, notFoundMessage, readSettings, resolveServerPath, SEVERITIES, serverExecutable } from "../src/launch";

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
    for (const key of ["path", "files", "attachToAllJson", "accountId", "region", "partition", "kinds", "rules", "trace.server"]) {
      assert.ok(props[`policyls.${key}`], `policyls.${key}`);
    }
    const commands = pkg.contributes.commands.map((c: { command: string }) => c.command);
    assert.deepEqual(commands.sort(), ["policyls.insertPinpointPermissionPolicy", "policyls.insertPinpointTrustPolicy", "policyls.restartServer"]);
    assert.deepEqual(pkg.activationEvents, ["onLanguage:json"]);
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

  it("reads the kinds shorthand in written order", () => {
    const s = readSettings((key) => (key === "kinds" ? { "ses/**": "ses-identity", "**/trust/*.json": "trust" } : undefined));
    assert.deepEqual(s.kinds, [
      { glob: "ses/**", kind: "ses-identity" },
      { glob: "**/trust/*.json", kind: "trust" },
    ]);
  });

  it("selects all JSON, or only the files globs", () => {
    assert.deepEqual(documentSelector(DEFAULTS), [
      { scheme: "file", language: "json" },
      { scheme: "untitled", language: "json" },
    ]);
    const some = documentSelector({ ...DEFAULTS, attachToAllJson: false });
    assert.deepEqual(
      some.map((f) => (f as { pattern?: string }).pattern),
      DEFAULTS.files,
    );
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
  const env = { env: { PATH: ["/nonexistent", bin].join(":") }, base: dir, platform: "linux" as const };

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
  });
});
