"""The HTTP service (``riskengine serve``): a FastAPI app over a :class:`~riskengine.workspace.Workspace`.

``create_app(workspace, settings)`` builds it; the CLI and the tests pass the same Workspace the
CLI commands use, so the service holds no assessment or storage logic of its own.
"""

from .app import create_app
from .settings import ServiceSettings

__all__ = ["ServiceSettings", "create_app"]
