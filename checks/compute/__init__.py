"""Checks over virtual machines."""
