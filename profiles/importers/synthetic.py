"""Synthetic OpenAlex records for building a large database: institutions, topics, authors
and works in the documented OpenAlex shape (the importer's own parser reads them), in any
number, the same for the same seed.

The distributions follow real bibliographic data where it matters for speed and search:
- works per author are long-tailed (most researchers have a few works, some have hundreds,
  none more than about half of `HEAVY_AUTHOR_WORKS`, and one has `HEAVY_AUTHOR_WORKS`);
- each work has 2 to 15 authors, printed as the author's name or initials;
- a few common names are shared by thousands of authors ("Hao Wang"), with accents and
  hyphens in others ("Chón-Lam Lao", "José Müller");
- each author has an affiliation and topics from a fixed pool.
"""

from __future__ import annotations

import bisect
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

OPENALEX = "https://openalex.org/"
HEAVY_AUTHOR_WORKS = 2000
PARETO_ALPHA = 1.2  # works per author: Pareto, mean alpha / (alpha - 1)
PARETO_MEAN = PARETO_ALPHA / (PARETO_ALPHA - 1)
MEAN_AUTHORS = 8.5  # 2 to 15 authors per work
# Names that many authors share (about COMMON_NAME_SHARE of all authors).
COMMON_NAMES = ("Hao Wang", "Wei Zhang", "Li Chen", "Jun Li", "Maria Garcia", "David Smith")
COMMON_NAME_SHARE = 0.02
GIVEN = (
    "Ada", "Alan", "Ana", "Chón-Lam", "Chen", "Dmitri", "Élodie", "Fatima", "Grace", "Hiroshi",
    "Ingrid", "José", "Kai", "Lars", "Mei", "Nadia", "Olu", "Priya", "Quentin", "Rosa", "Søren",
    "Tomás", "Uma", "Viktor", "Wen", "Xiao", "Yiming", "Zoë",
)  # fmt: skip
FAMILY = (
    "Andersson", "Björk", "Costa", "Dubois", "Esposito", "Fischer", "González", "Horváth",
    "Ivanova", "Jensen", "Kowalski", "Lao", "Müller", "Nakamura", "O'Brien", "Petrov", "Qin",
    "Rossi", "Silva", "Tanaka", "Umarov", "Virtanen", "Wang", "Xu", "Yilmaz", "Zhou",
)  # fmt: skip
WORDS = (
    "adaptive", "aggregation", "analysis", "bayesian", "caching", "congestion", "data-plane",
    "deep", "distributed", "efficient", "federated", "graph", "inference", "learning", "memory",
    "network", "optimal", "protein", "quantum", "robust", "scheduling", "sparse", "switch",
    "telemetry", "training", "transformer", "wireless",
)  # fmt: skip
VENUES = ("NSDI", "SIGCOMM", "ICNP", "NeurIPS", "ICML", "Nature", "PLOS ONE", "arXiv")


@dataclass(frozen=True)
class Scale:
    authors: int
    works: int
    institutions: int = 0  # 0: one per 200 authors, at least 5
    topics: int = 0  # 0: one per 400 authors, at least 10

    @property
    def institution_count(self) -> int:
        return self.institutions or max(5, self.authors // 200)

    @property
    def topic_count(self) -> int:
        return self.topics or max(10, self.authors // 400)

    @property
    def total(self) -> int:
        return self.institution_count + self.topic_count + self.authors + self.works


def _institution(i: int) -> dict[str, Any]:
    return {
        "id": f"{OPENALEX}I{900000 + i}",
        "display_name": f"University of {FAMILY[i % len(FAMILY)]} {i}",
        "country_code": ("US", "CN", "DE", "FR", "JP", "BR")[i % 6],
        "homepage_url": f"https://www.univ{i}.edu/",
        "type": "education",
    }


def _topic(i: int) -> dict[str, Any]:
    a, b = WORDS[i % len(WORDS)], WORDS[(i * 7 + 3) % len(WORDS)]
    return {"id": f"{OPENALEX}T{800000 + i}", "display_name": f"{a} {b} systems {i}"}


def _name(rng: random.Random) -> str:
    if rng.random() < COMMON_NAME_SHARE:
        return rng.choice(COMMON_NAMES)
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _printed(name: str, rng: random.Random) -> str:
    """How a work prints the author: mostly the full name, sometimes initials."""
    if rng.random() < 0.2 and " " in name:
        given, family = name.rsplit(" ", 1)
        return f"{given[0]}. {family}"
    return name


class Generator:
    """The records of one synthetic snapshot, in import order: institutions, topics,
    authors, then works (each work names authors already written)."""

    def __init__(self, scale: Scale, seed: int = 1, id_offset: int = 0):
        self.scale = scale
        self.offset = id_offset
        self.rng = random.Random(seed)
        self.names: list[str] = []
        self.affiliation: list[int] = []
        self.topics: list[int] = []
        self._cum: list[float] = []

    def records(self) -> Iterator[dict[str, Any]]:
        for i in range(self.scale.institution_count):
            yield _institution(self.offset + i)
        for i in range(self.scale.topic_count):
            yield _topic(self.offset + i)
        yield from self._authors()
        yield from self._works()

    def _authors(self) -> Iterator[dict[str, Any]]:
        rng, total = self.rng, 0.0
        for i in range(self.scale.authors):
            name = _name(rng)
            inst = self.offset + rng.randrange(self.scale.institution_count)
            topic = self.offset + rng.randrange(self.scale.topic_count)
            self.names.append(name)
            self.affiliation.append(inst)
            self.topics.append(topic)
            # Long-tailed productivity, capped (an uncapped Pareto tail hands one author a
            # few per cent of every work); author 0 is the heavy one.
            weight = rng.paretovariate(PARETO_ALPHA)
            total += self._heavy_weight() if i == 0 else min(weight, self._cap_weight())
            self._cum.append(total)
            yield {
                "id": f"{OPENALEX}A{100000000 + self.offset + i}",
                "display_name": name,
                "last_known_institutions": [_institution(inst)],
                "topics": [_topic(topic)],
            }

    def _weight_for(self, works: int, mean: float = 0.0) -> float:
        """The weight that gets an author about `works` works, when the others' weights
        average `mean` (the capped mean, unless given)."""
        slots = self.scale.works * MEAN_AUTHORS
        others = (mean or self._mean_weight()) * max(1, self.scale.authors - 1)
        return works * others / max(1.0, slots - works)

    def _mean_weight(self) -> float:
        """The mean of the capped weights: E[min(X, c)] for a Pareto X is
        (alpha - c^(1 - alpha)) / (alpha - 1); the cap depends on the mean, so iterate."""
        if not hasattr(self, "_mean"):
            mean = PARETO_MEAN
            for _ in range(20):
                cap = max(1.0, self._weight_for(self._heavy_target() // 2, mean))
                mean = (PARETO_ALPHA - cap ** (1 - PARETO_ALPHA)) / (PARETO_ALPHA - 1)
            self._mean = mean
        return self._mean

    def _heavy_target(self) -> int:
        return min(HEAVY_AUTHOR_WORKS, self.scale.works // 20)

    def _heavy_weight(self) -> float:
        """Author 0's weight, so that they get about HEAVY_AUTHOR_WORKS works (fewer in a
        small snapshot: a twentieth of the works at most)."""
        return self._weight_for(self._heavy_target())

    def _cap_weight(self) -> float:
        """No one else gets more than about half the heavy author's works."""
        if not hasattr(self, "_cap"):
            self._cap = max(1.0, self._weight_for(self._heavy_target() // 2))
        return self._cap

    def _pick_author(self) -> int:
        point = self.rng.random() * self._cum[-1]
        return min(bisect.bisect_left(self._cum, point), len(self._cum) - 1)

    def _pick_authors(self, count: int) -> list[int]:
        """`count` different authors, the productive ones more often (a bounded number of
        draws, then the next authors in line)."""
        chosen: dict[int, None] = {}
        for _ in range(count * 8):
            chosen.setdefault(self._pick_author())
            if len(chosen) == count:
                return list(chosen)
        start = self.rng.randrange(self.scale.authors)
        for step in range(self.scale.authors):
            chosen.setdefault((start + step) % self.scale.authors)
            if len(chosen) == count:
                break
        return list(chosen)

    def _works(self) -> Iterator[dict[str, Any]]:
        rng = self.rng
        for i in range(self.scale.works):
            count = min(self.scale.authors, rng.randint(2, 15))
            chosen = self._pick_authors(count)
            words = rng.sample(WORDS, 6)
            yield {
                "id": f"{OPENALEX}W{300000000 + self.offset + i}",
                "title": f"{' '.join(words).capitalize()} {self.offset + i}",
                "publication_year": 1990 + (i % 36),
                "type": "article",
                "doi": f"https://doi.org/10.5555/synthetic.{self.offset + i}",
                "primary_location": {"source": {"display_name": rng.choice(VENUES)}},
                "abstract_inverted_index": {w: [k] for k, w in enumerate(words)},
                "topics": [_topic(self.topics[chosen[0]])],
                "authorships": [self._authorship(a) for a in chosen],
            }

    def _authorship(self, author: int) -> dict[str, Any]:
        return {
            "author": {
                "id": f"{OPENALEX}A{100000000 + self.offset + author}",
                "display_name": self.names[author],
            },
            "raw_author_name": _printed(self.names[author], self.rng),
            "institutions": [_institution(self.affiliation[author])],
        }
