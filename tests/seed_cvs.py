"""The seed CVs in tests/data/cvs/ and their owners' names, for the scoring tests."""

from pathlib import Path

CV_DIR = Path(__file__).parent / "data" / "cvs"

# file stem -> the CV owner's name as they would type it
SEED_CVS = {
    "chonlam_lao": "ChonLam Lao",
    "hao_wang": "Hao Wang",
    "maximilian_lam": "Maximilian Lam",
    "chaoyang_he": "Chaoyang He",
}


def cv_path(stem: str) -> Path:
    return CV_DIR / f"{stem}.txt"


def cv_text(stem: str) -> str:
    return cv_path(stem).read_text(encoding="utf-8")


ICNP_TITLE = "Efficient Data-Plane Memory Scheduling for In-Network Aggregation"


def build_small_seed_record():
    """The seed record's shape without the whole demo data (much faster): ChonLam Lao,
    author 3 of the ICNP work after Hao Wang and Yuxuan Qin; Harvard with harvard.edu."""
    from profiles.models import Institution, InstitutionDomain
    from tests.factories import AuthorRecordFactory, AuthorshipFactory

    harvard = Institution.objects.create(name="Harvard University")
    InstitutionDomain.objects.create(institution=harvard, domain="harvard.edu")
    record = AuthorRecordFactory(display_name="ChonLam Lao", slug="small-lao")
    first = AuthorshipFactory(
        author=None, raw_name="Hao Wang", position=1, work__title=ICNP_TITLE, work__year=2022
    )
    AuthorshipFactory(work=first.work, author=None, raw_name="Yuxuan Qin", position=2)
    AuthorshipFactory(work=first.work, author=record, raw_name="ChonLam Lao", position=3)
    return record
