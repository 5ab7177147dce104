"""Accounts: sign-in, passwords, workspaces and members, and the limits that guard them."""
