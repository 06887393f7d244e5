// The live pages (agent desktop, chat, wallboard): say whether the connection is up, and
// keep the newest message in view. htmx's WebSocket extension reconnects by itself; on
// reconnecting, the server sends every part again, so nothing needs a reload.
(function () {
  "use strict";
  function status(root, state) {
    var el = root.querySelector(".connection");
    if (!el) return;
    el.dataset.connection = state;
    el.textContent = el.dataset[state] || el.textContent;
  }
  function scrollDown(root) {
    root.querySelectorAll(".messages").forEach(function (list) {
      list.scrollTop = list.scrollHeight;
    });
  }
  document.body.addEventListener("htmx:wsOpen", function (e) { status(e.target, "open"); });
  document.body.addEventListener("htmx:wsClose", function (e) { status(e.target, "closed"); });
  document.body.addEventListener("htmx:wsAfterMessage", function (e) { scrollDown(e.target); });
  document.querySelectorAll(".live").forEach(scrollDown);
})();
