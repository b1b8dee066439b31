"""Check as you type: a text area sends its text after a short pause and on paste.

Streamlit's ``st.text_area`` sends its value only when it loses focus or on
Ctrl+Enter, and Streamlit 1.67 has no option to send it while typing. This tiny
component (``st.components.v2``, inline JavaScript bundled here: no package, no
CDN, nothing fetched) listens to the page's ``input`` events for one text area and,
after ``pause_ms`` without typing (at once after a paste or a drop), sends the
same Ctrl+Enter the text area already understands. The text area stays a normal
Streamlit widget: its value, its session-state key, keyboard use and screen
readers are unchanged, and the page's callbacks can still set its text.
"""

from __future__ import annotations

import streamlit as st

PAUSE_MS = 700  # a pause in typing long enough to mean "look now"

# Fixed code (no user text). A second mount replaces the first listener, so a page
# that reruns many times still has exactly one.
_JS = """
export default function (component) {
  const data = component.data || {};
  // Streamlit's own key-to-class rule: any other character becomes "-".
  const cls = "st-key-" + String(data.key || "").trim().replace(/[^a-zA-Z0-9_-]/g, "-");
  const selector = "." + cls + " textarea";
  const pause = Number(data.pause) || 700;
  if (window.__commplanLiveCheck) window.__commplanLiveCheck();
  let timer = null;
  const commit = (box) => {
    timer = null;
    if (!box.isConnected) return;
    box.dispatchEvent(new KeyboardEvent("keydown", {
      key: "Enter", code: "Enter", ctrlKey: true, bubbles: true, cancelable: true,
    }));
  };
  const onInput = (event) => {
    const box = event.target;
    if (!(box instanceof HTMLTextAreaElement) || !box.matches(selector)) return;
    if (timer) clearTimeout(timer);
    const kind = event.inputType || "";
    const now = kind === "insertFromPaste" || kind === "insertFromDrop";
    timer = setTimeout(() => commit(box), now ? 50 : pause);
  };
  document.addEventListener("input", onInput, true);
  const stop = () => {
    document.removeEventListener("input", onInput, true);
    if (timer) clearTimeout(timer);
  };
  window.__commplanLiveCheck = stop;
  return stop;
}
"""

_component = st.components.v2.component("commplan_live_check", js=_JS, html="")


def live_check(text_area_key: str, pause_ms: int = PAUSE_MS) -> None:
    """Make the text area with key ``text_area_key`` send its text after ``pause_ms``
    of no typing, and at once after a paste. Draws nothing visible."""
    _component(
        key=f"live_check_{text_area_key}",
        data={"key": text_area_key, "pause": pause_ms},
        height=0,
    )
