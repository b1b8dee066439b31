"""Streamlit pages. The only package that imports streamlit."""
