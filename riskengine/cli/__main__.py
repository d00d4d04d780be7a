"""``python -m riskengine.cli``: the ``riskengine`` command, for an environment without its script."""

from . import main

main()
