"""Talking to the city: API client (requests), durable outbox (sqlite3), sync worker."""
