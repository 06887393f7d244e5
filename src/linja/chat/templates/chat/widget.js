// Linja's chat button: <script src="…/chat/widget.js?menu=CODE" defer></script>
(function () {
  "use strict";
  var open = false, frame = null;
  var button = document.createElement("button");
  button.type = "button";
  button.textContent = "Chat";
  button.setAttribute("aria-expanded", "false");
  button.style.cssText = "position:fixed;right:1rem;bottom:1rem;z-index:2147483646;padding:.75rem 1.25rem;border-radius:999px;border:0;background:#0b5a8a;color:#fff;font:600 1rem system-ui,sans-serif;cursor:pointer";
  button.addEventListener("click", function () {
    open = !open;
    button.setAttribute("aria-expanded", String(open));
    if (open && !frame) {
      frame = document.createElement("iframe");
      frame.src = "{{ target|escapejs }}";
      frame.title = "Chat";
      frame.style.cssText = "position:fixed;right:1rem;bottom:4.5rem;width:min(24rem,calc(100vw - 2rem));height:min(36rem,calc(100vh - 6rem));border:1px solid #ccc;border-radius:.75rem;background:#fff;z-index:2147483646";
      document.body.appendChild(frame);
    } else if (frame) {
      frame.style.display = open ? "block" : "none";
    }
  });
  document.body.appendChild(button);
})();
