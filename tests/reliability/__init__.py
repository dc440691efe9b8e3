"""Reliability, security and scale-out scenarios (issue 8): real Chroma, real subprocesses, real HTTP servers."""
