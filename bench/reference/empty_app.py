"""Reference app for the benchmark: an empty Streamlit page (Streamlit's own floor for every figure)."""

import streamlit as st

st.set_page_config(page_title="Empty reference", layout="wide")
