// The YAML editor of the Apply page and "edit": CodeMirror 6 with YAML highlighting, bundled into
// one file so the pages that edit load a single script. It enhances a <textarea data-editor="yaml">:
// the textarea stays in the form (and keeps working without JavaScript); the editor writes back to
// it. The server's problems (data-problems: [{line, column, message}]) become diagnostics on their
// lines, so an API error on spec.replicas is shown on the replicas line.
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, indentOnInput, bracketMatching } from "@codemirror/language";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { yaml } from "@codemirror/lang-yaml";

// The range a problem marks: from its column (or the line's first non-blank character) to the line's end.
function diagnosticFor(doc, problem) {
  const number = Number(problem.line);
  if (!(number >= 1 && number <= doc.lines)) return null;
  const line = doc.line(number);
  const indent = line.text.length - line.text.trimStart().length;
  const column = Number(problem.column);
  const from = line.from + (column >= 1 && column <= line.length ? column - 1 : indent);
  return { from, to: Math.max(from, line.to), severity: "error", message: String(problem.message || "") };
}

function problemsOf(textarea) {
  try { return JSON.parse(textarea.dataset.problems || "[]"); } catch { return []; }
}

function labelOf(textarea) {
  const label = textarea.id ? document.querySelector(`label[for="${textarea.id}"]`) : null;
  return textarea.getAttribute("aria-label") || (label ? label.textContent.trim() : "YAML");
}

function enhance(textarea) {
  if (textarea.dataset.yamlEditorReady) return;
  textarea.dataset.yamlEditorReady = "1";
  const view = new EditorView({
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), highlightActiveLine(), history(), indentOnInput(), bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle), lintGutter(), yaml(),
        keymap.of([indentWithTab, ...defaultKeymap, ...historyKeymap]),
        EditorView.updateListener.of(update => { if (update.docChanged) textarea.value = update.state.doc.toString(); }),
        EditorView.contentAttributes.of({ "aria-label": labelOf(textarea) }),
        EditorState.readOnly.of(textarea.readOnly),
        EditorView.editable.of(!textarea.readOnly),
      ],
    }),
  });
  textarea.style.display = "none";
  textarea.after(view.dom);
  const diagnostics = problemsOf(textarea).map(p => diagnosticFor(view.state.doc, p)).filter(d => d !== null);
  if (diagnostics.length > 0) view.dispatch(setDiagnostics(view.state, diagnostics));
  return view;
}

function enhanceAll(root) {
  for (const textarea of (root || document).querySelectorAll('textarea[data-editor="yaml"]')) enhance(textarea);
}

window.ObsEditor = { enhance, enhanceAll };
document.addEventListener("DOMContentLoaded", () => enhanceAll(document));
// htmx swaps in new fragments: enhance editors that arrive with them.
document.addEventListener("htmx:load", event => enhanceAll(event.target));
