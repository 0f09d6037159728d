"""The center's rules, pure: no I/O."""
