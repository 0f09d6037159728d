"""The reports as SQL over the facts (DuckDB's dialect): occupancy as of a day by a dimension,
movement month by month, the age structure and the workforce at risk. Parameters: `$on`, the
scope's `$region` and `$org` (NULL: not limited), `$from_month` and `$until_month`."""

from __future__ import annotations

# --- the queries ----------------------------------------------------------------------------
# `scoped`: the organizations a report covers (its region's, one, or all).
_SCOPED = """
scoped AS (
    SELECT oid, name, type, region FROM organizations
    WHERE ($region IS NULL OR region = $region) AND ($org IS NULL OR oid = $org)
    UNION ALL  -- organizations FRMO's events have not told yet: in the federal view only
    SELECT DISTINCT organization_oid, NULL, NULL, NULL FROM jobs
    WHERE $region IS NULL AND ($org IS NULL OR organization_oid = $org)
      AND organization_oid NOT IN (SELECT oid FROM organizations)
)"""
_CURRENT_JOBS = """
current_jobs AS (
    SELECT j.*, s.type AS organization_type, s.region FROM jobs j
    JOIN scoped s ON s.oid = j.organization_oid
    WHERE NOT j.annulled AND j.start_date <= $on AND (j.end_date IS NULL OR j.end_date >= $on)
)"""

_POSTS_IN_FORCE = """
posts_in_force AS (
    SELECT p.organization_oid, p.subdivision_oid, p.position_code, p.fte,
           s.type AS organization_type, s.region
    FROM (  -- each post's latest line by the day (of two from one day, the later recorded)
        SELECT organization_oid, subdivision_oid, position_code,
               arg_max(fte, {'day': effective_from, 'at': recorded_at}) AS fte
        FROM posts
        WHERE effective_from <= $on AND organization_oid IN (SELECT oid FROM scoped)
        GROUP BY ALL
    ) p JOIN scoped s ON s.oid = p.organization_oid
    WHERE p.fte > 0
)"""

# A post's cell: its units against the jobs in it; vacancies are counted post by post, so a
# post with more people than units fills no other post's vacancy.
_CELLS = """
cells AS (
    SELECT coalesce(p.organization_oid, j.organization_oid) AS organization,
           coalesce(p.subdivision_oid, j.subdivision_oid) AS subdivision,
           coalesce(p.position_code, j.position_code) AS position,
           coalesce(p.organization_type, j.organization_type) AS organization_type,
           coalesce(p.region, j.region) AS region,
           coalesce(p.fte, 0) AS staffed,
           greatest(coalesce(p.fte, 0) - coalesce(j.occupied, 0), 0) AS vacant
    FROM posts_in_force p FULL OUTER JOIN (
        SELECT organization_oid, subdivision_oid, position_code,
               any_value(organization_type) AS organization_type, any_value(region) AS region,
               sum(rate) AS occupied
        FROM current_jobs GROUP BY ALL
    ) j ON p.organization_oid = j.organization_oid
       AND p.subdivision_oid IS NOT DISTINCT FROM j.subdivision_oid
       AND p.position_code IS NOT DISTINCT FROM j.position_code
)"""

# A cell's columns are named as the dimensions; a job names some of them its own way.
_GROUP_OF_JOB = {
    "organization": "organization_oid",
    "subdivision": "subdivision_oid",
    "position": "position_code",
    "organization_type": "organization_type",
    "region": "region",
}
_NAMES = {
    "organization": "SELECT oid AS key, name FROM organizations",
    "position": "SELECT position_code AS key, max(position) AS name FROM posts GROUP BY 1 "
    "UNION ALL SELECT position_code, max(position) FROM jobs "
    "WHERE position_code IS NOT NULL GROUP BY 1",
    "speciality": "SELECT speciality_code AS key, max(speciality) AS name FROM accreditations "
    "GROUP BY 1",
}


def _names_sql(by: str) -> str:
    inner = _NAMES.get(by)
    if inner is None:
        return "SELECT NULL::VARCHAR AS key, NULL::VARCHAR AS name WHERE false"
    return f"SELECT key, max(name) AS name FROM ({inner}) GROUP BY key"


def occupancy_sql(by: str) -> str:
    """Rows by the dimension and their total (key `\x00total`)."""
    if by == "speciality":
        people = """
        people AS (
            SELECT a.speciality_code AS key, sum(j.rate) AS occupied,
                   count(DISTINCT j.worker_id) AS headcount
            FROM current_jobs j JOIN (
                SELECT DISTINCT worker_id, speciality_code FROM accreditations
                WHERE passed_on <= $on AND valid_until >= $on
            ) a ON a.worker_id = j.worker_id
            GROUP BY 1
        ),
        posts_by AS (SELECT NULL::VARCHAR AS key, NULL::DECIMAL AS staffed,
                            NULL::DECIMAL AS vacant WHERE false)"""
        staffed = "NULL::DECIMAL(18, 2)"
        vacant = "NULL::DECIMAL(18, 2)"
    else:
        people = f"""
        people AS (
            SELECT {_GROUP_OF_JOB[by]} AS key, sum(rate) AS occupied,
                   count(DISTINCT worker_id) AS headcount
            FROM current_jobs GROUP BY 1
        ),
        posts_by AS (
            SELECT {by} AS key, sum(staffed) AS staffed, sum(vacant) AS vacant
            FROM cells GROUP BY 1
        )"""
        staffed = "(SELECT sum(staffed) FROM cells)"
        vacant = "(SELECT sum(vacant) FROM cells)"
    return f"""
    WITH {_SCOPED}, {_CURRENT_JOBS}, {_POSTS_IN_FORCE}, {_CELLS}, {people},
    names AS ({_names_sql(by)})
    SELECT coalesce(p.key, s.key) AS key, n.name, s.staffed, coalesce(p.occupied, 0),
           s.vacant, coalesce(p.headcount, 0), false AS total
    FROM people p FULL OUTER JOIN posts_by s ON p.key IS NOT DISTINCT FROM s.key
    LEFT JOIN names n ON n.key = coalesce(p.key, s.key)
    UNION ALL
    SELECT NULL, NULL, {staffed}, coalesce((SELECT sum(rate) FROM current_jobs), 0), {vacant},
           (SELECT count(DISTINCT worker_id) FROM current_jobs), true
    ORDER BY total, key NULLS LAST
    """


MOVEMENT_SQL = f"""
WITH {_SCOPED},
months AS (
    SELECT m::DATE AS month, (m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS last_day
    FROM range($from_month, $until_month, INTERVAL 1 MONTH) t(m)
),
live AS (SELECT * FROM jobs WHERE NOT annulled),
mine AS (SELECT * FROM live WHERE organization_oid IN (SELECT oid FROM scoped)),
hires AS (
    SELECT date_trunc('month', h.start_date)::DATE AS month, count(*) AS hires,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM live e WHERE e.worker_id = h.worker_id
                 AND e.organization_oid <> h.organization_oid
                 AND e.end_date BETWEEN h.start_date - 31 AND h.start_date - 1)) AS moves_in
    FROM mine h GROUP BY 1
),
leaves AS (
    SELECT date_trunc('month', d.end_date)::DATE AS month, count(*) AS dismissals,
           count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM live n WHERE n.worker_id = d.worker_id
                 AND n.organization_oid <> d.organization_oid
                 AND n.start_date BETWEEN d.end_date + 1 AND d.end_date + 31)) AS moves_out
    FROM mine d WHERE d.end_date IS NOT NULL GROUP BY 1
),
heads AS (
    SELECT m.month, count(DISTINCT j.worker_id) AS headcount
    FROM months m JOIN mine j
      ON j.start_date <= m.last_day AND (j.end_date IS NULL OR j.end_date >= m.last_day)
    GROUP BY 1
)
SELECT m.month, coalesce(h.hires, 0), coalesce(l.dismissals, 0), coalesce(h.moves_in, 0),
       coalesce(l.moves_out, 0), coalesce(c.headcount, 0)
FROM months m LEFT JOIN hires h USING (month) LEFT JOIN leaves l USING (month)
LEFT JOIN heads c USING (month)
ORDER BY m.month
"""

REASONS_SQL = f"""
WITH {_SCOPED}
SELECT date_trunc('month', end_date)::DATE AS month, reason_code, max(reason), count(*)
FROM jobs
WHERE NOT annulled AND end_date >= $from_month AND end_date < $until_month
  AND organization_oid IN (SELECT oid FROM scoped)
GROUP BY 1, 2 ORDER BY 1, 4 DESC, 2 NULLS LAST
"""

_AGE = """(year($on) - year(p.birth_date)
    - CASE WHEN month($on) * 100 + day($on) < month(p.birth_date) * 100 + day(p.birth_date)
      THEN 1 ELSE 0 END)"""

STRUCTURE_SQL = f"""
WITH {_SCOPED}, {_CURRENT_JOBS},
workers AS (SELECT DISTINCT worker_id FROM current_jobs)
SELECT {_AGE} AS age, p.sex, count(*) FROM workers w JOIN people p USING (worker_id)
GROUP BY ALL
"""

# A person at risk: in some speciality their latest accreditation ends within the window.
AT_RISK_SQL = f"""
WITH {_SCOPED}, {_CURRENT_JOBS},
workers AS (SELECT DISTINCT worker_id FROM current_jobs),
latest AS (
    SELECT worker_id, coalesce(speciality_code, speciality) AS speciality,
           max(valid_until) AS valid_until
    FROM accreditations WHERE worker_id IN (SELECT worker_id FROM workers) GROUP BY 1, 2
)
SELECT count(DISTINCT worker_id) FILTER (WHERE valid_until BETWEEN $on AND $on + INTERVAL 6 MONTH),
       count(DISTINCT worker_id) FILTER (WHERE valid_until BETWEEN $on AND $on + INTERVAL 12 MONTH),
       (SELECT count(*) FROM workers)
FROM latest
"""
