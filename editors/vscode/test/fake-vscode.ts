// A stand-in for the "vscode" module, enough for extension.ts and the real
// vscode-languageclient to run under plain Node.js: it records commands,
// error messages, inserted snippets, settings listeners, diagnostics and the
// document symbol provider, and serves a fixed set of open documents.
// Members it does not define are harmless callable stand-ins.

import Module from "node:module";
import { pathToFileURL } from "node:url";

type Fn = (...args: unknown[]) => unknown;

export class Uri {
  constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  get path(): string {
    return this.fsPath;
  }
  toString(): string {
    return this.scheme === "file" ? pathToFileURL(this.fsPath).href : `${this.scheme}:${this.fsPath}`;
  }
  static file(p: string): Uri {
    return new Uri("file", p);
  }
  static parse(s: string): Uri {
    const m = /^([a-z]+):(?:\/\/)?(.*)$/.exec(s);
    return m ? new Uri(m[1], decodeURIComponent(m[2])) : new Uri("file", s);
  }
}

/** An open document as the client sees it. */
export interface FakeDocument {
  uri: Uri;
  languageId: string;
  version: number;
  getText(): string;
  fileName: string;
  isClosed: boolean;
  lineCount: number;
}

export function document(file: string, text: string, languageId = "json"): FakeDocument {
  return { uri: Uri.file(file), languageId, version: 1, getText: () => text, fileName: file, isClosed: false, lineCount: text.split("\n").length };
}

const disposable = { dispose() {} };

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
}
class Range {
  start: Position;
  end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    if (typeof a === "number") {
      this.start = new Position(a, b as number);
      this.end = new Position(c!, d!);
    } else {
      this.start = a;
      this.end = b as Position;
    }
  }
}
class Diagnostic {
  code?: unknown;
  source?: string;
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity?: number,
  ) {}
}
class DocumentSymbol {
  children: DocumentSymbol[] = [];
  constructor(
    readonly name: string,
    readonly detail: string,
    readonly kind: number,
    readonly range: Range,
    readonly selectionRange: Range,
  ) {}
}
class SymbolInformation {
  constructor(
    readonly name: string,
    readonly kind: number,
    readonly containerName: string,
    readonly location: unknown,
  ) {}
}
class Location {
  constructor(
    readonly uri: Uri,
    readonly range: Range,
  ) {}
}
class SnippetString {
  constructor(readonly value: string) {}
}
class Disposable {
  constructor(private readonly f?: () => void) {}
  dispose(): void {
    this.f?.();
  }
  static from(...ds: Array<{ dispose(): unknown }>): Disposable {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
}
class EventEmitter {
  private listeners: Fn[] = [];
  event = (f: Fn) => {
    this.listeners.push(f);
    return disposable;
  };
  fire(e: unknown): void {
    this.listeners.forEach((f) => f(e));
  }
  dispose(): void {}
}
class CancellationTokenSource {
  token = { isCancellationRequested: false, onCancellationRequested: () => disposable };
  cancel(): void {
    this.token.isCancellationRequested = true;
  }
  dispose(): void {}
}
class TabInputText {
  constructor(readonly uri: Uri) {}
}
class TabInputTextDiff {}
class TabInputCustom {}
class TabInputNotebook {}
class TabInputNotebookDiff {}

function anything(): unknown {
  const f = function () {};
  return new Proxy(f, {
    get: (_t, prop) => (prop === "then" || prop === Symbol.iterator ? undefined : prop === Symbol.toPrimitive ? () => "" : anything()),
    apply: () => anything(),
    construct: () => anything() as object,
  });
}

function withDefaults<T extends object>(o: T): T {
  return new Proxy(o, { get: (t, prop) => (prop in t ? t[prop as keyof T] : anything()) });
}

/** Everything the fake records, and the inputs tests set. */
export class FakeVscode {
  settings: Record<string, unknown> = {};
  documents: FakeDocument[] = [];
  workspaceFolder: string | undefined;
  activeEditor: unknown;
  readonly commands = new Map<string, Fn>();
  readonly errors: string[] = [];
  readonly configListeners: Fn[] = [];
  readonly diagnostics = new Map<string, Diagnostic[]>();
  symbolProvider: { provideDocumentSymbols(doc: FakeDocument, token: unknown): Promise<DocumentSymbol[]> } | undefined;
  /** The selectors formatting providers were registered for. */
  readonly formattingSelectors: unknown[] = [];
  readonly log: string[] = [];

  /** changeSettings replaces the settings and tells the listeners. */
  changeSettings(next: Record<string, unknown>): void {
    const changed = new Set([...Object.keys(this.settings), ...Object.keys(next)].filter((k) => this.settings[k] !== next[k]));
    this.settings = next;
    const event = { affectsConfiguration: (s: string) => s === "policyls" ? changed.size > 0 : changed.has(s.replace(/^policyls\./, "")) };
    this.configListeners.forEach((l) => l(event));
  }

  module(): unknown {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const fake = this;
    const channel = withDefaults({
      info: (m: string) => this.log.push(m),
      warn: (m: string) => this.log.push(m),
      error: (m: string) => this.log.push(m),
      appendLine: (m: string) => this.log.push(m),
      show() {},
      dispose() {},
      onDidChangeLogLevel: () => disposable,
    });
    const api = {
      version: "1.91.0",
      Uri,
      Position,
      Range,
      Diagnostic,
      DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
      DocumentSymbol,
      SymbolInformation,
      Location,
      SnippetString,
      Disposable,
      EventEmitter,
      CancellationTokenSource,
      TabInputText,
      TabInputTextDiff,
      TabInputCustom,
      TabInputNotebook,
      TabInputNotebookDiff,
      window: withDefaults({
        createOutputChannel: () => channel,
        showErrorMessage: (m: string) => {
          this.errors.push(m);
          return Promise.resolve(undefined);
        },
        get activeTextEditor() {
          return fake.activeEditor;
        },
        visibleTextEditors: [],
        get tabGroups() {
          return { all: [{ tabs: fake.documents.map((d) => ({ input: new TabInputText(d.uri) })) }], onDidChangeTabs: () => disposable, onDidChangeTabGroups: () => disposable };
        },
      }),
      commands: withDefaults({
        registerCommand: (id: string, fn: Fn) => {
          this.commands.set(id, fn);
          return disposable;
        },
        executeCommand: () => Promise.resolve(),
      }),
      languages: withDefaults({
        match: (selector: unknown, doc: FakeDocument) => {
          const filters = (Array.isArray(selector) ? selector : [selector]) as Array<{ language?: string; scheme?: string; pattern?: string }>;
          return filters.some(
            (f) =>
              (!f.language || f.language === doc.languageId) &&
              (!f.scheme || f.scheme === doc.uri.scheme) &&
              (!f.pattern || globRegExp(f.pattern).test(doc.uri.fsPath)),
          )
            ? 10
            : 0;
        },
        registerDocumentFormattingEditProvider: (selector: unknown) => {
          this.formattingSelectors.push(selector);
          return disposable;
        },
        createDiagnosticCollection: () =>
          withDefaults({
            set: (uri: Uri, ds: Diagnostic[]) => void this.diagnostics.set(uri.toString(), ds),
            delete: (uri: Uri) => void this.diagnostics.delete(uri.toString()),
            clear: () => this.diagnostics.clear(),
            dispose() {},
          }),
        registerDocumentSymbolProvider: (_sel: unknown, provider: FakeVscode["symbolProvider"]) => {
          this.symbolProvider = provider;
          return disposable;
        },
      }),
      workspace: withDefaults({
        get workspaceFolders() {
          return fake.workspaceFolder ? [{ uri: Uri.file(fake.workspaceFolder), name: "ws", index: 0 }] : undefined;
        },
        get textDocuments() {
          return fake.documents;
        },
        notebookDocuments: [],
        getConfiguration: () => ({ get: (key: string, dflt?: unknown) => fake.settings[key] ?? dflt }),
        onDidChangeConfiguration: (fn: Fn) => {
          this.configListeners.push(fn);
          return disposable;
        },
      }),
    };
    return withDefaults(api);
  }
}

type Loader = (request: string, parent: unknown, isMain: boolean) => unknown;

/** install makes require("vscode") return fake's module until the returned function is called. */
export function install(fake: FakeVscode): () => void {
  const internals = Module as unknown as { _load: Loader };
  const original = internals._load;
  const api = fake.module();
  internals._load = function (this: unknown, request, parent, isMain) {
    return request === "vscode" ? api : original.call(this, request, parent, isMain);
  };
  return () => {
    internals._load = original;
  };
}

/** globRegExp reads a document filter's glob: ** spans folders, * and ? do not. */
function globRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith("**/", i)) {
      re += "(?:.*/)?";
      i += 2;
    } else if (glob.startsWith("**", i)) {
      re += ".*";
      i += 1;
    } else if (c === "*") {
      re += "[^/]*";
    } else if (c === "?") {
      re += "[^/]";
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    }
  }
  return new RegExp(`^${re}$`);
}
