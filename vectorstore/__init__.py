"""Ingestion, storage and retrieval of reports."""
