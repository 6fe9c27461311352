"""A chart as a static page for an article's `<iframe>`: plotly.js from our own server, no WebSocket, no
Streamlit session, so any cache can hold it (as Our World in Data serves its embeds).

`render_embed(...)` returns the page: the title, the takeaway, the figure drawn by plotly.js (served by this
server at a versioned URL, `PLOTLY_JS`, never a CDN), the sources, licence and access date with the link that
reopens the view in the dashboard, and, where JavaScript is off, the chart's picture with its alternative
text inside `<noscript>`. Every text is escaped: titles and takeaways come from the data and the catalogues.
"""

from __future__ import annotations

import json
from datetime import date
from html import escape
from pathlib import Path

import plotly

from industrial_base.i18n import Messages

PLOTLY_VERSION = plotly.offline.get_plotlyjs_version()
"""The version of the plotly.js bundled with the installed plotly (the one the figures are made for)."""
PLOTLY_JS_FILE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
PLOTLY_JS_NAME = f"plotly-{PLOTLY_VERSION}.min.js"
PLOTLY_JS = f"/api/v1/assets/{PLOTLY_JS_NAME}"
"""Where the page loads plotly.js from: versioned, so it is served as immutable."""
HTML_LANG = {"en": "en", "zh": "zh-Hans"}
PICTURE_SIZE = (1200, 800)
"""The PNG picture's CSS size (industrial_base.export.WIDTH, HEIGHT): the <img>'s width and height."""

STYLE = """
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",
"PingFang SC","Microsoft YaHei",sans-serif;color:#14161C;background:#fff}
figure{margin:0;padding:12px 16px}
h1{font-size:1.15rem;margin:0 0 4px}
.takeaway{margin:0 0 8px;font-style:italic}
#chart{width:100%;height:min(70vh,560px);min-height:320px}
noscript img{max-width:100%;height:auto}
footer{font-size:.8rem;color:#4B4F58;margin-top:8px}
a{color:#005C8F}
""".replace("\n", "")

SCRIPT = """(function () {
  var spec = JSON.parse(document.getElementById("figure").textContent);
  var layout = spec.layout || {};
  var chart = document.getElementById("chart");
  delete layout.width;
  layout.autosize = true;
  if (layout.height) { chart.style.height = layout.height + "px"; }
  ["xaxis", "yaxis"].forEach(function (axis) {
    layout[axis] = Object.assign({automargin: true}, layout[axis]);
  });
  Plotly.newPlot(chart, spec.data || [], layout, {responsive: true, displaylogo: false});
})();"""
"""The only script of the page besides plotly.js: it reads the figure from the JSON block and draws it."""


def script_json(text: str) -> str:
    """JSON text that is safe inside `<script type="application/json">`: `<`, `>` and `&` (so no `</script>`
    or `<!--` can close or confuse the block) and the two line separators JavaScript once refused, escaped as
    `\\uXXXX`. Outside strings none of them can occur in valid JSON, so the escaped text parses the same."""
    for char in ("<", ">", "&", "\u2028", "\u2029"):
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def checked_url(url: str) -> str:
    """A URL we put into `href`/`src`: http(s) or root-relative only (never `javascript:` or `data:`)."""
    if url.startswith(("https://", "http://")) or (url.startswith("/") and not url.startswith("//")):
        return url
    raise ValueError(f"not an http(s) or root-relative URL: {url[:80]!r}")


def render_embed(
    m: Messages,
    *,
    figure: str,
    title: str,
    takeaway: str,
    sources: str,
    licence: str,
    accessed: date,
    link: str,
    picture: str,
) -> str:
    """The static embed page of a chart, in `m`'s language.

    `figure` is the plotly figure as JSON (`figure.to_json()`, an object with `data` and `layout`); `link`
    reopens the view in the dashboard; `picture` is the URL of the chart's PNG (shown with `takeaway` as its
    alternative text where JavaScript is off). Raises ValueError for a figure that is not a JSON object or a
    URL that is not http(s) or root-relative."""
    if not isinstance(json.loads(figure), dict):
        raise ValueError("the figure must be a JSON object with data and layout")
    footer = m(
        "ui.export.footer",
        sources=sources,
        licence=licence,
        accessed=m.date(accessed.isoformat()),
        author=m("ui.app.title"),
    )
    alt = escape(m("api.embed.alt", title=title, takeaway=takeaway))
    width, height = PICTURE_SIZE
    href, src, label = escape(checked_url(link)), escape(checked_url(picture)), escape(m("api.embed.open"))
    return f"""<!doctype html>
<html lang="{HTML_LANG.get(m.lang, m.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="canonical" href="{href}">
<style>{STYLE}</style>
</head>
<body>
<figure>
<h1>{escape(title)}</h1>
<p class="takeaway">{escape(takeaway)}</p>
<div id="chart" role="img" aria-label="{alt}"></div>
<noscript><img src="{src}" alt="{alt}" width="{width}" height="{height}"></noscript>
<footer>{escape(footer)} <a href="{href}" target="_blank" rel="noopener">{label}</a></footer>
</figure>
<script type="application/json" id="figure">{script_json(figure)}</script>
<script src="{PLOTLY_JS}"></script>
<script>{SCRIPT}</script>
</body>
</html>
"""
