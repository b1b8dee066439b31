"""Page scripts run by st.navigation (each file renders when executed)."""
