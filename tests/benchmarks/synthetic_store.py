"""A large content store in the real schema, written as YAML and cached between runs.

Every string comes from the bundled article (content/): department N is bundled department
N mod 12 with its number added to its name and id, and each solution joins one bundled
solution with a clause of another, so texts are distinct (the search index analyses each
distinct text once) but read like the real thing. Themes, store.yaml and themes.yaml are
the bundled ones.

Jump keys are optional: the first departments take the one-character keys printable ASCII
leaves free (digits and letters not reserved, `tui.keys`), the rest go without one, as a
large store would (they are reached by the list, search, the palette and `:`).
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import string
import tempfile
from pathlib import Path

import yaml

from tui.keys import RESERVED_KEYS
from tui.model import Department, Lang, Localized, Solution, Store
from tui.store import default_content_dir, load_store

GENERATOR_VERSION = 2
"""Bump when the output changes, so cached stores are regenerated."""

CACHE_DIR = Path(__file__).resolve().parents[2] / ".bench-cache"
"""Generated stores live here (gitignored), one folder per size and content version."""

SOLUTIONS_PER_DEPARTMENT = 20

_ASCII_KEYS = [c for c in string.digits + string.ascii_letters if c not in RESERVED_KEYS]
_CLAUSE = re.compile(r"(?<=[،,؛;.])\s+")


def department_keys(count: int) -> list[str | None]:
    """Jump keys for `count` departments: digits and ASCII letters, then none."""
    keys: list[str | None] = list(_ASCII_KEYS[:count])
    return keys + [None] * (count - len(keys))


def department_number(index: int) -> str:
    """The number that makes department `index` (0-based) unique in names and ids."""
    return f"{index + 1:04d}"


def _clauses(text: str) -> list[str]:
    """A text cut after its commas, semicolons and full stops (at least the whole text)."""
    return [part for part in _CLAUSE.split(text.strip()) if part] or [text]


def _solutions(pool: list[Solution], rng: random.Random, count: int) -> list[dict[str, object]]:
    """`count` solutions, each a bundled solution followed by a clause of another one."""
    out: list[dict[str, object]] = []
    for _ in range(count):
        first, second = rng.choice(pool), rng.choice(pool)
        ar = f"{first.text.ar} {rng.choice(_clauses(second.text.ar))}"
        en = f"{first.text.en} {rng.choice(_clauses(second.text.en))}"
        themes = list(dict.fromkeys([*first.themes, *second.themes[:1]]))
        out.append({"text": {"ar": ar, "en": en}, "themes": themes})
    return out


def _localized(text: Localized, suffix: str = "") -> dict[str, str]:
    return {"ar": f"{text.ar}{suffix}", "en": f"{text.en}{suffix}"}


def _department_yaml(
    base: Department, index: int, key: str | None, solutions: list[dict[str, object]]
) -> dict[str, object]:
    number = department_number(index)
    data: dict[str, object] = {"id": f"{base.id}-{number}"}
    if key is not None:
        data["key"] = key
    data |= {
        "order": index + 1,
        "name": _localized(base.name, f" {number}"),
        "speaker": {"name": _localized(base.speaker.name), "role": _localized(base.speaker.role)},
        "headline": _localized(base.headline),
    }
    if base.intro:
        data["intro"] = _localized(base.intro)
    data["solutions"] = solutions
    return data


def department_name(bundled: Store, index: int, lang: Lang = "en") -> str:
    """The name the generator gives department `index` (0-based), from the bundled store."""
    base = bundled.departments[index % len(bundled.departments)]
    return f"{base.name.get(lang)} {department_number(index)}"


def write_store(target: Path, departments: int, seed: int = 2025) -> None:
    """Write a store of `departments` departments x 20 solutions into `target` (created)."""
    source = default_content_dir()
    bundled = load_store(source)
    pool = [s for d in bundled.departments for s in d.solutions]
    rng = random.Random(seed)
    keys = department_keys(departments)
    (target / "departments").mkdir(parents=True)
    shutil.copyfile(source / "store.yaml", target / "store.yaml")
    shutil.copyfile(source / "themes.yaml", target / "themes.yaml")
    width = max(4, len(str(departments)))
    for index in range(departments):
        base = bundled.departments[index % len(bundled.departments)]
        data = _department_yaml(
            base, index, keys[index], _solutions(pool, rng, SOLUTIONS_PER_DEPARTMENT)
        )
        name = f"{index + 1:0{width}d}-{data['id']}.yaml"
        with open(target / "departments" / name, "w", encoding="utf-8") as stream:
            yaml.dump(
                data,
                stream,
                Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
                allow_unicode=True,
                sort_keys=False,
                width=1 << 20,
            )


def _content_digest() -> str:
    """A short hash of the bundled content and the reserved keys, so a change to either
    regenerates the cache."""
    digest = hashlib.sha256(str(GENERATOR_VERSION).encode())
    digest.update("".join(sorted(RESERVED_KEYS)).encode())  # the keys it may not use
    root = default_content_dir()
    for path in sorted(root.rglob("*.yaml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def large_store(departments: int = 1000, cache: Path = CACHE_DIR) -> Path:
    """The folder of a generated store of `departments` departments, made once and cached."""
    folder = cache / f"store-{departments}x{SOLUTIONS_PER_DEPARTMENT}-{_content_digest()}"
    if (folder / "departments").is_dir():
        return folder
    cache.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="store-", dir=cache))
    try:
        write_store(scratch / "store", departments)
        os.replace(scratch / "store", folder)
    except OSError:
        if not (folder / "departments").is_dir():  # not merely a concurrent run winning
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder
