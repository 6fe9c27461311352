"""Industrial Base Monitor core: loading, validation, transforms and figure builders (no Streamlit here)."""
