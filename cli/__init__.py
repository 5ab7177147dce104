"""`sluice`: the command line for Sluice. It talks to the public HTTP API only."""
