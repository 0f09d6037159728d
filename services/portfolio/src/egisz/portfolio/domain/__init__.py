"""Portfolio rules. Pure: no I/O, no framework, no wire models."""
