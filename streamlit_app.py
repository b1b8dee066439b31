"""commplan in the browser. Routing only: the pages live in commplan/ui/pages/."""

import streamlit as st

from commplan.ui import auth, session
from commplan.ui.errors import run_safely

# An emoji icon becomes a data: URL in the browser; a ":material/...:" page icon makes
# the browser fetch the favicon from fonts.gstatic.com on every page.
st.set_page_config(page_title="commplan", page_icon="📣", layout="wide")
# When sign-in is set up ([auth] in Streamlit's secrets), nobody gets past this line
# without signing in: no pages are listed and no workspace is opened.
auth.gate()
PAGES = "commplan/ui/pages"
page = st.navigation(
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
        "Team": [
            st.Page(
                f"{PAGES}/team.py",
                title="Members and activity",
                icon=":material/manage_accounts:",
                url_path="team",
            ),
        ],
    }
)


def _run() -> None:
    session.sidebar()
    page.run()


run_safely(_run, page.title)
