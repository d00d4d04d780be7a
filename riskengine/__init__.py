"""riskengine: integrity-risk assessment of community and village committee posts (清廉社区).

Plugins write ``from riskengine import hookimpl``.
"""

from .hookspecs import hookimpl

__version__ = "0.4.0"

__all__ = ["__version__", "hookimpl"]
