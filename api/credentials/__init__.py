"""Credentials: sealed secrets a workspace's nodes use, and their routes."""
