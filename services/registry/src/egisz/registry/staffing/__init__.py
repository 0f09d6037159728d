"""FRMO's staffing tables (штатное расписание): posts by position code and FTE per subdivision."""
