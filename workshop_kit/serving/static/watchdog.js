// No phone left on a spinner (workshop kit, issue 8).
//
// Served by the kit with its texts filled in (see serving/app.py: WatchdogScriptHandler):
// __WK_TEXTS__ is every language's messages, __WK_LANGUAGE__ the community's language.
//
// 1. If the page is not usable about 15 s after it started loading, say calmly that the room
//    is busy and that the page will open by itself; if it is still not usable later, reload
//    it (the server keeps the phone's place in line, and the browser keeps its anonymous id,
//    so no second consent is asked).
// 2. As soon as the page knows its kernel, ask about it once: this tells the server that a
//    browser took the page up (a script that only reads pages never asks, and the server
//    frees such a page's kernel within seconds). The question carries the page's secret, an
//    HttpOnly cookie the browser sends by itself.
// 3. Once usable, check now and then (and whenever the phone wakes or comes back online) that
//    the page's kernel still exists; if it has gone (culled while the phone slept, or the
//    server restarted), reload into the current activity. While the server cannot be reached,
//    say so and keep trying.
(function () {
  "use strict";
  var TEXTS = __WK_TEXTS__;
  var params = new URLSearchParams(window.location.search);
  var language = params.get("lang") || __WK_LANGUAGE__;
  var texts = TEXTS[language] || TEXTS[__WK_LANGUAGE__] || TEXTS.en;
  var apiBase = document.currentScript.src.replace(/wk\/static\/watchdog\.js.*$/, "wk/api/");
  var started = Date.now();
  var NOTICE_AFTER_MS = 15000;
  var RELOAD_AFTER_MS = 45000;
  var CHECK_EVERY_MS = 10000;
  var RETRY_OFFLINE_MS = 3000;
  var notice = null;
  var reloading = false;
  var announced = false;

  function usable() {
    var cells = document.getElementById("rendered_cells");
    return !!cells && cells.style.display !== "none" && !!cells.querySelector(".jupyter-widgets");
  }

  function show(title, text) {
    if (!document.body) return;
    if (!notice) {
      notice = document.createElement("div");
      notice.className = "wk-notice";
      notice.setAttribute("role", "status");
      notice.setAttribute("aria-live", "polite");
      notice.style.cssText =
        "position:fixed;left:0;right:0;top:0;z-index:10000;padding:16px;" +
        "background:#fff8e1;color:#3e2723;font:16px/1.4 sans-serif;" +
        "border-bottom:2px solid #f9a825;text-align:center";
      document.body.appendChild(notice);
    }
    notice.textContent = "";
    if (title) {
      var strong = document.createElement("strong");
      strong.textContent = title;
      notice.appendChild(strong);
      notice.appendChild(document.createElement("br"));
    }
    notice.appendChild(document.createTextNode(text));
  }

  function hide() {
    if (notice) {
      notice.remove();
      notice = null;
    }
  }

  function reload() {
    if (reloading) return;
    reloading = true;
    show("", texts.reconnecting);
    // Spread reloads out: after a server restart every phone would come back at once.
    window.setTimeout(function () { window.location.reload(); }, 500 + Math.random() * 2500);
  }

  function kernelId() {
    var script = document.getElementById("jupyter-config-data");
    if (!script) return null;
    try {
      return JSON.parse(script.textContent).kernelId || null;
    } catch (error) {
      return null;
    }
  }

  var checking = false;
  function checkKernel() {
    var id = kernelId();
    if (!id || checking || reloading) return;
    checking = true;
    fetch(apiBase + "kernel/" + encodeURIComponent(id), { cache: "no-store" })
      .then(function (reply) {
        checking = false;
        if (reply.status === 404) {
          reload();
        } else if (reply.ok) {
          hide();
        }
      })
      .catch(function () {
        checking = false;
        show("", texts.connection_lost);
        window.setTimeout(checkKernel, RETRY_OFFLINE_MS);
      });
  }

  function watchLoading() {
    if (!announced && kernelId()) {
      announced = true;
      checkKernel();
    }
    if (usable()) {
      hide();
      window.setInterval(checkKernel, CHECK_EVERY_MS);
      return;
    }
    var waited = Date.now() - started;
    if (waited > RELOAD_AFTER_MS + Math.random() * 15000) {
      reload();
      return;
    }
    if (waited > NOTICE_AFTER_MS) show(texts.busy_title, texts.busy_text);
    window.setTimeout(watchLoading, 1000);
  }

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && usable()) checkKernel();
  });
  window.addEventListener("online", function () { if (usable()) checkKernel(); });
  window.addEventListener("pageshow", function (event) { if (event.persisted) checkKernel(); });
  window.setTimeout(watchLoading, 1000);
})();
