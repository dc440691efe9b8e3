"""bureau-scribe: ingest, question, summarise and draft 科技局 work reports, with every figure checked."""

__version__ = "0.1.0"
