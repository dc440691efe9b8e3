"""Chains: prompt loading, the chat model factory, the LLM run log and the chains built on them."""
