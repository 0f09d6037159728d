"""The pure kernel every service shares: errors, clock, identifiers, content checks, signatures."""
