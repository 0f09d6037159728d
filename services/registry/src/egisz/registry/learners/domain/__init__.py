"""The register of students and graduates: a learner's record and its rules. Pure."""
