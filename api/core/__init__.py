"""The API's own request protections: JWT security, rate limits, client IP, login backoff."""
