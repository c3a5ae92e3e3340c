"""AwsSession lifecycle: a closed (stopped) session makes no further API calls."""

from __future__ import annotations

import pytest

from providers.aws.session import AwsSession, SessionClosed, translate_error


def test_closing_stops_in_flight_workers_at_their_next_request(aws_session: AwsSession) -> None:
    kms = aws_session.client("kms", "us-east-1")
    assert kms.list_keys()["Keys"] == []
    aws_session.close()
    with pytest.raises(SessionClosed):
        kms.list_keys()
    with pytest.raises(SessionClosed):
        aws_session.map(lambda x: x, [1, 2])
    error = translate_error(SessionClosed(), scope="us-east-1", resource="KmsKey")
    assert (error.cause, error.hint) == ("Interrupted", "The scan was stopped before this was read")
    aws_session.close()  # idempotent
