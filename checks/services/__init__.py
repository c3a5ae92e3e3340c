"""Application service checks: queues, topics, secrets and image repositories."""
