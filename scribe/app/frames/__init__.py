"""The app pages' pure helpers: view models for their tables, as DataFrames and HTML, tested without a browser.

One module per page: ``library``, ``indicators``, ``draft`` and ``evaluation``. Nothing here imports Streamlit;
see ``scribe.app.ui`` for answers, citations, escaping and error messages.
"""
