"""The data by URL: a read-only HTTP API over the data package, served by the dashboard's own process.

Layout: `api` (the ASGI app, its gate and routes, the lifespan), `datasets` (catalogue, files, metadata,
descriptor, zip from a snapshot of the package), `views` (the extension point for each chart view's data,
picture and embed page), `embed` (the static embed page), `responses` (built-once responses, ETags, 304,
gzip, the bounded cache), `tcp` (`TCP_NODELAY` on the listening socket). It imports the pure core and
Starlette, never Streamlit: the server's entrypoint (`app/streamlit_app.py`) wires it to the dashboard.
"""
