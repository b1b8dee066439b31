"""commplan in the browser. Routing only: the pages live in commplan/ui/pages/."""

import streamlit as st

from commplan.ui import session

st.set_page_config(page_title="commplan", page_icon=":material/campaign:", layout="wide")
session.sidebar()
PAGES = "commplan/ui/pages"
st.navigation(
    {
        "Plan": [
            st.Page(f"{PAGES}/plans.py", title="Plans", icon=":material/map:", url_path="plans")
        ],
        "Draft": [
            st.Page(
                f"{PAGES}/studio.py",
                title="Draft studio",
                icon=":material/edit_note:",
                default=True,
            )
        ],
        "Listen": [
            st.Page(
                f"{PAGES}/feedback.py",
                title="Feedback",
                icon=":material/hearing:",
                url_path="feedback",
            )
        ],
        "Library": [
            st.Page(
                f"{PAGES}/library.py",
                title="Message library",
                icon=":material/menu_book:",
                url_path="library",
            ),
            st.Page(
                f"{PAGES}/audiences.py",
                title="Audiences",
                icon=":material/groups:",
                url_path="audiences",
            ),
        ],
    }
).run()
