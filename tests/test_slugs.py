from hypothesis import given
from hypothesis import strategies as st
from pelican.plugins.strom.slugs import github_slug, slug_from_path


def test_umlauts_and_sharp_s_are_kept():
    assert github_slug("über-streams") == "über-streams"
    assert github_slug("Über Größe & Maß") == "über-größe--maß"


def test_file_names_as_astro_slugs_them():
    assert slug_from_path("Hello_World.v2.md") == "hello_worldv2"
    assert (
        slug_from_path("kafka-streaming-immer-populaerer.md") == "kafka-streaming-immer-populaerer"
    )
    assert slug_from_path("2024/Über Streams/index.md") == "2024/über-streams"
    assert slug_from_path("Was ist Kafka?.md") == "was-ist-kafka"


@given(st.text())
def test_slugging_twice_changes_nothing(text):
    once = github_slug(text)
    assert github_slug(once) == once


@given(st.text())
def test_slugs_hold_no_spaces_or_url_punctuation(text):
    slug = github_slug(text)
    assert not set(slug) & set(" /?#&%.:")
