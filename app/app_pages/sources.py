import streamlit as st

st.title("sources")
st.write("Coming up.")
