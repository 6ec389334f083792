"""Models of this app; see STYLE.md for where logic goes."""
