"""What every service runs on: settings, logging, JWT, Mongo with the outbox, messaging, health
and metrics. The pure pieces (errors, clock, identifiers, content checks, signatures) are the
kernel's: `egisz.kernel`. Import submodules directly."""
