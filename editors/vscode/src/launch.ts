// How the extension starts policyls and what it tells it.
//
// This module must not import "vscode" (only types from it): the launch test
// runs it under plain Node.js, starts the real server with exactly the command,
// arguments and initialization options built here, and checks that
// diagnostics come back. extension.ts only glues these functions to the
// editor.

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { DocumentFilter } from "vscode-languageclient";
import type { Executable } from "vscode-languageclient/node";

/** The policy kinds the server knows (analysis/policy), as package.json lists them. */
export const KINDS = ["ses-identity", "iam-identity", "trust", "rcp", "scp", "unknown"] as const;
export type Kind = (typeof KINDS)[number];

/** Severities a rule can be set to; "off" disables it. */
export const SEVERITIES = ["error", "warning", "info", "information", "hint", "off"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** One entry of policyls.kinds: files matching glob hold policies of kind. */
export interface KindRule {
  glob: string;
  kind: Kind;
}

/** The extension's settings, as read from the "policyls" section. */
export interface Settings {
  /** The server executable the user chose (a name looked up on PATH, or a
   * path), or "" for the bundled server, else policyls on PATH. */
  path: string;
  /** Attach to every JSON document (true) or only to those matching files. */
  attachToAllJson: boolean;
  /** Globs selecting the documents to attach to when attachToAllJson is false. */
  files: string[];
  /** Attach to YAML documents too, for CloudFormation and SAM templates
   * (the server stays silent on other YAML). */
  attachToTemplates: boolean;
  /** Attach to Terraform files (.tf, .tf.json) too (the server stays silent
   * on files without policies; terraform-ls keeps serving them). */
  attachToTerraform: boolean;
  accountId: string;
  region: string;
  partition: string;
  kinds: KindRule[];
  rules: Record<string, Severity>;
}

/** The defaults, the same as in package.json's contributes.configuration. */
export const DEFAULTS: Settings = {
  path: "",
  attachToAllJson: true,
  files: ["**/*policy*.json", "**/*.policy.json", "**/policies/**/*.json", "**/*trust*.json"],
  attachToTemplates: true,
  attachToTerraform: true,
  accountId: "",
  region: "",
  partition: "",
  kinds: [],
  rules: {},
};

/**
 * readSettings builds Settings from a getter such as
 * vscode.workspace.getConfiguration("policyls").get, falling back to the
 * defaults for missing or mistyped values.
 */
export function readSettings(get: (key: string) => unknown): Settings {
  const str = (key: keyof Settings): string => {
    const v = get(key);
    return typeof v === "string" ? v.trim() : (DEFAULTS[key] as string);
  };
  const bool = (key: keyof Settings): boolean => {
    const v = get(key);
    return typeof v === "boolean" ? v : (DEFAULTS[key] as boolean);
  };
  const files = get("files");
  const kinds = get("kinds");
  const rules = get("rules");
  return {
    path: str("path"),
    attachToAllJson: bool("attachToAllJson"),
    files: Array.isArray(files) ? files.filter((f): f is string => typeof f === "string" && f !== "") : DEFAULTS.files,
    attachToTemplates: bool("attachToTemplates"),
    attachToTerraform: bool("attachToTerraform"),
    accountId: str("accountId"),
    region: str("region"),
    partition: str("partition"),
    kinds: readKinds(kinds),
    rules: isObject(rules) ? pickRules(rules) : {},
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * readKinds accepts the list form the server uses, [{"glob", "kind"}], and a
 * shorthand object {"glob": "kind"} whose entries keep their written order.
 * Entries with an unknown kind are dropped.
 */
function readKinds(v: unknown): KindRule[] {
  if (Array.isArray(v)) return v.filter(isKindRule);
  if (isObject(v)) {
    return Object.entries(v)
      .map(([glob, kind]) => ({ glob, kind }))
      .filter(isKindRule);
  }
  return [];
}

function isKindRule(v: unknown): v is KindRule {
  return isObject(v) && typeof v.glob === "string" && typeof v.kind === "string" && (KINDS as readonly string[]).includes(v.kind);
}

function pickRules(v: Record<string, unknown>): Record<string, Severity> {
  const out: Record<string, Severity> = {};
  for (const [id, sev] of Object.entries(v)) {
    if (typeof sev === "string" && (SEVERITIES as readonly string[]).includes(sev)) {
      out[id] = sev as Severity;
    }
  }
  return out;
}

/**
 * serverSettings is the policyls object the server reads (the shape of
 * analysis/config, plus the settings later versions read; the server ignores
 * members it does not know). Client-side settings (path, files,
 * attachToAllJson, attachToTemplates, attachToTerraform) stay out of it, and
 * so do unset strings.
 */
export function serverSettings(s: Settings): Record<string, unknown> {
  const out: Record<string, unknown> = { kinds: s.kinds.map((k) => ({ glob: k.glob, kind: k.kind })) };
  if (s.accountId) out.accountId = s.accountId;
  if (s.region) out.region = s.region;
  if (s.partition) out.partition = s.partition;
  if (Object.keys(s.rules).length > 0) out.rules = { ...s.rules };
  return out;
}

/**
 * initializationOptions is what the extension sends in the initialize
 * request, and as the settings of workspace/didChangeConfiguration: the
 * policyls object under a "policyls" key.
 */
export function initializationOptions(s: Settings): { policyls: Record<string, unknown> } {
  return { policyls: serverSettings(s) };
}

/**
 * documentSelector lists the documents the client hands to the server: every
 * JSON document (on disk or untitled) by default, or, with attachToAllJson
 * off, JSON files whose path matches one of the files globs; and with
 * attachToTemplates every YAML document, where the server reads
 * CloudFormation and SAM templates and publishes nothing for other YAML
 * (the YAML servers keep their files: VS Code runs both); and with
 * attachToTerraform Terraform files: the HashiCorp extension's "terraform"
 * language, and *.tf and *.tf.json by name, whatever language they have
 * (without that extension a .tf file has none).
 */
export function documentSelector(s: Settings): DocumentFilter[] {
  const yaml: DocumentFilter[] = s.attachToTemplates
    ? [
        { scheme: "file", language: "yaml" },
        { scheme: "untitled", language: "yaml" },
      ]
    : [];
  const terraform: DocumentFilter[] = s.attachToTerraform ? TERRAFORM_FILTERS : [];
  if (s.attachToAllJson) {
    return [{ scheme: "file", language: "json" }, { scheme: "untitled", language: "json" }, ...yaml, ...terraform];
  }
  return [...s.files.map((pattern) => ({ scheme: "file", language: "json", pattern })), ...yaml, ...terraform];
}

/** The filters that attach Terraform files. */
export const TERRAFORM_FILTERS: DocumentFilter[] = [
  { scheme: "file", language: "terraform" },
  { scheme: "untitled", language: "terraform" },
  { scheme: "file", pattern: "**/*.tf" },
  { scheme: "file", pattern: "**/*.tf.json" },
];

/**
 * formattingSelector is the selector formatting is offered for: the
 * documents' selector without the Terraform filters. The server formats
 * policies only, and a second formatter for Terraform files would make VS
 * Code ask which one to use instead of terraform fmt.
 */
export function formattingSelector(selector: readonly (string | DocumentFilter)[] | undefined): (string | DocumentFilter)[] | undefined {
  return selector?.filter((f) => !TERRAFORM_FILTERS.some((t) => JSON.stringify(t) === JSON.stringify(f)));
}

/** What resolving the server path needs to know about its surroundings. */
export interface LookupEnv {
  /** The PATH-like variables: env.PATH (or Path), env.PATHEXT on Windows. */
  env: NodeJS.ProcessEnv;
  /** The directory a relative path is taken from (the workspace folder). */
  base: string;
  platform: NodeJS.Platform;
  /** Whether file is an executable file (tests pass their own). */
  isExecutable: (file: string) => boolean;
}

/** The current process's surroundings, with base as the relative-path base. */
export function currentEnv(base: string): LookupEnv {
  const win = process.platform === "win32";
  return { env: process.env, base, platform: process.platform, isExecutable: (file) => isExecutable(file, win) };
}

/** Where the server was found: the setting, the extension's own copy, or PATH. */
export type ServerSource = "setting" | "bundled" | "PATH";

/**
 * bundledServerPath is where a platform-specific package of the extension
 * keeps its server: server/policyls (policyls.exe on Windows) in the
 * extension's folder.
 */
export function bundledServerPath(extensionDir: string, platform: NodeJS.Platform): string {
  return path.join(extensionDir, "server", platform === "win32" ? "policyls.exe" : "policyls");
}

/**
 * chooseServer picks the server to start: the policyls.path setting when the
 * user set one (and nothing else, so that a wrong setting is reported rather
 * than quietly bypassed), else the bundled server when the package has one,
 * else policyls on PATH. It returns undefined when the choice finds no
 * executable.
 */
export function chooseServer(setting: string, bundled: string, where: LookupEnv): { command: string; source: ServerSource } | undefined {
  if (setting !== "") {
    const command = resolveServerPath(setting, where);
    return command ? { command, source: "setting" } : undefined;
  }
  if (where.isExecutable(bundled)) return { command: bundled, source: "bundled" };
  const command = resolveServerPath("policyls", where);
  return command ? { command, source: "PATH" } : undefined;
}

/**
 * makeExecutable sets the execute bits on the bundled server when they are
 * missing (an extension folder unpacked by a tool that drops file modes).
 * It does nothing on Windows, when the file is absent, or when it cannot
 * change the mode (a read-only install); chooseServer then moves on.
 */
export function makeExecutable(file: string, platform: NodeJS.Platform): void {
  if (platform === "win32") return;
  try {
    const mode = fs.statSync(file).mode;
    if ((mode & 0o111) !== 0o111) fs.chmodSync(file, mode | 0o111);
  } catch {
    // Absent or not ours to change.
  }
}

/**
 * resolveServerPath finds the server executable the way a shell would: a
 * setting holding a path separator (or starting with "~") is a file path,
 * relative to the workspace folder; a bare name is looked up on PATH (with
 * PATHEXT on Windows). It returns the absolute path of an executable file, or
 * undefined when there is none.
 */
export function resolveServerPath(setting: string, where: LookupEnv): string | undefined {
  const win = where.platform === "win32";
  const exts = win ? ["", ...(where.env.PATHEXT ?? ".EXE;.CMD;.BAT;.COM").split(";").filter(Boolean)] : [""];
  let p = setting.trim();
  if (p === "~" || p.startsWith("~/") || (win && p.startsWith("~\\"))) {
    p = path.join(os.homedir(), p.slice(1));
  }
  const hasSep = p.includes("/") || (win && p.includes("\\"));
  if (hasSep || path.isAbsolute(p)) {
    const abs = path.resolve(where.base, p);
    return exts.map((e) => abs + e).find((c) => where.isExecutable(c));
  }
  const pathVar = where.env.PATH ?? where.env.Path ?? "";
  for (const dir of pathVar.split(win ? ";" : ":")) {
    if (dir === "") continue;
    for (const e of exts) {
      const candidate = path.join(dir, p + e);
      if (where.isExecutable(candidate)) return path.resolve(candidate);
    }
  }
  return undefined;
}

function isExecutable(file: string, win: boolean): boolean {
  try {
    if (!fs.statSync(file).isFile()) return false;
    if (!win) fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * serverExecutable is the launch description handed to vscode-languageclient:
 * the resolved executable with --stdio, transport left unset so that the
 * client spawns it as given and talks over its stdin and stdout.
 */
export function serverExecutable(command: string, cwd?: string): Executable {
  return { command, args: ["--stdio"], options: cwd ? { cwd } : {} };
}

/**
 * probeServer runs "<command> version" to check, before the client starts,
 * that the file runs at all. It resolves to the version's first line, and
 * rejects with a message fit for the user otherwise.
 */
export function probeServer(command: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, ["version"], { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err) {
        const detail = stderr.trim() || err.message;
        reject(new Error(`${command} does not run: ${detail}`));
        return;
      }
      resolve(stdout.split("\n")[0].trim());
    });
  });
}

/** notFoundMessage tells the user what to do when the server is missing. */
export function notFoundMessage(setting: string): string {
  const where =
    setting === ""
      ? 'the server bundled with the extension or "policyls" on PATH'
      : setting.includes("/") || setting.includes("\\")
        ? `at "${setting}"`
        : `"${setting}" on PATH`;
  return (
    `policyls: cannot find the language server (looked for ${where}). ` +
    "Install the extension's package for your platform, which includes the server, or install it with " +
    "`go install github.com/policyls/policyls/cmd/policyls@latest` " +
    "and make sure it is on PATH, or set policyls.path to the executable."
  );
}
