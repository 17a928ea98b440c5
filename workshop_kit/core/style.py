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
.wk-synthetic { background: #fff4d6; border-left: 4px solid #E69F00; padding: 6px 10px; }
.wk-join-code { font-size: 64px; font-weight: 700; letter-spacing: 0.12em; margin: 0; }
.wk-qr { width: 100%; line-height: 0; }
/* the code scales with its box (see core/qr.py); never cut, never stretched */
.wk-qr svg { display: block; width: 100%; height: auto; max-width: 100%; }
.wk-summary p { font-size: 17px; }
.wk-refusal { font-size: 18px; padding: 16px; }
</style>
"""
