"""A vendor plugin with a bug at import time: riskengine must report it and run without it."""

raise ImportError("riskengine_broken_plugin needs the module 'leases_client', which is not installed")
