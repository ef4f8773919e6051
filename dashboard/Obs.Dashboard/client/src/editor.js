// The YAML editor of the Apply page and "edit": CodeMirror 6 with YAML highlighting, bundled into
// one file so the page loads a single script. It enhances a <textarea data-yaml-editor>: the
// textarea stays in the form (and keeps working without JavaScript); the editor writes back to it.
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers, highlightActiveLine } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { syntaxHighlighting, defaultHighlightStyle, indentOnInput, bracketMatching } from "@codemirror/language";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import { yaml } from "@codemirror/lang-yaml";

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
        EditorView.contentAttributes.of({ "aria-label": textarea.getAttribute("aria-label") || "YAML" }),
      ],
    }),
  });
  textarea.style.display = "none";
  textarea.after(view.dom);
  // Server-side validation errors rendered as <li data-line="N">message</li> next to the editor
  // become diagnostics on that line.
  const list = document.getElementById(textarea.dataset.yamlErrors || "");
  if (list) {
    const diagnostics = [];
    for (const item of list.querySelectorAll("[data-line]")) {
      const number = Number(item.dataset.line);
      if (!(number >= 1 && number <= view.state.doc.lines)) continue;
      const line = view.state.doc.line(number);
      diagnostics.push({ from: line.from, to: line.to, severity: "error", message: item.textContent.trim() });
    }
    view.dispatch(setDiagnostics(view.state, diagnostics));
  }
  return view;
}

function enhanceAll(root) {
  for (const textarea of (root || document).querySelectorAll("textarea[data-yaml-editor]")) enhance(textarea);
}

window.ObsEditor = { enhance, enhanceAll };
document.addEventListener("DOMContentLoaded", () => enhanceAll(document));
// htmx swaps in new fragments: enhance editors that arrive with them.
document.addEventListener("htmx:load", event => enhanceAll(event.target));
