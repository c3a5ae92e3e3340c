"""Encryption key checks."""
