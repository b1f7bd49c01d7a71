// The JSON editor: links in the live error summary move the cursor to the line the problem
// is on. Problems come with JSON Pointers; this maps a pointer to an offset in the text.

const editor = document.getElementById("id_document");
const summary = document.getElementById("live-validation");

function unescapeToken(token) {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

// Offset of the value at `pointer` in `text`, or of the deepest ancestor found.
export function offsetOfPointer(text, pointer) {
  const target = pointer ? pointer.split("/").slice(1).map(unescapeToken) : [];
  let i = 0;
  let best = 0;
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
  // Walk one value; `depth` is how much of the pointer matched so far (-1: not on the path).
  const walk = (depth) => {
    ws();
    if (depth === target.length) best = i;
    const c = text[i];
    if (c === "{") {
      i += 1;
      for (;;) {
        ws();
        if (text[i] === "}" || i >= text.length) { i += 1; return; }
        const keyAt = i;
        const key = readString();
        const onPath = depth >= 0 && depth < target.length && key === target[depth];
        if (onPath) best = keyAt;
        ws();
        i += 1; // the colon
        walk(onPath ? depth + 1 : -1);
        ws();
        if (text[i] === ",") i += 1;
      }
    } else if (c === "[") {
      i += 1;
      let index = 0;
      for (;;) {
        ws();
        if (text[i] === "]" || i >= text.length) { i += 1; return; }
        const onPath = depth >= 0 && depth < target.length && String(index) === target[depth];
        if (onPath) best = i;
        walk(onPath ? depth + 1 : -1);
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
    walk(0);
  } catch {
    // Half-typed JSON: the best offset found so far is still useful.
  }
  return best;
}

function lineOfOffset(text, offset) {
  return text.slice(0, offset).split("\n").length;
}

function offsetOfLine(text, line, column = 1) {
  const lines = text.split("\n");
  let offset = 0;
  for (let n = 1; n < line && n <= lines.length; n += 1) offset += lines[n - 1].length + 1;
  return offset + Math.max(column - 1, 0);
}

function selectLine(offset) {
  const text = editor.value;
  const start = text.lastIndexOf("\n", offset - 1) + 1;
  let end = text.indexOf("\n", offset);
  if (end === -1) end = text.length;
  editor.focus();
  editor.setSelectionRange(start, end);
  const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 20;
  editor.scrollTop = Math.max(0, (lineOfOffset(text, offset) - 3) * lineHeight);
}

function offsetFor(link) {
  if (link.dataset.line) {
    return offsetOfLine(editor.value, Number(link.dataset.line), Number(link.dataset.column || 1));
  }
  return offsetOfPointer(editor.value, link.dataset.pointer || "");
}

// Say which line each problem is on, so keyboard and screen reader users know before following.
function annotate(root) {
  for (const link of root.querySelectorAll("a[data-pointer], a[data-line]")) {
    if (link.dataset.annotated) continue;
    link.dataset.annotated = "1";
    const line = link.dataset.line || lineOfOffset(editor.value, offsetFor(link));
    link.append(` (line ${line})`);
  }
}

if (editor) {
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-pointer], a[data-line]");
    if (!link || !editor) return;
    event.preventDefault();
    selectLine(offsetFor(link));
  });
  document.body.addEventListener("htmx:afterSwap", (event) => {
    if (summary && summary.contains(event.target)) annotate(summary);
  });
  if (editor.dataset.errorLine) {
    for (const link of document.querySelectorAll('.govuk-error-summary a[href="#id_document"]')) {
      link.dataset.line = editor.dataset.errorLine;
    }
  }
}
