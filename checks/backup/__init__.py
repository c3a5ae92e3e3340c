"""Backup plan and vault checks."""
