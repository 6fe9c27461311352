import streamlit as st

st.title("key_products")
st.write("Coming up.")
