import streamlit as st

st.title("little_giants")
st.write("Coming up.")
