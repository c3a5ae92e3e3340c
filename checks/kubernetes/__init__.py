"""Checks over managed Kubernetes clusters."""
