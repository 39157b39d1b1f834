"""The gotcha catalogue and its vocabulary: valid, complete and well linked."""

import json
from pathlib import Path

import pytest

from aws_messaging_mcp.gotchas import catalogue
from aws_messaging_mcp.gotchas.vocabulary import VocabularyFile, raw_tokens
from aws_messaging_mcp.knowledge import SERVICE_IDS, canonical_json
from aws_messaging_mcp.knowledge.gotcha_models import Gotcha
from conftest import ROOT

PACKAGE = ROOT / "server" / "aws_messaging_mcp"
GOTCHA_FILES = sorted((PACKAGE / "knowledge" / "data" / "gotchas").glob("*.json"))
VOCABULARY = PACKAGE / "gotchas" / "vocabulary.json"

# The six integration gotchas of the upstream skill, some split in two here.
UPSTREAM_IDS = {
    "sqs-system-vs-user-message-attributes",
    "sns-firehose-s3-double-newline",
    "eventbridge-target-dlq-needs-queue-policy",
    "sns-subscription-dlq-needs-queue-policy",
    "sqs-production-defaults-long-poll-cmk",
    "msk-scram-secret-prefix-and-cmk",
    "broker-credentials-in-secrets-manager",
    "service-principal-policies-confused-deputy",
    "s3-notification-needs-sourcearn-and-sourceaccount",
}


def test_catalogue_holds_at_least_48_gotchas_including_the_upstream_six() -> None:
    entries = catalogue.gotchas()
    assert len(entries) >= 48
    assert set(entries) >= UPSTREAM_IDS


@pytest.mark.parametrize("path", GOTCHA_FILES, ids=lambda path: path.stem)
def test_gotcha_file_validates_and_is_named_by_its_id(path: Path) -> None:
    gotcha = Gotcha.model_validate_json(path.read_text(encoding="utf-8"))
    assert gotcha.id == path.stem


@pytest.mark.parametrize("gotcha", catalogue.gotchas().values(), ids=str)
def test_every_gotcha_is_complete_enough_to_act_on(gotcha: Gotcha) -> None:
    assert len(gotcha.symptoms) >= 3
    assert len(gotcha.fix) >= 2
    assert len(gotcha.cause) >= 150
    assert all(source.url.startswith("https://") for source in gotcha.sources)
    assert len({source.url for source in gotcha.sources}) == len(gotcha.sources)


@pytest.mark.parametrize("gotcha", catalogue.gotchas().values(), ids=str)
def test_related_gotchas_exist_and_are_not_the_gotcha_itself(gotcha: Gotcha) -> None:
    assert set(gotcha.related) <= set(catalogue.gotchas())
    assert gotcha.id not in gotcha.related


@pytest.mark.parametrize("gotcha", catalogue.gotchas().values(), ids=str)
def test_json_snippets_parse(gotcha: Gotcha) -> None:
    for snippet in gotcha.snippets:
        if snippet.kind in ("policy-json", "json"):
            json.loads(snippet.code)


def test_titles_are_unique() -> None:
    titles = [gotcha.title for gotcha in catalogue.gotchas().values()]
    assert len(titles) == len(set(titles))


@pytest.mark.parametrize("service_id", SERVICE_IDS)
def test_every_service_has_at_least_one_gotcha(service_id: str) -> None:
    assert any(service_id in gotcha.services for gotcha in catalogue.gotchas().values())


def test_vocabulary_file_is_valid_and_canonical() -> None:
    text = VOCABULARY.read_text(encoding="utf-8")
    assert text == canonical_json(json.loads(text))
    vocabulary = VocabularyFile.model_validate_json(text)
    concepts = [group.concept for group in vocabulary.synonyms]
    assert len(concepts) == len(set(concepts))


def test_no_synonym_phrase_belongs_to_two_concepts() -> None:
    vocabulary = VocabularyFile.model_validate_json(VOCABULARY.read_text("utf-8"))
    owners: dict[tuple[str, ...], str] = {}
    for group in vocabulary.synonyms:
        for phrase in group.phrases:
            terms = tuple(token.term for token in raw_tokens(phrase))
            assert owners.setdefault(terms, group.concept) == group.concept, phrase
