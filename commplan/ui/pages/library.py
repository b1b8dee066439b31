"""Placeholder: built in this issue."""

import streamlit as st

st.title("library")
