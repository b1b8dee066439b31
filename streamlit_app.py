"""commplan in the browser. Routing only: the pages live in commplan/ui/pages/."""

import streamlit as st

from commplan.ui import session

st.set_page_config(page_title="commplan", page_icon="📣", layout="wide")
session.sidebar()
PAGES = "commplan/ui/pages"
st.navigation(
    {
        "Plan": [st.Page(f"{PAGES}/plans.py", title="Plans", icon="🗺️", url_path="plans")],
        "Draft": [
            st.Page(f"{PAGES}/studio.py", title="Draft studio", icon="✍️", url_path="studio",
                    default=True),
        ],
        "Listen": [st.Page(f"{PAGES}/feedback.py", title="Feedback", icon="👂",
                           url_path="feedback")],
        "Library": [
            st.Page(f"{PAGES}/library.py", title="Message library", icon="📚",
                    url_path="library"),
            st.Page(f"{PAGES}/audiences.py", title="Audiences", icon="👥", url_path="audiences"),
        ],
    }
).run()
