"""A set's figures as a dict (JSON-ready), for the PC's analysis and the benches: the device program never makes
it, so its code is not among the core's modules on the board's heap (the device reports each rep alone:
Rep.to_dict).
"""


def set_summary(stats):
    """The set's figures of a motion.stats.SetStats: count, mean and best score, time under tension, fatigue, the
    limb symmetry index (lsi, lsi_flag below 90 %) and, per leg with reps, its count and means."""
    lsi = stats.lsi()
    d = {
        "count": stats.count,
        "mean_score": round(stats.score_sum / stats.count, 1) if stats.count else 0.0,
        "best_score": stats.best_score,
        "tut_ms": stats.tut_ms,
        "fatigued": stats.fatigued,
        "fatigue_reason": stats.fatigue_reason,
        "lsi": lsi,
        "lsi_flag": bool(lsi) and min(lsi.values()) < 90.0,
    }
    for name, s in (("left", stats.left), ("right", stats.right)):
        if s.count:
            d[name] = {
                "count": s.count,
                "mean_score": round(s.mean("score"), 1),
                "mean_peak_deg": round(s.mean("peak"), 1),
                "mean_lower_ms": int(s.mean("lower")),
            }
    return d
