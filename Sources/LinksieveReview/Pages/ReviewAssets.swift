/// The stylesheet and the keyboard script, compiled into the binary and served from
/// `/assets/`, so the app names no other origin and works with no network at all.
enum ReviewAssets {
    static let stylesheet = """
        body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2329;background:#f6f7f8}
        header{display:flex;gap:1.5em;align-items:center;padding:.5em 1.2em;background:#24303c;color:#fff}
        header a{color:#cfe3ff;margin-right:1em}header .who{flex:1}header .rule{color:#ffd98a}
        main{padding:1em 1.5em;max-width:1200px}
        h1{font-size:1.35em;margin:.3em 0 .6em}h2{font-size:1.1em;margin:1.2em 0 .4em}
        table{border-collapse:collapse;width:100%;background:#fff}
        th,td{border-bottom:1px solid #dde1e5;padding:.35em .5em;text-align:left;vertical-align:top}
        th{background:#eef1f4;font-weight:600}
        tr.selected{outline:2px solid #2f6fde;background:#e8f0ff}
        .mono,code{font-family:ui-monospace,monospace;font-size:.92em;word-break:break-all}
        .flood{background:#ffe1c2;color:#7a3b00;padding:0 .4em;border-radius:3px;font-weight:600}
        .state-confirmed{color:#8a1b1b;font-weight:600}.state-false-positive{color:#17692b;font-weight:600}
        .state-escalate{color:#7a5a00;font-weight:600}.state-pending{color:#666}
        form.filters{display:flex;flex-wrap:wrap;gap:.6em;align-items:end;margin-bottom:1em;background:#fff;padding:.6em;border:1px solid #dde1e5}
        form.filters label{display:flex;flex-direction:column;font-size:.85em}
        form.inline{display:inline}
        .keys{background:#fff;border:1px solid #dde1e5;padding:.4em .8em;margin:0 0 1em}
        kbd{border:1px solid #aab;border-bottom-width:2px;border-radius:3px;padding:0 .3em;background:#fafafa;font-family:ui-monospace,monospace}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25em 1em;background:#fff;padding:.8em;border:1px solid #dde1e5}
        dl.facts dt{font-weight:600}dl.facts dd{margin:0}
        .grids{display:flex;gap:2em;flex-wrap:wrap;align-items:flex-start}.grids figure{margin:0}
        .decide{background:#fff;border:1px solid #dde1e5;padding:.8em;margin:1em 0}
        .decide textarea{width:100%;height:3em}
        .error{color:#8a1b1b}.ok{color:#17692b}
        .paging{margin:1em 0}
        """

    /// j/k move the selection, Enter opens it, c/f/e decide on it, n writes a note first.
    static let script = """
        "use strict";
        document.addEventListener("DOMContentLoaded", () => {
          const items = Array.from(document.querySelectorAll("[data-item]"));
          const form = document.getElementById("decide-form");
          const note = document.getElementById("decide-note");
          let index = items.findIndex(item => item.classList.contains("selected"));
          if (index < 0 && items.length > 0) { index = 0; items[0].classList.add("selected"); }
          const fill = () => {
            const item = items[index];
            if (!form || !item) return;
            for (const name of ["row", "list", "algorithm", "entry"]) {
              const field = form.querySelector(`input[name="${name}"]`);
              if (field) field.value = item.dataset[name] || "";
            }
            const scope = document.getElementById("decide-scope");
            if (scope && item.dataset.scope) scope.textContent = item.dataset.scope;
          };
          const select = next => {
            if (items.length === 0) return;
            items[index].classList.remove("selected");
            index = Math.max(0, Math.min(items.length - 1, next));
            items[index].classList.add("selected");
            items[index].scrollIntoView({block: "nearest"});
            fill();
          };
          fill();
          const decide = kind => {
            if (!form) return;
            document.getElementById("decide-kind").value = kind;
            form.submit();
          };
          document.addEventListener("keydown", event => {
            if (event.ctrlKey || event.metaKey || event.altKey) return;
            const typing = ["INPUT", "TEXTAREA", "SELECT"].includes(document.activeElement.tagName);
            if (typing) { if (event.key === "Escape") document.activeElement.blur(); return; }
            switch (event.key) {
              case "j": select(index + 1); break;
              case "k": select(index - 1); break;
              case "Enter": { const link = items[index] && items[index].querySelector("a"); if (link) link.click(); break; }
              case "c": decide("confirmed"); break;
              case "f": decide("false-positive"); break;
              case "e": decide("escalate"); break;
              case "n": if (note) { event.preventDefault(); note.focus(); } break;
              default: return;
            }
          });
        });
        """
}
