"""What tests, benchmarks, fault runs and the local stack use and no image ships: a service
under test with its callers, event publishing, waiting for outcomes, sample files, and access
seeded without its workflow."""
