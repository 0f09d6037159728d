"""The register as an IHE mCSD directory: its resources kept as versions, searched, read and
followed by `_history` (docs/fhir.md)."""
