"""One typed settings tree: defaults < kabar.toml < KABAR_* environment < command-line options."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from kabar.errors import SettingsError

CONFIG_ENV = "KABAR_CONFIG"  # path of a settings file; default ./kabar.toml when it exists


class IngestSettings(BaseModel):
    """How inputs are read."""

    max_bytes: int = Field(
        10_000_000,
        gt=0,
        description="largest single document or line, in bytes; larger is rejected",
    )
    outlet: str | None = Field(None, description="outlet for inputs that name none")
    published: str | None = Field(
        None,
        description="publication time for inputs that give none (ISO 8601 or an Indonesian form)",
    )
    timezone: str = Field("Asia/Jakarta", description="zone for dates printed without one")
    csv_map: dict[str, str] = Field(
        default_factory=dict, description="kabar field -> CSV column, e.g. {title = 'judul'}"
    )
    fetch_timeout: float = Field(20.0, gt=0, description="seconds to wait for a feed URL")
    workers: int = Field(
        0, ge=0, description="processes that clean articles (0: one per core; 1: no pool)"
    )


class ClusterSettings(BaseModel):
    """How articles are grouped into stories."""

    method: str = Field("learned", description="clusterer: learned or tfidf-online")
    threshold: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="least score to join a story (null: the method's own, tuned on dev data)",
    )
    model: Path | None = Field(None, description="learned model file (null: the shipped one)")
    window_hours: float = Field(
        72.0, gt=0, description="a story takes new articles this long after its last article"
    )
    max_features: int = Field(
        2**18, gt=0, description="hash space of the vectors (the shipped IDF prior is for 2**18)"
    )


class DedupeSettings(BaseModel):
    """How copies of an article (wire re-posts, updated versions) are found."""

    near: bool = Field(True, description="also find edited copies (MinHash), not only exact ones")
    threshold: float = Field(
        0.45, gt=0.0, le=1.0, description="least estimated word 5-gram Jaccard for a copy"
    )
    window_hours: float = Field(168.0, gt=0, description="copies are looked for this far back")


class AnalyzeSettings(BaseModel):
    """What kabar reads out of each article: entities, quotes, quantities and dates."""

    at_ingest: bool = Field(
        True, description="analyse every new article at ingest and store it (kabar story shows it)"
    )


class ReportSettings(BaseModel):
    """The static HTML report."""

    path: Path = Field(Path("kabar-report.html"), description="where `kabar report` writes")
    min_articles: int = Field(1, ge=1, description="stories with fewer articles are left out")


class Settings(BaseSettings):
    """Every setting kabar reads. Saved with every ingest run so results can be reproduced."""

    model_config = SettingsConfigDict(
        env_prefix="KABAR_", env_nested_delimiter="__", extra="forbid", toml_file="kabar.toml"
    )

    db: Path = Field(Path("kabar.db"), description="SQLite store path")
    benchmarks: Path = Field(
        Path("../shared/benchmarks"), description="evaluation data folder (never shipped)"
    )
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    dedupe: DedupeSettings = Field(default_factory=DedupeSettings)
    cluster: ClusterSettings = Field(default_factory=ClusterSettings)
    analyze: AnalyzeSettings = Field(default_factory=AnalyzeSettings)
    report: ReportSettings = Field(default_factory=ReportSettings)

    @field_validator("db", "benchmarks", mode="before")
    @classmethod
    def _expand(cls, value: Any) -> Any:
        return Path(os.path.expanduser(value)) if isinstance(value, str) else value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = Path(os.environ.get(CONFIG_ENV, "kabar.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_path))

    def to_json(self) -> str:
        """The settings as JSON, stored beside every run."""
        return json.dumps(self.model_dump(mode="json"), sort_keys=True)


def load_settings(**overrides: Any) -> Settings:
    """Settings from all sources; `overrides` (CLI options) win; None means 'not given'."""
    given = {key: value for key, value in overrides.items() if value is not None}
    config = os.environ.get(CONFIG_ENV)
    if config and not Path(config).is_file():
        raise SettingsError(f"{CONFIG_ENV}={config!r}: no such settings file")
    try:
        return Settings(**given)
    except ValidationError as error:
        raise SettingsError(f"bad setting: {error}") from error


def describe_settings() -> list[tuple[str, str, str]]:
    """(name, default, description) for every setting, for the README and `kabar settings`."""
    rows: list[tuple[str, str, str]] = []

    def walk(model: type[BaseModel], prefix: str) -> None:
        for name, field in model.model_fields.items():
            annotation = field.annotation
            if isinstance(annotation, type) and issubclass(annotation, BaseModel):
                walk(annotation, f"{prefix}{name}.")
                continue
            default = field.get_default(call_default_factory=True)
            rows.append(
                (f"{prefix}{name}", json.dumps(default, default=str), field.description or "")
            )

    walk(Settings, "")
    return rows
