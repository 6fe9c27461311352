import streamlit as st

st.title("clusters")
st.write("Coming up.")
