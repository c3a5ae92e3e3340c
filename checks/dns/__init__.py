"""Checks over managed DNS zones."""
