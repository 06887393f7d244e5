"""The installation's configuration file (``linja.yaml``): targets, queues, caller key.

Found at ``--config FILE``, else ``$LINJA_CONFIG``, else ``./linja.yaml``; without one
the Helse Vest defaults apply. The format is documented in docs/configuration.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from linja.engine.targets import DEFAULT_SL_SECONDS, HELSE_VEST, ServiceTargets, Targets
from linja.errors import LinjaError, reason
from linja.importers import ImportSettings
from linja.yamlfile import load_model

CALLER_KEY_ENV = "LINJA_CALLER_KEY"
CONFIG_ENV = "LINJA_CONFIG"
DEFAULT_CONFIG = Path("linja.yaml")

Rate = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
Seconds = Annotated[float, Field(gt=0, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TargetsModel(_Strict):
    answer_rate: Rate | None = None
    service_level: Rate | None = None
    asa_seconds: Seconds | None = None
    no_repeat_24h_rate: Rate | None = None
    abandon_rate: Rate | None = None
    aht_seconds: Seconds | None = None
    resolution_rate: Rate | None = None
    knowledge_use_rate: Rate | None = None


class QueueModel(_Strict):
    unit: str | None = None
    sl_seconds: Seconds | None = None


class UnitModel(_Strict):
    sl_seconds: Seconds | None = None
    targets: TargetsModel = TargetsModel()
    queues: dict[str, QueueModel] = {}


class PseudonymisationModel(_Strict):
    caller_key_file: str | None = None
    caller_key_env: str = CALLER_KEY_ENV


class ConfigModel(_Strict):
    sl_seconds: Seconds = DEFAULT_SL_SECONDS
    targets: TargetsModel = TargetsModel()
    units: dict[str, UnitModel] = {}
    queues: dict[str, QueueModel] = {}
    pseudonymisation: PseudonymisationModel = PseudonymisationModel()


@dataclass(frozen=True)
class Settings:
    targets: ServiceTargets = field(default_factory=ServiceTargets)
    imports: ImportSettings = field(default_factory=ImportSettings)
    source: str | None = None


def _merge(base: Targets, given: TargetsModel) -> Targets:
    values = {k: v for k, v in given.model_dump().items() if v is not None}
    return Targets(**{**base.__dict__, **values})


def _caller_key(model: PseudonymisationModel, source: str) -> bytes | None:
    if model.caller_key_file:
        path = Path(model.caller_key_file)
        try:
            key = path.read_bytes().strip()
        except OSError as exc:
            where = f"{source}, key pseudonymisation.caller_key_file"
            raise LinjaError(f"{where}: cannot read {path}: {reason(exc)}") from exc
        where = f"{path} (pseudonymisation.caller_key_file in {source})"
    else:
        value = os.environ.get(model.caller_key_env)
        if value is None:
            return None
        key = value.strip().encode("utf-8")
        where = f"environment variable {model.caller_key_env}"
    if len(key) < 16:
        raise LinjaError(f"{where}: the caller key has {len(key)} bytes; expected at least 16")
    return key


def settings_from(model: ConfigModel, source: str) -> Settings:
    default = _merge(HELSE_VEST, model.targets)
    queue_units = {q: m.unit for q, m in model.queues.items() if m.unit}
    queue_sl = {q: m.sl_seconds for q, m in model.queues.items() if m.sl_seconds}
    unit_queue_sl: dict[tuple[str, str], float] = {}
    for unit, unit_model in model.units.items():
        for queue, queue_model in unit_model.queues.items():
            queue_units.setdefault(queue, unit)
            if queue_model.sl_seconds:
                unit_queue_sl[(unit, queue)] = queue_model.sl_seconds
    targets = ServiceTargets(
        default=default,
        units={u: _merge(default, m.targets) for u, m in model.units.items()},
        sl_seconds=model.sl_seconds,
        unit_sl_seconds={u: m.sl_seconds for u, m in model.units.items() if m.sl_seconds},
        queue_sl_seconds=queue_sl,
        unit_queue_sl_seconds=unit_queue_sl,
    )
    imports = ImportSettings(
        caller_key=_caller_key(model.pseudonymisation, source), queue_units=queue_units
    )
    return Settings(targets=targets, imports=imports, source=source)


def load_settings(path: Path | None = None) -> Settings:
    """Settings from ``path``, ``$LINJA_CONFIG`` or ./linja.yaml; defaults without a file."""
    if path is None:
        env = os.environ.get(CONFIG_ENV)
        if env:
            path = Path(env)
        elif DEFAULT_CONFIG.exists():
            path = DEFAULT_CONFIG
    if path is None:
        return settings_from(ConfigModel(), "defaults")
    return settings_from(load_model(path, ConfigModel), str(path))
