// The Pinpoint templates: filled in, they are AWS's documented policies as
// kept in examples/ (which policyls checks clean); as snippets, their
// placeholders expand to the same JSON.

import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";

import { currentEnv, resolveServerPath } from "../src/launch";
import { escapeSnippet, fill, PINPOINT_PERMISSION_POLICY, PINPOINT_TRUST_POLICY, toSnippet } from "../src/templates";

const repo = path.resolve(__dirname, "..", "..", "..", "..");
const example = (name: string) => fs.readFileSync(path.join(repo, "examples", name), "utf8");
const values = { partition: "aws", region: "us-east-1", accountId: "123456789012" };

/** expand reads snippet text the way an editor inserts it with defaults. */
function expand(snippet: string): string {
  return snippet.replace(/\$\{\d+:([^}]*)\}|\\([\\$}])/g, (_, placeholder: string, escaped: string) => placeholder ?? escaped);
}

describe("Pinpoint templates", () => {
  it("are the documented policies once filled in", () => {
    assert.equal(fill(PINPOINT_PERMISSION_POLICY, values), example("pinpoint-ses-permission-policy.json"));
    assert.equal(fill(PINPOINT_TRUST_POLICY, values), example("pinpoint-trust-policy.json"));
  });

  it("leave placeholders for unset values", () => {
    const s = toSnippet(PINPOINT_PERMISSION_POLICY, { region: "eu-west-1" });
    assert.match(s, /"arn:\$\{1:aws\}:ses:eu-west-1:\$\{3:accountId\}:identity\/\*"/);
    assert.equal(expand(s), fill(PINPOINT_PERMISSION_POLICY, { region: "eu-west-1" }));
    const t = toSnippet(PINPOINT_TRUST_POLICY, {});
    assert.match(t, /"aws:SourceAccount": "\$\{3:accountId\}"/);
    assert.equal(expand(t), fill(PINPOINT_TRUST_POLICY, {}));
    JSON.parse(expand(t));
  });

  it("escape literal snippet syntax", () => {
    assert.equal(escapeSnippet("a$b}c\\d"), "a\\$b\\}c\\\\d");
    assert.equal(expand(toSnippet(PINPOINT_TRUST_POLICY, values)), fill(PINPOINT_TRUST_POLICY, values));
  });

  it("have no errors or warnings from policyls check", (t) => {
    const server = resolveServerPath(process.env.POLICYLS_PATH ?? "policyls", currentEnv(process.cwd()));
    if (!server) {
      t.skip("policyls is not on PATH");
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policyls-templates-"));
    const values = { partition: "aws-us-gov", region: "us-gov-west-1", accountId: "210987654321" };
    fs.writeFileSync(path.join(dir, "permission-policy.json"), fill(PINPOINT_PERMISSION_POLICY, values));
    fs.writeFileSync(path.join(dir, "trust-policy.json"), fill(PINPOINT_TRUST_POLICY, values));
    const out = execFileSync(server, ["check", "--format", "json", dir], { encoding: "utf8" });
    fs.rmSync(dir, { recursive: true });
    const report = JSON.parse(out) as { files: Array<{ path: string; kind: string; diagnostics: Array<{ severity: string }> }> };
    const kinds = Object.fromEntries(report.files.map((f) => [path.basename(f.path), f.kind]));
    assert.deepEqual(kinds, { "permission-policy.json": "iam-identity", "trust-policy.json": "trust" });
    // Clean as examples/ must be: no error or warning (notes such as the
    // Pinpoint end-of-support hint are fine).
    for (const f of report.files) {
      const serious = f.diagnostics.filter((d) => d.severity === "error" || d.severity === "warning");
      assert.deepEqual(serious, [], f.path);
    }
  });
});
