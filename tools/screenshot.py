"""Screenshots of dashboard pages in headless Chromium, for looking at a change by eye.

    .venv/bin/python tools/screenshot.py "" "value-added?lang=zh" "clusters?lang=zh&sector=nev"

Starts its own server on a free port; writes desktop (1280 px) and phone (390 px) full-page PNGs to
tests/artifacts/screenshots/look_{desktop|phone}_{path and query}.png and prints their paths.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_ROOT), str(REPO_ROOT / "app"), str(REPO_ROOT / "tests" / "browser")]


def main(paths: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    from conftest import (
        CHROMIUM_ARGS,
        screenshot,
        start_streamlit,
        stop_streamlit,
        wait_for_app_idle,
        wait_for_plotly,
    )

    process, base = start_streamlit("app/streamlit_app.py", ".")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for width, tag in ((1280, "desktop"), (390, "phone")):
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                for path in paths:
                    page.goto(f"{base}/{path}")
                    wait_for_app_idle(page)
                    wait_for_plotly(page)
                    name = re.sub(r"[^A-Za-z0-9]+", "_", path).strip("_") or "overview"
                    print(screenshot(page, f"look_{tag}_{name}"))
                context.close()
    finally:
        stop_streamlit(process)


if __name__ == "__main__":
    main(sys.argv[1:] or [""])
