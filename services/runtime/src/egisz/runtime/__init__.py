"""What every service runs on. Import submodules directly; this package imports nothing heavy
so that `egisz.runtime.errors` stays usable from pure domain code."""
