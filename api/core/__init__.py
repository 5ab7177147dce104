"""Configuration, database and Temporal connections shared by the API and workers."""
