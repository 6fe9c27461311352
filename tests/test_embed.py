"""The static embed page (`data_api.embed.render_embed`): escaped, self-contained, drawn without Streamlit.

Hostile titles, takeaways, sources and figure text must come out as text, never as markup or script; the
figure's JSON must read back exactly; plotly.js must come from this server's versioned URL; the picture and
its alternative text must be inside <noscript>. One real chart is also drawn in Chromium from the page.
"""

from __future__ import annotations

import json
import re
from datetime import date
from html import escape
from html.parser import HTMLParser

import plotly.graph_objects as go
import pytest

from data_api.embed import PLOTLY_JS, render_embed, script_json
from industrial_base.i18n import Messages

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>\"'&amp; \u2028"


class Page(HTMLParser):
    """Every tag with its attributes, the text of each script, and the tags inside <noscript>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.noscript: list[tuple[str, dict[str, str | None]]] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if "noscript" in self._in:
            self.noscript.append((tag, dict(attrs)))
        if tag in ("script", "noscript"):
            self._in.append(tag)
            if tag == "script":
                self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "script":
            self.scripts[-1] += data


def page(m: Messages, figure: go.Figure, text: str = "A title") -> str:
    return render_embed(
        m,
        figure=figure.to_json(),
        title=text,
        takeaway=f"Takeaway {text}",
        sources=f"MIIT (2021); {text}",
        licence="CC-BY-4.0",
        accessed=date(2026, 12, 3),
        link="/little-giants?view=batches&lang=zh",
        picture="/api/v1/views/little-giants/batches.png?lang=zh",
    )


def hostile_figure() -> go.Figure:
    return go.Figure(go.Bar(x=["a", HOSTILE], y=[1, 2], name=HOSTILE), layout={"title": {"text": HOSTILE}})


def test_hostile_text_stays_text() -> None:
    html = page(Messages("en"), hostile_figure(), HOSTILE)
    parsed = Page()
    parsed.feed(html)
    assert [tag for tag, _ in parsed.tags].count("script") == 3  # the figure's JSON, plotly.js, the drawer
    assert [tag for tag, _ in parsed.tags].count("img") == 1  # the <noscript> picture, nothing injected
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert f"<title>{escape(HOSTILE)}</title>" in html and f"<h1>{escape(HOSTILE)}</h1>" in html
    data, _plotly, drawer = parsed.scripts
    assert "alert" not in drawer and "\u2028" not in data
    assert json.loads(data) == json.loads(hostile_figure().to_json())


def test_the_page_is_self_contained_and_has_a_picture_without_javascript() -> None:
    html = page(Messages("zh"), go.Figure(go.Scatter(x=[2021, 2022], y=[1, 2])), "小巨人企业")
    parsed = Page()
    parsed.feed(html)
    sources = [attrs.get("src") for tag, attrs in parsed.tags if tag == "script" and attrs.get("src")]
    assert sources == [PLOTLY_JS]
    assert not re.search(r"(src|href)=\"https?://", html), "nothing from another host (no CDN)"
    assert "_stcore" not in html and "WebSocket" not in html and "streamlit" not in html.lower()
    assert parsed.noscript == [
        (
            "img",
            {
                "src": "/api/v1/views/little-giants/batches.png?lang=zh",
                "alt": "小巨人企业：Takeaway 小巨人企业",
                "width": "1200",
                "height": "800",
            },
        )
    ]
    assert '<html lang="zh-Hans">' in html and "许可：CC-BY-4.0" in html and "2026年12月3日" in html
    link = next(attrs for tag, attrs in parsed.tags if tag == "a")
    assert link == {"href": "/little-giants?view=batches&lang=zh", "target": "_blank", "rel": "noopener"}


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "//evil.example/x", "x.png"])
def test_links_must_be_http_or_root_relative(url: str) -> None:
    with pytest.raises(ValueError, match="URL"):
        render_embed(
            Messages("en"),
            figure="{}",
            title="t",
            takeaway="t",
            sources="s",
            licence="l",
            accessed=date(2026, 1, 1),
            link=url,
            picture="/p.png",
        )


def test_a_figure_must_be_a_json_object() -> None:
    with pytest.raises(ValueError):
        render_embed(
            Messages("en"),
            figure="[1, 2]",
            title="t",
            takeaway="t",
            sources="s",
            licence="l",
            accessed=date(2026, 1, 1),
            link="/",
            picture="/p.png",
        )


def test_script_json_escapes_what_could_end_the_block() -> None:
    text = json.dumps({"a": "</script><!-- & \u2028\u2029 >"}, ensure_ascii=False)
    escaped = script_json(text)
    assert not set("<>&\u2028\u2029") & set(escaped)
    assert json.loads(escaped) == json.loads(text)
