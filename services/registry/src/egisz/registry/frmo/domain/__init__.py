"""FRMO's domain: organizations, their registration requests and documents, requisites and the
access of responsible employees. Pure."""
