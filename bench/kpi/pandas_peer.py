"""The peer: the indicator table by unit, written plainly in pandas.

This is what an analyst would write from DESIGN.md §4 with pandas: read the Parquet file,
derive wait / within-T / handling time per record, find each caller's next distinct call
at the same unit with a sort and a grouped shift, and aggregate by unit. It does no
validation (Linja does), so the comparison favours pandas.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

DAY = pd.Timedelta(hours=24)


def kpi_by_unit(path: Path, sl_seconds: float = 60.0) -> pd.DataFrame:
    df = pd.read_parquet(path)
    answered = df["answered_at"].notna()
    wait = (df["answered_at"].fillna(df["ended_at"]) - df["arrived_at"]).dt.total_seconds()
    df["answered"] = answered
    df["wait"] = wait.where(answered)
    df["within"] = answered & (wait <= sl_seconds)
    df["handle"] = (
        (df["ended_at"] - df["answered_at"]).dt.total_seconds() + df["wrapup_seconds"].fillna(0)
    ).where(answered)

    # repeat within (arrived_at, arrived_at + 24 h] of the same caller and unit
    known = df.loc[df["caller"].notna(), ["unit", "caller", "arrived_at"]]
    distinct = known.drop_duplicates().sort_values(["unit", "caller", "arrived_at"])
    distinct["next_at"] = distinct.groupby(["unit", "caller"])["arrived_at"].shift(-1)
    known = known.merge(distinct, on=["unit", "caller", "arrived_at"], how="left")
    df["known"] = df["caller"].notna()
    df["quiet"] = False
    df.loc[df["known"], "quiet"] = ~((known["next_at"] - known["arrived_at"]) <= DAY).to_numpy()

    df["resolved"] = df["resolution"] == "resolved"
    df["has_resolution"] = df["resolution"].notna()
    df["has_knowledge"] = df["knowledge_used"].notna()
    df["knowledge"] = df["knowledge_used"].fillna(False).astype(bool)

    g = df.groupby("unit", sort=True)
    out = pd.DataFrame(
        {
            "offered": g.size(),
            "answered": g["answered"].sum(),
            "within": g["within"].sum(),
            "asa_seconds": g["wait"].mean(),
            "aht_seconds": g["handle"].mean(),
            "known": g["known"].sum(),
            "quiet": g["quiet"].sum(),
            "resolved": g["resolved"].sum(),
            "has_resolution": g["has_resolution"].sum(),
            "knowledge": g["knowledge"].sum(),
            "has_knowledge": g["has_knowledge"].sum(),
        }
    )
    out["abandoned"] = out["offered"] - out["answered"]
    out["answer_rate"] = out["answered"] / out["offered"]
    out["service_level"] = out["within"] / out["offered"]
    out["abandon_rate"] = out["abandoned"] / out["offered"]
    out["no_repeat_24h_rate"] = out["quiet"] / out["known"]
    out["resolution_rate"] = out["resolved"] / out["has_resolution"]
    out["knowledge_use_rate"] = out["knowledge"] / out["has_knowledge"]
    return out.reset_index()[
        [
            "unit",
            "offered",
            "answered",
            "abandoned",
            "answer_rate",
            "service_level",
            "asa_seconds",
            "abandon_rate",
            "aht_seconds",
            "no_repeat_24h_rate",
            "resolution_rate",
            "knowledge_use_rate",
        ]
    ]
