"""Checks over managed data services: search domains, warehouses and caches."""
