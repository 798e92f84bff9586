// gongshi serve: reloads preview tabs after each published build and shows
// a failed build's errors over the last good page. Added by the server at
// serve time only: never written to the site, never added to kiosk pages.
(function () {
  "use strict";
  var me = document.currentScript;
  var page = me ? new URL(me.src, location.href).searchParams.get("v") : null;
  var en = (document.documentElement.lang || "").toLowerCase().indexOf("en") === 0;
  var box = null;

  function hide() {
    if (box) {
      box.remove();
      box = null;
    }
  }

  // Built with DOM calls and textContent only: the report quotes content
  // files, which must never become markup. Styles go through the CSSOM,
  // which the pages' CSP allows where a style attribute would not be.
  function show(text) {
    hide();
    box = document.createElement("div");
    box.id = "gongshi-build-error";
    box.setAttribute("role", "alert");
    Object.assign(box.style, {
      position: "fixed", top: "0", left: "0", right: "0", bottom: "0", zIndex: "2147483647",
      overflow: "auto", background: "rgba(24, 24, 24, 0.95)", color: "#f5f5f5",
      padding: "16px", boxSizing: "border-box", textAlign: "left"
    });
    var title = document.createElement("h2");
    title.textContent = en
      ? "Build failed: the published site is unchanged. Fix the file and this page updates by itself."
      : "构建失败：已发布的网站保持不变。改好文件后，本页会自动更新。";
    Object.assign(title.style, { font: "bold 16px/1.5 sans-serif", color: "#ff8a80", margin: "0 40px 12px 0" });
    var pre = document.createElement("pre");
    pre.textContent = text;
    Object.assign(pre.style, { font: "13px/1.5 monospace", whiteSpace: "pre-wrap", margin: "0" });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "×";
    close.setAttribute("aria-label", en ? "Close" : "关闭");
    Object.assign(close.style, { position: "absolute", top: "8px", right: "12px", font: "24px/1 sans-serif" });
    close.addEventListener("click", hide);
    box.append(title, pre, close);
    document.body.appendChild(box);
  }

  var events = new EventSource("/__gongshi/events");
  // A build published between loading this page and connecting: catch up.
  events.addEventListener("hello", function (e) {
    if (page !== null && e.data !== page) location.reload();
  });
  events.addEventListener("reload", function () {
    location.reload();
  });
  events.addEventListener("ok", hide);
  events.addEventListener("error", function (e) {
    // A lost connection is an "error" too, without data; EventSource reconnects by itself.
    if (typeof e.data !== "string") return;
    var text;
    try {
      text = JSON.parse(e.data);
    } catch (_) {
      text = e.data;
    }
    show(String(text));
  });
})();
