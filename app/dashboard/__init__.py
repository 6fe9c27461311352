"""Streamlit-facing helpers shared by the pages (state, cards). The pure core lives in `industrial_base`."""
