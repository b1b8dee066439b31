"""commplan in the browser. Routing only: the pages live in commplan/ui/."""

import streamlit as st

from commplan.ui import check_page

st.set_page_config(page_title="commplan", layout="wide")
st.navigation([st.Page(check_page.page, title="Check a draft", url_path="check")]).run()
