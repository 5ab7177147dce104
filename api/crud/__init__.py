"""Data functions over the app DB; keyword-only arguments, no HTTP knowledge."""
