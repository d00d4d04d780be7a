"""Exit codes of the ``riskengine`` command (documented in the README)."""

OK = 0
STRICT_FAILED = 1       # --strict and the input had rejected rows, unevaluated rules or pack errors
USAGE = 2               # click's own code for bad options
INPUT_ERROR = 3         # the dataset or a rule pack could not be read at all
INTERNAL_ERROR = 4      # a bug: please report it with the traceback
