"""Debian's Chromium as the browser tests launch it (never a downloaded browser), and
axe-core, vendored, to check a page against WCAG 2.1 A and AA."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now, as 'rule: target'."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    assert len(result["passes"]) > 5  # axe really ran its WCAG rules on the page
    return [
        f"{violation['id']}: {node['target']} {node.get('failureSummary', '')[:200]}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]


PASSWORD = "demo-linja"  # of every demo login (linja.site.demo)


class Visit:
    """A browser context on the site: only the site's own address is reachable, and
    every console message, page error and outside request is recorded."""

    def __init__(self, browser: Any, site: str, width: int = 1280) -> None:
        self.site = site
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": 900},
                                           locale="nb-NO")  # fmt: skip
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _route(self, route: Any) -> None:
        if route.request.url.startswith(self.site + "/"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text} ({self.page.url})")

    def login(self, username: str) -> Visit:
        self.page.goto(self.site + "/login/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url(self.site + "/")
        return self

    def go(self, path: str) -> Any:
        response = self.page.goto(self.site + path)
        assert response.status == 200, f"{path}: {response.status}"
        return self.page

    def menu(self) -> list[str]:
        return [t.strip() for t in self.page.locator("header nav a").all_inner_texts()]

    def close(self) -> None:
        self.context.close()


class Demo:
    """`linja demo` in a process of its own (on SQLite in ``data``), which a test may
    kill and start again on the same port."""

    def __init__(
        self, data: Path, command: str = "demo", env: dict[str, str] | None = None
    ) -> None:
        """``command``: `demo` (loads the demo if the database is empty) or `serve`;
        ``env``: the variables to add (a DATABASE_URL, say) — SQLite in ``data`` by default."""
        self.command = command
        self.env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
        self.env["LINJA_DATA_DIR"] = str(data)
        self.env |= env or {}
        self.log = data / f"{command}-{id(self)}.log"  # a file: an unread pipe fills and blocks
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "linja", self.command, "--port", str(self.port)],
                env=self.env,
                stdout=subprocess.DEVNULL, stderr=log,
            )  # fmt: skip
        for _ in range(900):
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None:
                    error = self.log.read_text(errors="replace")[-2000:]
                    raise AssertionError(f"the demo stopped: {error}") from None
                time.sleep(0.1)
        raise AssertionError("the demo did not answer")

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
