"""The server's entrypoint: the dashboard and the data API in one process. Run with `make run`.

`streamlit run app/streamlit_app.py` finds `app` (an `st.App`) in this file and serves it; so does `uvicorn
streamlit_app:app` from `app/`. The dashboard is the Streamlit script `dashboard_script.py` beside this file,
at every URL it had; the read-only data API (`data_api`) answers everything under `/api/`, reached before
Streamlit's own middleware and routes. The lifespan sets `TCP_NODELAY` on the listening socket and loads and
validates the data package once, before the first request, into the same cache the dashboard reads. The
app's settings stay in `.streamlit/config.toml` beside this file.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from dashboard import exports, state
from data_api.api import ApiFirst, DataApi, lifespan
from data_api.views import view_routes
from industrial_base import site

api = DataApi(
    load=state.package,
    views=view_routes(site.PAGES),
    draw=exports.render if exports.available() else None,
)
app = st.App(
    Path(__file__).with_name("dashboard_script.py"),
    middleware=[Middleware(ApiFirst, api=api)],
    lifespan=lifespan(api),
)
