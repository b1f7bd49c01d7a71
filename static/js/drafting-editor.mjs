// The JSON editor: CodeMirror 6 (static/vendor/codemirror, from scripts/install_assets.py) in
// place of the page's text box, with line numbers, folding, JSON highlighting and search.
// The text box stays, hidden, as the form's field: the editor copies its text there for the
// live check, the autosave and the Save button. The problems in the live check's summary
// (the server's, with JSON Pointers or lines) become the editor's markers in its gutter, and
// following one moves the cursor to its line. An existing D-TRO's JSON is not in the page:
// it is fetched from the textarea's data-document-url once the page is up.

import { EditorState } from "../vendor/codemirror/codemirror-state.js";
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from "../vendor/codemirror/codemirror-view.js";
import {
  bracketMatching,
  defaultHighlightStyle,
  foldGutter,
  foldKeymap,
  indentOnInput,
  syntaxHighlighting,
} from "../vendor/codemirror/codemirror-language.js";
import { defaultKeymap, history, historyKeymap } from "../vendor/codemirror/codemirror-commands.js";
import { highlightSelectionMatches, search, searchKeymap } from "../vendor/codemirror/codemirror-search.js";
import { lintGutter, setDiagnostics } from "../vendor/codemirror/codemirror-lint.js";
import { json } from "../vendor/codemirror/codemirror-lang-json.js";

const textarea = document.querySelector("textarea[data-code-editor]");
const summary = document.getElementById("live-validation");
const status = document.getElementById("code-editor-status");
const PROBLEM_LINKS = "a[data-pointer], a[data-line]";
// Copy the editor's text to the form this long after the last keystroke (the live check
// and the autosave wait longer still).
const SYNC_DELAY_MS = 200;
let view = null;

function escapeToken(key) {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

// Offsets in `text` of the values at each JSON Pointer, in one walk of the text: a pointer
// whose value is missing (or half typed) gets its deepest ancestor's offset, an object
// member its key's.
export function offsetsOfPointers(text, pointers) {
  const wanted = new Set([""]);
  for (const pointer of pointers) {
    let path = "";
    for (const token of (pointer || "").split("/").slice(1)) {
      path += `/${token}`;
      wanted.add(path);
    }
  }
  const found = new Map();
  let i = 0;
  const ws = () => {
    while (i < text.length && /\s/.test(text[i])) i += 1;
  };
  const readString = () => {
    let out = "";
    i += 1;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") {
        out += text[i + 1];
        i += 2;
      } else {
        out += text[i];
        i += 1;
      }
    }
    i += 1;
    return out;
  };
  // `path` is the pointer of the value here, or null off every wanted path (not tracked).
  const walk = (path) => {
    ws();
    if (path !== null && !found.has(path)) found.set(path, i);
    const c = text[i];
    if (c === "{") {
      i += 1;
      for (;;) {
        ws();
        if (text[i] === "}" || i >= text.length) { i += 1; return; }
        const keyAt = i;
        const key = readString();
        const child = path === null ? null : `${path}/${escapeToken(key)}`;
        const tracked = child !== null && wanted.has(child);
        if (tracked && !found.has(child)) found.set(child, keyAt);
        ws();
        i += 1; // the colon
        walk(tracked ? child : null);
        ws();
        if (text[i] === ",") i += 1;
      }
    } else if (c === "[") {
      i += 1;
      let index = 0;
      for (;;) {
        ws();
        if (text[i] === "]" || i >= text.length) { i += 1; return; }
        const child = path === null ? null : `${path}/${index}`;
        walk(child !== null && wanted.has(child) ? child : null);
        ws();
        if (text[i] === ",") i += 1;
        index += 1;
      }
    } else if (c === '"') {
      readString();
    } else {
      while (i < text.length && !/[,\]}\s]/.test(text[i])) i += 1;
    }
  };
  try {
    walk("");
  } catch {
    // Half-typed JSON: what was found so far is still useful.
  }
  const offsets = new Map();
  for (const pointer of pointers) {
    let path = pointer || "";
    while (!found.has(path) && path) path = path.slice(0, path.lastIndexOf("/"));
    offsets.set(pointer, found.get(path) ?? 0);
  }
  return offsets;
}

function offsetOfLine(doc, line, column = 1) {
  const at = doc.line(Math.min(Math.max(line, 1), doc.lines));
  return Math.min(at.from + Math.max(column - 1, 0), at.to);
}

// Where each problem link of the summary points in the editor's text now.
function positionsOf(links) {
  const doc = view.state.doc;
  const pointers = links.filter((link) => !link.dataset.line).map((link) => link.dataset.pointer || "");
  const offsets = pointers.length ? offsetsOfPointers(doc.toString(), pointers) : new Map();
  return links.map((link) => {
    if (link.dataset.line) {
      return offsetOfLine(doc, Number(link.dataset.line), Number(link.dataset.column || 1));
    }
    return Math.min(offsets.get(link.dataset.pointer || "") ?? 0, doc.length);
  });
}

// The summary's problems as the editor's markers, and each link says its line.
function showProblems() {
  if (!view || !summary) return;
  const links = [...summary.querySelectorAll(PROBLEM_LINKS)];
  const positions = positionsOf(links);
  const diagnostics = links.map((link, index) => {
    const line = view.state.doc.lineAt(positions[index]);
    if (!link.dataset.message) link.dataset.message = link.textContent.trim();
    if (!link.dataset.annotated) {
      link.dataset.annotated = "1";
      link.append(` (line ${line.number})`);
    }
    return { from: positions[index], to: line.to, severity: "error", message: link.dataset.message };
  });
  view.dispatch(setDiagnostics(view.state, diagnostics));
}

function goTo(position) {
  view.dispatch({
    selection: { anchor: position },
    effects: EditorView.scrollIntoView(position, { y: "center" }),
  });
  view.focus();
}

// GOV.UK colours; the default gutter grey is too faint to read.
const theme = EditorView.theme({
  "&": { height: "36rem", border: "2px solid #0b0c0c", backgroundColor: "#ffffff", fontSize: "0.95rem" },
  "&.cm-focused": { outline: "3px solid #ffdd00", outlineOffset: "0", boxShadow: "inset 0 0 0 2px #0b0c0c" },
  ".cm-scroller": { fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace', lineHeight: "1.4" },
  ".cm-gutters": { backgroundColor: "#f3f2f1", color: "#484949", borderRight: "1px solid #b1b4b6" },
  ".cm-activeLineGutter": { backgroundColor: "#dde3e6", color: "#0b0c0c" },
});
const errorTheme = EditorView.theme({ "&": { borderColor: "#d4351c" } });

function createEditor(text) {
  const form = textarea.form;
  const describedBy = textarea.getAttribute("aria-describedby") || "";
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  // The editor takes the field's id, so the error summary's links (#id_document) reach it.
  const id = textarea.id;
  textarea.id = `${id}-text`;
  if (label) {
    label.htmlFor = textarea.id;
    label.addEventListener("click", () => view && view.focus());
  }
  let syncTimer = 0;
  const sync = () => {
    clearTimeout(syncTimer);
    textarea.value = view.state.doc.toString();
  };
  const extensions = [
    lineNumbers(),
    foldGutter(),
    lintGutter(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    search({ top: true }),
    syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
    json(),
    theme,
    // CodeMirror's styles go in a <style> element; the page's CSP lets in this one by its nonce.
    EditorView.cspNonce.of(textarea.dataset.styleNonce || ""),
    // Tab is left to move the focus on, as on the rest of the page.
    keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...searchKeymap]),
    EditorView.contentAttributes.of({
      id,
      // Focusable as such, so the scrolling area is reachable by keyboard (axe checks it).
      tabindex: "0",
      "aria-labelledby": label ? label.id || "" : "",
      "aria-describedby": describedBy,
      spellcheck: "false",
      autocapitalize: "off",
    }),
    EditorView.updateListener.of((update) => {
      if (!update.docChanged) return;
      clearTimeout(syncTimer);
      syncTimer = setTimeout(() => {
        sync();
        // htmx's triggers on the text box: the live check and the autosave.
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      }, SYNC_DELAY_MS);
    }),
  ];
  if (textarea.classList.contains("govuk-textarea--error")) extensions.push(errorTheme);
  const wrapper = document.createElement("div");
  wrapper.className = "drafting-code-editor";
  textarea.after(wrapper);
  // GOV.UK's textarea style outranks the `hidden` attribute.
  textarea.hidden = true;
  textarea.style.display = "none";
  view = new EditorView({ state: EditorState.create({ doc: text, extensions }), parent: wrapper });
  if (form) form.addEventListener("submit", sync);
}

async function fetchText(url) {
  status.hidden = false;
  status.textContent = "Loading the D-TRO's JSON…";
  const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json, text/plain" } });
  if (!response.ok) throw new Error(`${response.status}`);
  return response.text();
}

function loadFailed() {
  status.textContent = "The JSON could not be loaded. Reload the page to try again, or ";
  const link = document.createElement("a");
  link.className = "govuk-link";
  link.href = "?plain=1";
  link.textContent = "change it in a plain text box";
  status.append(link, ".");
}

const domReady = () =>
  new Promise((resolve) => {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve, { once: true });
    else resolve();
  });

async function start() {
  const url = textarea.dataset.documentUrl;
  let text = textarea.value;
  if (url) {
    try {
      text = await fetchText(url);
    } catch {
      loadFailed();
      return;
    }
    textarea.value = text;
  }
  createEditor(text);
  if (textarea.dataset.errorLine) {
    for (const link of document.querySelectorAll('.govuk-error-summary a[href="#id_document"]')) {
      link.dataset.line = textarea.dataset.errorLine;
    }
  }
  if (url) {
    textarea.form.hidden = false;
    status.textContent = "";
    status.hidden = true;
    await domReady();
    // htmx waits for this before the first live check (it has no text before).
    setTimeout(() => textarea.dispatchEvent(new Event("editor-loaded")), 0);
  }
  showProblems();
}

if (textarea) {
  document.addEventListener("click", (event) => {
    const link = event.target.closest(PROBLEM_LINKS);
    if (!link || !view) return;
    event.preventDefault();
    goTo(positionsOf([link])[0]);
  });
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (summary && summary.contains(event.target)) showProblems();
  });
  start();
}
