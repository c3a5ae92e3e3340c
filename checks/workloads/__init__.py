"""Checks over application workloads: functions, containers, clusters, CDNs, APIs."""
