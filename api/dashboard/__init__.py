"""The dashboard: a workspace's run figures."""
