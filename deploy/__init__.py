"""Serving recipes (reverse proxy)."""
