import streamlit as st

st.title("overview")
st.write("Coming up.")
