"""Test support: a real local OpenAI-compatible HTTP server and the fixtures that start it."""
