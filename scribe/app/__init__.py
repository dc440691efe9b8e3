"""The Streamlit app's side of the library: its plumbing and its view models (``app.py`` and ``app_pages/`` render them).

``state`` holds the Streamlit plumbing (Settings at the edge, the cached :class:`~scribe.services.Services`, the
error guard, connection checks); ``ui`` and ``frames`` are pure view models — no Streamlit — tested without a
browser: ``ui`` for answers, citations, escaping and error messages, ``frames`` one module per page's tables.
"""
