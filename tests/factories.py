"""factory_boy factories for the models tests build most often."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from profiles.models import AuthorRecord, Authorship, Work


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """`UserFactory(verified=True)` also stores a verified primary email (allauth)."""
        if create:
            self.save()
        if create and extracted:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class AuthorRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorRecord

    display_name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"researcher-{n}")
    headline = ""


class WorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Work

    title = factory.Sequence(lambda n: f"A study of thing number {n}")
    year = 2024
    venue = "Test Venue"
    abstract = "An abstract."


class AuthorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorship

    work = factory.SubFactory(WorkFactory)
    position = 1
    raw_name = factory.LazyAttribute(lambda o: o.author.display_name if o.author else "Someone")
    author = factory.SubFactory(AuthorRecordFactory)
