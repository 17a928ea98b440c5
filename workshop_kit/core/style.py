"""Page CSS shared by the apps: readable on a phone and on a projector."""

PAGE_CSS = """
<style>
.wk-participant, .wk-hub { max-width: 960px; margin: 0 auto; font-size: 16px; }
.wk-participant { max-width: 560px; }
/* a long choice (French ones are) wraps onto a second line inside its own row, instead of
   spilling over the next choice, which would then take the tap meant for this one */
.wk-participant .widget-radio-box label { font-size: 17px; padding: 4px 0; height: auto;
  min-height: 32px; line-height: 1.3; white-space: normal; align-items: flex-start; }
.wk-participant .widget-radio-box input { flex: none; margin-top: 4px; }
.wk-participant button, .wk-hub button { min-height: 40px; font-size: 15px; }
/* a button's whole label, in every language: no "Delete this sessi…" */
.wk-hub .jupyter-button, .wk-session-page .jupyter-button { width: auto; min-width: 148px;
  max-width: 100%; padding: 0 14px; }
/* pressed, its work running (core/widgets.py, working()): seen at once, not clickable twice */
.wk-working { opacity: 0.7; cursor: progress; pointer-events: none;
  box-shadow: inset 0 3px 6px rgba(0, 0, 0, 0.35); }
.wk-page-language a, .wk-open-projector { text-decoration: underline; }
/* WCAG AA (4.5:1) for white text on the widgets' coloured buttons, and for tab labels */
.jupyter-button.mod-success { background-color: #2e7d32; }
.jupyter-button.mod-info { background-color: #00707c; }
.jupyter-button.mod-warning { background-color: #a84300; }
.wk-session-page .lm-TabBar-tab, .wk-session-page .lm-TabBar-tabLabel { color: #222222 !important;
  opacity: 1 !important; }
.wk-synthetic { background: #fff4d6; border-left: 4px solid #E69F00; padding: 6px 10px; }
.wk-join-code { font-size: 64px; font-weight: 700; letter-spacing: 0.12em; margin: 0; }
.wk-qr { width: 100%; line-height: 0; }
/* the code scales with its box (see core/qr.py); never cut, never stretched */
.wk-qr svg { display: block; width: 100%; height: auto; max-width: 100%; }
.wk-summary p { font-size: 17px; }
.wk-refusal { font-size: 18px; padding: 16px; }
</style>
"""

#: The projector view (apps/projector.py): read from the back of a hall, on 1920×1080 and
#: 1280×720 alike. Sizes follow the screen (vw, vh), so nothing needs scrolling at either.
PROJECTOR_CSS = """
<style>
.wk-projector { --wk-projected: clamp(20px, 1.8vw, 36px); color: #111; }
.wk-projector > .widget-hbox { gap: 3vw; align-items: flex-start; }
.wk-projector-join { flex: 0 0 auto; width: min(30vw, 54vh); }
.wk-projector .widget-html-content { font-size: var(--wk-projected); line-height: 1.3;
  white-space: normal; }
.wk-projector .wk-join p { margin: 0 0 0.3em 0; line-height: 1.2; }
.wk-projector .wk-join-code { font-size: clamp(48px, 5vw, 104px); letter-spacing: 0.08em; }
.wk-projector .wk-join-link { font-size: 0.8em; overflow-wrap: anywhere; }
.wk-projector-live { flex: 1 1 auto; min-width: 0; }
.wk-projector .wk-projector-activity h2 { font-size: 1.5em; margin: 0 0 0.3em 0; }
.wk-projector h3 { font-size: 1.1em; margin: 0.2em 0; }
.wk-projector .wk-summary p, .wk-projector p, .wk-projector li { font-size: var(--wk-projected); }
.wk-projector img { max-height: 60vh; width: auto; max-width: 100%; object-fit: contain; }
.wk-projector button, .wk-projector input, .wk-projector select { display: none; }
</style>
"""
