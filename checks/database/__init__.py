"""Managed database and table checks."""
